"""The page types as the search sees them: what each declares in its `search_type`
(home.models.mixins.SearchType), read from Wagtail's list of page models. The search
knows no page type by name.

Besides the declared types there are plain pages ("page", every other page type) and
documents ("document", the downloads of pages).
"""

from dataclasses import dataclass
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.models import Page, get_page_models

from home.models.mixins import SitePageMixin

PAGE = SitePageMixin.search_type
DOCUMENT_KEY = "document"
DOCUMENT_LABEL = _("Dokument")


def search_type(model):
    return getattr(model, "search_type", PAGE)


@cache
def declared_types():
    """[(page model, its SearchType)] of the page types with a type of their own, in
    the order of the search page's type filter."""
    declared = [
        (model, search_type(model))
        for model in get_page_models()
        if search_type(model).key != PAGE.key
    ]
    declared.sort(key=lambda pair: pair[1].order)
    keys = [declared_type.key for _model, declared_type in declared]
    if len(set(keys)) != len(keys) or DOCUMENT_KEY in keys:
        raise ImproperlyConfigured(f"Each search type key belongs to one page type: {keys}")
    return declared


def type_labels():
    """{key: label} of every type, in the order of the type filter."""
    labels = {declared.key: declared.label for _model, declared in declared_types()}
    return {**labels, PAGE.key: PAGE.label, DOCUMENT_KEY: DOCUMENT_LABEL}


def type_by_content_type():
    """{content type id: type key} of the declared types (other pages: "page")."""
    return {
        ContentType.objects.get_for_model(model).pk: declared.key
        for model, declared in declared_types()
    }


def status_type():
    """(model, SearchType) of the page type whose status is the status facet, or None."""
    with_status = [pair for pair in declared_types() if pair[1].status_field]
    if len(with_status) > 1:
        raise ImproperlyConfigured("The search page has one status facet: one status_field.")
    return with_status[0] if with_status else None


def status_choices():
    """[(value, label)] of the status facet."""
    found = status_type()
    if found is None:
        return []
    model, declared = found
    return list(model._meta.get_field(declared.status_field).choices)


def download_relations():
    """[(page model, the related name of its downloads)]."""
    return [
        (model, declared.downloads) for model, declared in declared_types() if declared.downloads
    ]


def topic_relations():
    """[(type key, its many-to-many field to topics)] of the types with a topic facet."""
    return [
        (declared.key, model._meta.get_field(declared.topics_field))
        for model, declared in declared_types()
        if declared.topics_field
    ]


@dataclass(frozen=True)
class FacetSchema:
    """The models behind the types, dates and facets, for the cluster's column names
    (search/engines.py)."""

    page_model: type
    document_model: type
    types: tuple  # (key, model) pairs
    topics: tuple  # (model, name of its topics field) pairs
    status: tuple  # (model, name of the status field), or ()
    dates: tuple  # (model, date field name) pairs, the first one set is a page's date


def facet_schema():
    declared = declared_types()
    status = status_type()
    return FacetSchema(
        page_model=Page,
        document_model=get_document_model(),
        types=tuple((kind.key, model) for model, kind in declared),
        topics=tuple((field.model, field.name) for _key, field in topic_relations()),
        status=(status[0], status[1].status_field) if status else (),
        dates=tuple((model, name) for model, kind in declared for name in kind.date_fields)
        + ((Page, "last_published_at"),),
    )
