"""Small abstract mixins that page types compose instead of copying fields."""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.db import models
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageViewRestriction, TranslatableMixin
from wagtail.search import index
from wagtail_headless_preview.models import HeadlessPreviewMixin as BaseHeadlessPreviewMixin
from wagtail_headless_preview.models import PagePreview

from home import visibility
from home.api.declarations import DocumentedField
from home.api.fields import ImageRenditionsField, PersonField, TopicsField
from home.api.schema import IMAGE, PERSON, STRING, TOPIC, array_of, nullable
from home.compounds import compound_parts_text
from home.loading import load_foreign_keys


class TeaserMixin(models.Model):
    """A short text and a lead image for listings, cards and social previews."""

    teaser = models.TextField(
        _("Kurztext"),
        max_length=300,
        blank=True,
        help_text=_("Ein bis zwei Sätze für Listen und Vorschauen (höchstens 300 Zeichen)."),
    )
    lead_image = models.ForeignKey(
        "home.CustomImage",
        verbose_name=_("Titelbild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Die Bildbeschreibung dient als Alternativtext."),
    )

    teaser_panels = [FieldPanel("teaser"), FieldPanel("lead_image")]
    teaser_api_fields = [
        DocumentedField("teaser", STRING),
        DocumentedField(
            "lead_image",
            nullable(IMAGE),
            ImageRenditionsField("lead_image"),
            select_related=["lead_image"],
            prefetch_related=["lead_image__renditions"],
        ),
    ]
    # Search weights: title 2 (Wagtail's Page), teaser and other short texts 1.5, body 1.
    teaser_search_fields = [index.SearchField("teaser", boost=1.5)]

    class Meta:
        abstract = True


class ContactMixin(models.Model):
    """The person to ask about a page's subject."""

    contact_person = models.ForeignKey(
        "home.Person",
        verbose_name=_("Kontaktperson"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    contact_panels = [FieldPanel("contact_person")]
    contact_api_fields = [
        DocumentedField(
            "contact_person",
            nullable(PERSON),
            PersonField("contact_person"),
            select_related=["contact_person"],
        )
    ]

    class Meta:
        abstract = True


class TopicsMixin(models.Model):
    """The topics (Themen) a page is filed under: a filter of its listing, a facet of the
    search (SearchType.topics_field) and keywords of its structured data."""

    topics = ParentalManyToManyField("home.Topic", verbose_name=_("Themen"), blank=True)

    topics_panel = FieldPanel("topics", widget=forms.CheckboxSelectMultiple)
    topics_search_field = index.RelatedFields(
        "topics", [index.SearchField("name"), index.FilterField("slug")]
    )
    topics_api_field = DocumentedField(
        "topics", array_of(TOPIC), TopicsField(), prefetch_related=["topics"]
    )

    class Meta:
        abstract = True

    @cached_property
    def topic_list(self):
        """The topics, loaded once for the page and its structured data."""
        return list(self.topics.all())


class LocalizedRelationsMixin:
    """Keeps a translated page's many-to-many links (topics, related projects) in its own
    language.

    wagtail-localize copies many-to-many values from the source page and does not translate
    them; this swaps each linked object for its translation in the page's locale where one
    exists, and keeps the source object (the German fallback) where none does.
    """

    def save(self, *args, **kwargs):
        if self.locale_id:
            localize_many_to_many(self)
        return super().save(*args, **kwargs)


def localize_many_to_many(page):
    for field in page._meta.get_fields():
        if not isinstance(field, ParentalManyToManyField):
            continue
        if not issubclass(field.related_model, TranslatableMixin):
            continue
        linked = list(getattr(page, field.name).all())
        foreign = [item for item in linked if item.locale_id != page.locale_id]
        if not foreign:
            continue
        translations = {
            item.translation_key: item
            for item in field.related_model.objects.filter(
                translation_key__in=[item.translation_key for item in foreign],
                locale_id=page.locale_id,
            )
        }
        setattr(page, field.name, [translations.get(item.translation_key, item) for item in linked])


@dataclass(frozen=True)
class SearchType:
    """How the site's search (search/) shows, sorts and filters the pages of a type. The
    default is a plain page ("Seite"); a page type with a type of its own declares one.

    - key, label: the type's value of the search page's type filter (?type=) and its
      name; a key other than "page" belongs to one page type. order: its place among the
      filter's choices.
    - date_fields: the date of a result (shown, and sorted by with ?sort=date) is the
      first of them that is set, else the day the page was last published.
    - status_field: a choice field that is the status facet (?status=); topics_field: a
      many-to-many to Topic that is the topic facet (?topic=). Like the date fields,
      they are filter fields of the page's search_fields.
    - downloads: the related name of the page's downloads (rows with a `document`): the
      search also finds these documents, and their titles are in the page's index.
    - index_children: related names of inline children whose text is in the page's
      index: saving or deleting one reindexes the page (as a download does).
    """

    key: str = "page"
    label: str = _("Seite")
    order: int = 100
    date_fields: tuple = ()
    status_field: str = ""
    topics_field: str = ""
    downloads: str = ""
    index_children: tuple = ()


class CompoundPartsField(index.SearchField):
    """The search field of a page's compound parts. Its method is defined on a mixin,
    not a model: the cluster names the field as if Page declared it (one column
    `search_compound_parts` for every page type)."""

    def get_definition_model(self, cls):
        return Page


COMPOUND_PARTS_FIELD = CompoundPartsField("search_compound_parts")


def _flat_texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _flat_texts(item)
    elif isinstance(value, dict):
        yield from _flat_texts(list(value.values()))
    elif value is not None:
        yield str(value)


def searchable_texts(obj, fields):
    """The texts the search indexes of an object's search fields, related objects (topics,
    downloads, inline children) included."""
    for field in fields:
        if isinstance(field, index.SearchField) and field is not COMPOUND_PARTS_FIELD:
            yield from _flat_texts(field.get_value(obj))
        elif isinstance(field, index.RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            if isinstance(related, models.Manager):
                related = related.all()
            elif callable(related):
                related = related()
            for item in related if hasattr(related, "__iter__") else [related]:
                yield from searchable_texts(item, field.fields)


class SitePageMixin:
    """What every page type of the site shares."""

    # select_related paths of the objects the page shows besides its own fields (its
    # contact, lead image, …), loaded in one query when the site or the API shows it;
    # and their fields it does not show (a linked page's body).
    linked_objects = ()
    linked_objects_unused = ()
    # A page that lists other pages (an index): the CDN purges it when any page of its
    # language is published (home/cache/pages.py).
    lists_other_pages = False
    # The query parameters the page reads (filters, paging): the page cache keys a page
    # by these only and stores no response to a query string with any other
    # (home/cache/pages.py). A page type that reads request.GET must name them here.
    cached_query_parameters = frozenset()
    # The short texts that sum up the page, the most telling first: the first one set is
    # its description for search engines (home/seo.py); a search result's snippet is
    # taken from the first that contains the query, else from the body.
    short_text_fields = ("search_description", "teaser", "summary", "intro")
    search_type = SearchType()

    @classmethod
    def get_search_fields(cls):
        # Every page type's fields, and the marked parts of its compounds: a search finds
        # "Umzugsmeldung" for "Umzug" below the exact matches (home/compounds.py).
        return [*super().get_search_fields(), COMPOUND_PARTS_FIELD]

    @classmethod
    def get_indexed_objects(cls):
        # A full index build (update_index, in batches) reads the related objects of each
        # search field (topics, communes, focus areas) for several index columns and the
        # compound parts: loaded with each batch, not once per page and column.
        related = [
            field.field_name
            for field in cls.get_search_fields()
            if isinstance(field, index.RelatedFields)
        ]
        return super().get_indexed_objects().select_related("locale").prefetch_related(*related)

    def search_compound_parts(self):
        # Remembered until the next save: the database backend reads every search field
        # three times per page (title, body and autocomplete columns).
        if "_compound_parts" not in self.__dict__:
            texts = searchable_texts(self, type(self).search_fields)
            self.__dict__["_compound_parts"] = compound_parts_text(texts)
        return self.__dict__["_compound_parts"]

    def save(self, *args, **kwargs):
        self.__dict__.pop("_compound_parts", None)
        return super().save(*args, **kwargs)

    def load_linked_objects(self):
        load_foreign_keys(self, *self.linked_objects, defer=self.linked_objects_unused)

    def get_view_restrictions(self):
        # Wagtail reads the restrictions of the page and its ancestors (two queries) before
        # serving it; on a site without any restriction (the usual case) none are needed.
        if not visibility.any_view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class HeadlessPreviewMixin(BaseHeadlessPreviewMixin):
    """With HEADLESS_PREVIEW_URL set, the preview panel offers the mode "Headless-Client":
    the draft is stored under a signed token (wagtail-headless-preview) and the panel shows
    the headless client at HEADLESS_PREVIEW_URL?content_type=…&token=…, which fetches the
    draft from /api/v2/preview/. The site's own preview stays the default mode."""

    HEADLESS_PREVIEW_MODE = "headless"

    @property
    def preview_modes(self):
        modes = list(super().preview_modes)
        if settings.HEADLESS_PREVIEW_URL:
            modes.append((self.HEADLESS_PREVIEW_MODE, _("Headless-Client")))
        return modes

    def get_client_root_url(self, request):
        return settings.HEADLESS_PREVIEW_URL

    def serve_preview(self, request, mode_name):
        if mode_name != self.HEADLESS_PREVIEW_MODE or not settings.HEADLESS_PREVIEW_URL:
            # The site's own preview (skipping the package's, which knows only headless).
            return super(BaseHeadlessPreviewMixin, self).serve_preview(request, mode_name)
        PagePreview.garbage_collect()
        preview = self.create_page_preview()
        return redirect(self.get_preview_url(request, preview.token))
