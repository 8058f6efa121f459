"""Serializer fields shared by every app's page types: images as renditions, page
references, people, topics, tags, documents, choice labels and translations. Each takes
`fields` (a ?fields=name(sub,fields) selection) and narrows its value to those keys."""

from django.utils import timezone, translation
from rest_framework.fields import Field
from wagtail.models import Page

from home import visibility
from home.api.representations import (
    document_representation,
    image_representation,
    page_reference,
    page_url,
    person_representation,
)
from home.localization import localized_pages
from home.text import collation_key


class BadSelection(ValueError):
    """A ?fields=name(sub,fields) selection names sub-fields that a field does not have."""


def select(data, selection):
    """Keep the selected keys of a representation (all of them without a selection)."""
    if not selection or data is None:
        return data
    return {key: value for key, value in data.items() if key in selection}


def translations_of(context):
    """{translation_key: [pages]}: the translations loaded for this request, kept in the
    serializer context (one per request) so that a listing loads them in one query."""
    return context.setdefault("translations_by_key", {})


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


class AttributeField(APIValueField):
    """A value from one attribute of the object, named where the field is declared."""

    def __init__(self, attribute, **kwargs):
        self.attribute = attribute
        super().__init__(**kwargs)


class OptionalForeignKeyField(AttributeField):
    """An optional foreign key: null when unset, else its target as represent_target()
    gives it (the target is not loaded when the key is unset)."""

    def represent(self, instance):
        if not getattr(instance, f"{self.attribute}_id"):
            return None
        return self.represent_target(getattr(instance, self.attribute), instance)

    def represent_target(self, target, instance):  # pragma: no cover - subclasses define it
        raise NotImplementedError


class ImageRenditionsField(OptionalForeignKeyField):
    """An image foreign key (lead image, photo) as an image with renditions."""

    keys = ("id", "alt", "decorative", "width", "height", "renditions")

    def represent_target(self, image, instance):
        return image_representation(image, self.context)


class PageReferenceField(AttributeField):
    """A link to another page as {"id", "title", "url"}: in the linking page's language
    where a translation is published, null when the target is not public."""

    keys = ("id", "title", "url")

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


class PersonField(OptionalForeignKeyField):
    """A contact person or author (public contact details, as on the site)."""

    keys = ("id", "name", "role", "organisation", "email", "phone", "photo")

    def represent_target(self, person, instance):
        return person_representation(person, instance.locale_id, self.context)


class TopicsField(APIValueField):
    """Topics as [{"slug", "name"}], sorted by name."""

    keys = ("slug", "name")

    def represent(self, instance):
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
        cache = translations_of(self.context)
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
    cache = translations_of(context)
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


class ChangeNotesField(APIValueField):
    """A page's significant changes, newest first; a first publication's blank note reads
    "Erstveröffentlichung" in the page's language."""

    keys = ("date", "note")

    def represent(self, page):
        with translation.override(page.locale.language_code):
            return [
                {"date": timezone.localdate(note.date).isoformat(), "note": str(note.text)}
                for note in page.change_note_list()
            ]
