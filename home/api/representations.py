"""How shared objects look in the API: images with renditions, documents, people and
links to pages, each in the language of the page that shows them and only when public."""

import logging

from wagtail.api.utils import get_full_url
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page

from home import visibility
from home.visibility import restricted_collection_ids

logger = logging.getLogger(__name__)

# The sizes in which images are offered (longest side never upscaled).
RENDITIONS = {
    "small": "width-480",
    "medium": "width-960",
    "large": "width-1600",
}


def full_url(context, path):
    """An absolute URL for a path, from WAGTAILAPI_BASE_URL or the request's site."""
    if not path:
        return path
    return get_full_url(context.get("request"), path)


def page_url(page, context):
    return page.get_full_url(request=context.get("request"))


def public(queryset):
    """Live pages without view restrictions (on them or an ancestor)."""
    return visibility.public(queryset.live())


def visible_page_ids(pks):
    """The subset of page ids that are live and public."""
    pks = [pk for pk in pks if pk is not None]
    if not pks:
        return set()
    return set(public(Page.objects.filter(pk__in=pks)).values_list("pk", flat=True))


def localized_pages(pages, locale_id):
    """The live, public version of each page in the given locale; the page itself where
    no such translation exists (links are kept to the German source pages), and nothing
    for pages that are neither live nor public. Two queries for the whole list."""
    pages = [page for page in pages if page is not None]
    if not pages:
        return []
    keys = [p.translation_key for p in pages]
    translations = {
        page.translation_key: page
        for page in public(Page.objects.filter(translation_key__in=keys, locale_id=locale_id))
    }
    visible = visible_page_ids([p.pk for p in pages])
    result, seen = [], set()
    for page in pages:
        shown = translations.get(page.translation_key)
        if shown is None and page.pk in visible:
            shown = page
        if shown is not None and shown.pk not in seen:
            seen.add(shown.pk)
            result.append(shown)
    return result


def localized_object(obj, locale_id):
    """A translatable snippet or child object in the given locale, if translated."""
    if obj is None or getattr(obj, "locale_id", locale_id) == locale_id:
        return obj
    translated = (
        type(obj)
        ._default_manager.filter(translation_key=obj.translation_key, locale_id=locale_id)
        .first()
    )
    return translated or obj


def page_reference(page, context):
    return {"id": page.pk, "title": page.title, "url": page_url(page, context)}


def image_representation(image, context, alt=None, decorative=False):
    """{"id", "alt", "decorative", "width", "height", "renditions": {size: {"url", "width",
    "height"}}}: renditions are made once and kept (Wagtail stores them)."""
    if image is None:
        return None
    if alt is None:
        alt = image.default_alt_text or ""
    renditions = {}
    try:
        made = image.get_renditions(*RENDITIONS.values())
    except (SourceImageIOError, OSError):
        logger.warning("Image %s: its file is missing, no renditions in the API.", image.pk)
        made = {}
    for size, spec in RENDITIONS.items():
        rendition = made.get(spec)
        if rendition is not None:
            renditions[size] = {
                "url": full_url(context, rendition.url),
                "width": rendition.width,
                "height": rendition.height,
            }
    return {
        "id": image.pk,
        "alt": "" if decorative else alt,
        "decorative": bool(decorative),
        "width": image.width,
        "height": image.height,
        "renditions": renditions,
    }


def document_representation(document, context, title=""):
    """A downloadable document, or None when it lies in a restricted collection."""
    if document is None or document.collection_id in restricted_collection_ids():
        return None
    return {
        "id": document.pk,
        "title": title or document.title,
        "url": full_url(context, document.url),
        "file_extension": document.file_extension.lower(),
        "file_size": document.file_size,
    }


def person_representation(person, locale_id, context):
    person = localized_object(person, locale_id)
    if person is None:
        return None
    return {
        "id": person.pk,
        "name": person.name,
        "role": person.role,
        "organisation": person.organisation,
        # Public contact details: the site shows them on every contact card.
        "email": person.email,
        "phone": person.phone,
        "photo": image_representation(person.photo, context) if person.photo_id else None,
    }
