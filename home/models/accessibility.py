"""The accessibility statement (Erklärung zur Barrierefreiheit): the editors' texts and
known limitations around the facts of the site's own checks (home/accessibility.py)."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home import accessibility
from home.api.declarations import DocumentedField
from home.api.schema import STREAM, STRING, array_of, enum_of, nullable, obj
from home.blocks import BaseStreamBlock

from .base import SitePage, intro_field


class ConformanceStatus(models.TextChoices):
    FULL = "full", _("vollständig konform")
    PARTIAL = "partial", _("teilweise konform")
    NONE = "none", _("nicht konform")


class LimitationBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Was ist nicht barrierefrei?"), max_length=200)
    description = blocks.TextBlock(
        label=_("Erläuterung"),
        max_length=1000,
        required=False,
        help_text=_("Warum, und welche Alternative es gibt."),
    )

    class Meta:
        icon = "warning"
        label = _("Bekannte Einschränkung")


LIMITATION_SCHEMA = obj(
    {
        "type": {"type": "string", "enum": ["limitation"]},
        "value": obj({"title": STRING, "description": STRING}, required=["title"]),
        "id": nullable(STRING),
    },
    required=["type", "value"],
)


class AccessibilityStatementPage(SitePage):
    """One per language, below its home page; linked from the footer of every page."""

    intro = intro_field()
    conformance_status = models.CharField(
        _("Stand der Konformität"),
        max_length=10,
        choices=ConformanceStatus.choices,
        default=ConformanceStatus.PARTIAL,
    )
    limitations = StreamField(
        [("limitation", LimitationBlock())],
        verbose_name=_("Bekannte Einschränkungen"),
        blank=True,
    )
    body = StreamField(
        BaseStreamBlock(),
        verbose_name=_("Weitere Angaben"),
        blank=True,
        help_text=_("Zum Beispiel die Schlichtungsstelle oder weitere Kontaktwege."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("conformance_status"),
        FieldPanel("limitations"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro", boost=1.5),
        index.SearchField("limitations"),
        index.SearchField("body"),
    ]
    api_description = (
        "The accessibility statement: conformance status, known limitations and further "
        "texts. The facts of the site's own checks are on the HTML page."
    )
    api_fields = [
        DocumentedField("intro", STRING),
        DocumentedField("conformance_status", enum_of(ConformanceStatus)),
        DocumentedField("limitations", array_of(LIMITATION_SCHEMA)),
        DocumentedField("body", STREAM),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    # Below each language's home page: one per language.
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Erklärung zur Barrierefreiheit")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        check = accessibility.last_check()
        context["check"] = check
        context["languages"] = [
            str(translation.get_language_info(code)["name_translated"])
            for code in (check.languages if check else ())
        ]
        context["axe_tags"] = accessibility.AXE_TAGS
        context["keyboard_paths"] = list(accessibility.KEYBOARD_PATHS.values())
        return context
