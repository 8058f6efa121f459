"""Pages and documents for the search tests, with words the demo content does not use."""

from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.models import Locale
from wagtail.rich_text import RichText

from home.models import StandardPage


def paragraphs(*texts):
    return [("paragraph", RichText(f"<p>{text}</p>")) for text in texts]


def make_standard_page(parent, title, intro="", body=(), live=True, **fields):
    page = StandardPage(
        title=title,
        slug=fields.pop("slug", slugify(title)[:50]),
        intro=intro,
        body=paragraphs(*body),
        live=live,
        **fields,
    )
    parent.add_child(instance=page)
    return page


def home_in(home_page, language_code):
    """The home page's translation in a locale, created and published if missing."""
    locale = Locale.objects.get(language_code=language_code)
    translation = home_page.get_translation_or_none(locale)
    if translation is None:
        translation = home_page.copy_for_translation(locale)
    if not translation.live:
        translation.save_revision().publish()
    return translation.specific


def make_document(title, content=b"%PDF-1.4 test", name="dokument.pdf"):
    document = get_document_model()(title=title)
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document
