"""The StreamField block library that every page type of the site uses."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StreamBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from home.api.representations import document_representation, image_representation
from home.visibility import is_public_document

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "superscript"]

HEADING_LEVELS = [
    ("h2", _("Überschrift 2")),
    ("h3", _("Überschrift 3")),
    ("h4", _("Überschrift 4")),
]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=HEADING_LEVELS,
        default="h2",
        label=_("Ebene"),
        help_text=_("Ebenen nicht überspringen: auf eine Überschrift 2 folgt 2 oder 3."),
    )

    class Meta:
        icon = "title"
        label = _("Zwischentitel")
        template = "components/blocks/heading.html"


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(
        label=_("Bild"),
        help_text=_(
            "Alternativtext beschreibt, was das Bild zeigt; leer nur bei dekorativen Bildern."
        ),
    )
    caption = blocks.CharBlock(label=_("Bildlegende"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Bild")
        template = "components/blocks/figure.html"

    def get_api_representation(self, value, context=None):
        image = value.get("image")
        data = image_representation(
            image,
            context or {},
            alt=getattr(image, "contextual_alt_text", None),
            decorative=getattr(image, "decorative", False),
        )
        return None if data is None else {**data, "caption": value.get("caption") or ""}


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Zitat"))
    attribution = blocks.CharBlock(label=_("Quelle"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Zitat")
        template = "components/blocks/quote.html"


class DataTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(
        label=_("Tabellentitel"),
        help_text=_("Beschreibt den Inhalt der Tabelle für Screenreader."),
        max_length=200,
    )
    table = TableBlock(label=_("Tabelle"), table_options={"startRows": 3, "startCols": 3})

    class Meta:
        icon = "table"
        label = _("Tabelle")
        template = "components/blocks/table.html"

    def get_api_representation(self, value, context=None):
        table = value.get("table") or {}
        return {
            "caption": value.get("caption") or "",
            "header_row": bool(table.get("first_row_is_table_header")),
            "header_column": bool(table.get("first_col_is_header")),
            "rows": [
                [None if cell is None else str(cell) for cell in row]
                for row in table.get("data") or []
            ],
        }


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Dokument"))
    title = blocks.CharBlock(
        label=_("Linktext"),
        required=False,
        max_length=200,
        help_text=_("Leer lassen, um den Titel des Dokuments zu verwenden."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Dokument")
        template = "components/blocks/document_link.html"

    # A document of a restricted collection: the block shows nothing, in the page, its
    # API (document_representation gives None) and its search text.
    def render(self, value, context=None):
        if not is_public_document(value.get("document")):
            return ""
        return super().render(value, context)

    def get_searchable_content(self, value):
        if not is_public_document(value.get("document")):
            return []
        return super().get_searchable_content(value)

    def get_api_representation(self, value, context=None):
        return document_representation(
            value.get("document"), context or {}, title=value.get("title") or ""
        )


class BaseStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Absatz"), features=RICH_TEXT_FEATURES, template="components/blocks/paragraph.html"
    )
    heading = HeadingBlock()
    image = FigureBlock()
    quote = QuoteBlock()
    table = DataTableBlock()
    document = DocumentLinkBlock()
    embed = EmbedBlock(
        label=_("Eingebettetes Medium"),
        help_text=_("Adresse eines Videos oder einer anderen einbettbaren Seite."),
        icon="media",
        template="components/blocks/embed.html",
    )

    def clean(self, value):
        value = super().clean(value)
        # Screen reader users navigate by heading level: a page starts at h1 (its title),
        # so the body may go down one level at a time but never skip one.
        previous_level = 1
        errors = {}
        for index, child in enumerate(value):
            if child.block_type != "heading":
                continue
            level = int(child.value["level"][1])
            if level > previous_level + 1:
                errors[index] = ValidationError(
                    _(
                        "Überschriftenebene übersprungen: nach Ebene %(previous)s folgt höchstens "
                        "Ebene %(allowed)s."
                    )
                    % {"previous": previous_level, "allowed": previous_level + 1}
                )
            previous_level = level
        if errors:
            raise StreamBlockValidationError(block_errors=errors)
        return value
