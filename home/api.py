"""API serialization shared by every app: images as renditions, page references,
people, topics, documents, choice labels, and the JSON Schema pieces that describe them.

Each app's api.py declares the fields of its own page types (serializer fields here, the
JSON Schema beside them); vlgsite/api.py routes the endpoints and vlgsite/openapi.py
assembles the OpenAPI description from those declarations.

This module is imported by models while Django loads them: it must not import models or
wagtail.api.v2 at module level (those need a ready app registry).
"""

import logging

from django.utils import translation
from rest_framework.fields import Field

from home import visibility
from home.localization import localized_object, localized_pages
from home.visibility import restricted_collection_ids

logger = logging.getLogger(__name__)

# The sizes in which images are offered (longest side never upscaled).
RENDITIONS = {
    "small": "width-480",
    "medium": "width-960",
    "large": "width-1600",
}


class BadSelection(ValueError):
    """A ?fields=name(sub,fields) selection names sub-fields that a field does not have."""


# Helpers


def full_url(context, path):
    """An absolute URL for a path, from WAGTAILAPI_BASE_URL or the request's site."""
    from wagtail.api.utils import get_full_url

    if not path:
        return path
    return get_full_url(context.get("request"), path)


def page_url(page, context):
    return page.get_full_url(request=context.get("request"))


def select(data, selection):
    """Keep the selected keys of a representation (all of them without a selection)."""
    if not selection or data is None:
        return data
    return {key: value for key, value in data.items() if key in selection}


def page_reference(page, context):
    return {"id": page.pk, "title": page.title, "url": page_url(page, context)}


def image_representation(image, context, alt=None, decorative=False):
    """{"id", "alt", "decorative", "width", "height", "renditions": {size: {"url", "width",
    "height"}}}: renditions are made once and kept (Wagtail stores them)."""
    from wagtail.images.models import SourceImageIOError

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


# Serializer fields. Each takes `fields` (a ?fields=name(sub,fields) selection).


class APIValueField(Field):
    """A read-only field computed from the whole object (`source="*"`), whose value may
    be narrowed to some keys with a nested ?fields= selection."""

    #: Keys of one item; a selection may only name these.
    keys = ()

    def __init__(self, fields=None, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        self.selection = list(fields or ())
        super().__init__(**kwargs)

    @classmethod
    def check_selection(cls, names):
        unknown = [name for name in names if name not in cls.keys]
        if unknown:
            raise BadSelection(
                f"unknown nested fields: {', '.join(sorted(unknown))} "
                f"(known: {', '.join(cls.keys)})"
            )
        return names

    def to_representation(self, instance):
        value = self.represent(instance)
        if isinstance(value, list):
            return [select(item, self.selection) for item in value]
        return select(value, self.selection)

    def represent(self, instance):  # pragma: no cover - every subclass defines it
        raise NotImplementedError


class HtmlUrlField(Field):
    """A page's URL on the site; site root paths are looked up once per request."""

    def __init__(self, **kwargs):
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def to_representation(self, page):
        return page_url(page, self.context)


class ImageRenditionsField(APIValueField):
    """An image foreign key (lead image, photo) as an image with renditions."""

    keys = ("id", "alt", "decorative", "width", "height", "renditions")

    def __init__(self, attribute, **kwargs):
        self.attribute = attribute
        super().__init__(**kwargs)

    def represent(self, instance):
        if not getattr(instance, f"{self.attribute}_id"):
            return None
        return image_representation(getattr(instance, self.attribute), self.context)


class PageReferenceField(APIValueField):
    """A link to another page as {"id", "title", "url"}: in the linking page's language
    where a translation is published, null when the target is not public."""

    keys = ("id", "title", "url")

    def __init__(self, attribute, **kwargs):
        self.attribute = attribute
        super().__init__(**kwargs)

    def represent(self, instance):
        target = getattr(instance, self.attribute)
        shown = localized_pages([target], instance.locale_id)
        return page_reference(shown[0], self.context) if shown else None


class PageReferenceListField(PageReferenceField):
    """Links to other pages, from a method or many-to-many attribute."""

    def represent(self, instance):
        value = getattr(instance, self.attribute)
        pages = value() if callable(value) else value.all()
        return [
            page_reference(page, self.context)
            for page in localized_pages(list(pages), instance.locale_id)
        ]


class PersonField(APIValueField):
    """A contact person or author (public contact details, as on the site)."""

    keys = ("id", "name", "role", "organisation", "email", "phone", "photo")

    def __init__(self, attribute, **kwargs):
        self.attribute = attribute
        super().__init__(**kwargs)

    def represent(self, instance):
        if not getattr(instance, f"{self.attribute}_id"):
            return None
        return person_representation(
            getattr(instance, self.attribute), instance.locale_id, self.context
        )


class TopicsField(APIValueField):
    """Topics as [{"slug", "name"}], sorted by name."""

    keys = ("slug", "name")

    def represent(self, instance):
        from home.text import collation_key

        topics = sorted(instance.topics.all(), key=lambda t: collation_key(t.name))
        return [{"slug": topic.slug, "name": topic.name} for topic in topics]


class TagNamesField(APIValueField):
    """Tags as a sorted list of names (from the prefetched tagged items)."""

    def represent(self, instance):
        return sorted(item.tag.name for item in instance.tagged_items.all())


class DownloadsField(APIValueField):
    """The documents attached to a page that visitors may open: the page type's
    downloads() (child objects with a link text), as the site shows them."""

    keys = ("id", "title", "url", "file_extension", "file_size")

    def represent(self, instance):
        items = []
        for item in instance.downloads():
            data = document_representation(item.document, self.context, title=item.title)
            if data is not None:
                items.append(data)
        return items


class ChoiceLabelField(APIValueField):
    """The label of a choice field in the page's own language ("En cours")."""

    def __init__(self, choice_field, **kwargs):
        self.choice_field = choice_field
        super().__init__(**kwargs)

    def represent(self, instance):
        with translation.override(instance.locale.language_code):
            return str(getattr(instance, f"get_{self.choice_field}_display")())


class TranslationsField(APIValueField):
    """The page in the other languages: [{"locale", "id", "url"}] of live, public
    translations. The listing view fills a per-request cache in one query."""

    keys = ("locale", "id", "url")

    def represent(self, page):
        cache = self.context.setdefault("_vlg_cache", {}).setdefault("translations", {})
        if page.translation_key not in cache:
            prefetch_translations([page], self.context)
        return [
            {
                "locale": other.locale.language_code,
                "id": other.pk,
                "url": page_url(other, self.context),
            }
            for other in cache.get(page.translation_key, [])
            if other.pk != page.pk
        ]


def prefetch_translations(pages, context):
    """Load the live, public translations of many pages in one query."""
    from wagtail.models import Page

    cache = context.setdefault("_vlg_cache", {}).setdefault("translations", {})
    keys = {page.translation_key for page in pages} - set(cache)
    if not keys:
        return
    for key in keys:
        cache[key] = []
    for page in (
        visibility.live_public(Page.objects.filter(translation_key__in=keys))
        .select_related("locale")
        .only("id", "translation_key", "url_path", "locale", "locale__language_code")
        .order_by("locale__language_code")
    ):
        cache[page.translation_key].append(page)


# JSON Schema pieces (OpenAPI 3.0 dialect: "nullable" instead of type lists).


def nullable(schema):
    return {**schema, "nullable": True}


def array_of(schema):
    return {"type": "array", "items": schema}


STRING = {"type": "string"}
HTML = {"type": "string", "description": "HTML; internal links resolved to URLs."}
DATE = {"type": "string", "format": "date"}
URL = {"type": "string", "format": "uri"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}


def obj(properties, required=None, description=None):
    """An object with exactly these properties (all present unless a ?fields= selection
    narrows them, hence none required by default)."""
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = required
    if description:
        schema["description"] = description
    return schema


RENDITION = obj(
    {"url": URL, "width": INTEGER, "height": INTEGER},
    required=["url", "width", "height"],
)
IMAGE = obj(
    {
        "id": INTEGER,
        "alt": {"type": "string", "description": "Alternative text; empty if decorative."},
        "decorative": BOOLEAN,
        "width": INTEGER,
        "height": INTEGER,
        "renditions": {
            "type": "object",
            "description": "Sizes: " + ", ".join(f"{k} ({v})" for k, v in RENDITIONS.items()),
            "properties": {size: RENDITION for size in RENDITIONS},
            "additionalProperties": False,
        },
    },
    description="An image with renditions in a few widths (never upscaled).",
)
PAGE_REFERENCE = obj(
    {"id": INTEGER, "title": STRING, "url": nullable(URL)},
    description="A link to a public page, in the linking page's language where translated.",
)
DOCUMENT = obj(
    {
        "id": INTEGER,
        "title": STRING,
        "url": URL,
        "file_extension": STRING,
        "file_size": nullable({"type": "integer", "description": "Bytes."}),
    },
    description="A downloadable document.",
)
PERSON = obj(
    {
        "id": INTEGER,
        "name": STRING,
        "role": STRING,
        "organisation": STRING,
        "email": STRING,
        "phone": STRING,
        "photo": nullable(IMAGE),
    },
    description="A contact person or author with the public contact details shown on the site.",
)
TOPIC = obj({"slug": STRING, "name": STRING})
TRANSLATION = obj({"locale": STRING, "id": INTEGER, "url": nullable(URL)})


def stream_block_schemas():
    """The blocks of home.blocks.BaseStreamBlock as they appear in the API."""
    return {
        "paragraph": HTML,
        "heading": obj(
            {"text": STRING, "level": {"type": "string", "enum": ["h2", "h3", "h4"]}},
            required=["text", "level"],
        ),
        "image": nullable(
            obj(
                {**IMAGE["properties"], "caption": STRING},
                description="A figure: the image with renditions and its caption.",
            )
        ),
        "quote": obj({"text": STRING, "attribution": STRING}, required=["text", "attribution"]),
        "table": obj(
            {
                "caption": STRING,
                "header_row": BOOLEAN,
                "header_column": BOOLEAN,
                "rows": array_of(array_of(nullable(STRING))),
            },
            required=["caption", "header_row", "header_column", "rows"],
        ),
        "document": nullable(DOCUMENT),
        "embed": {"type": "string", "description": "URL of the embedded medium."},
    }


def stream_schema():
    blocks = [
        obj(
            {"type": {"type": "string", "enum": [name]}, "value": schema, "id": nullable(STRING)},
            required=["type", "value"],
        )
        for name, schema in stream_block_schemas().items()
    ]
    return {
        "type": "array",
        "description": "StreamField blocks in order: {type, value, id}.",
        "items": {"oneOf": blocks},
    }


STREAM = stream_schema()


# The page types of home/ and their fields in the API.


def page_types():
    """{"app.Model": {"description", "fields": {name: schema}}} of this app's page types."""
    return {
        "home.HomePage": {
            "description": "The start page of a language version of the site.",
            "fields": {
                "hero_title": STRING,
                "intro": HTML,
                "featured_pages": array_of(PAGE_REFERENCE),
                "strategy_teaser_title": STRING,
                "strategy_teaser_text": STRING,
                "strategy_page": nullable(PAGE_REFERENCE),
                "feedback_call": STRING,
                "feedback_page": nullable(PAGE_REFERENCE),
                "contact_person": nullable(PERSON),
            },
        },
        "home.StandardPage": {
            "description": "A page of plain content (Über uns, Kontakt, Impressum, …).",
            "fields": {"intro": STRING, "body": STREAM},
        },
        "home.FeedbackPage": {
            "description": "The ideas and feedback form. Submissions are never in the API.",
            "fields": {"intro": STRING, "privacy_page": nullable(PAGE_REFERENCE)},
        },
    }
