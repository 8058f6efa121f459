"""How shared objects look in the API: images with renditions, documents, people and
links to pages, each in the language of the page that shows them and only when public."""

import logging

from wagtail.api.utils import get_full_url
from wagtail.images.models import SourceImageIOError

from home.localization import localized_object
from home.visibility import is_public_document

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
    if not is_public_document(document):
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
