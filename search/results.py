"""What the search page shows: the hits a backend found, the results made of them (only
the shown page is loaded: specific pages with StreamFields deferred, each with a
highlighted snippet) and the outcome of a search."""

import datetime as dt
import functools
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urlencode

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField
from wagtail.models import Page

from home.models.mixins import SitePageMixin
from search.page_types import type_labels
from search.text import excerpt, fold_text, highlight

RESULTS_PER_PAGE = 10
SNIPPET_LENGTH = 240
SORTS = {"relevance": _("Relevanz"), "date": _("Datum")}


@dataclass
class Hit:
    kind: str  # "page" or "document"
    pk: int
    score: float = 0.0
    type: str = "page"
    date: dt.date | None = None
    status: str = ""
    topics: set = field(default_factory=set)
    promoted: bool = False
    model: object = None  # the specific page model, where known

    @property
    def key(self):
        return (self.kind, self.pk)


@dataclass
class Result:
    title: str
    url: str
    type: str
    type_label: str
    date: dt.date | None
    snippet: str
    promoted: bool = False
    description: str = ""  # an editor's text for a promoted result
    file_extension: str = ""


@dataclass
class SearchOutcome:
    query: str
    filters: dict
    sort: str
    page: object = None  # a django.core.paginator.Page of Result (the organic results)
    promoted: list = field(default_factory=list)  # Result, shown above page 1
    external_promotions: list = field(default_factory=list)
    # Pages the query names (search/quick_links.py): {title, url, description}, above all.
    quick_links: list = field(default_factory=list)
    total: int = 0
    truncated: bool = False
    facets: dict = field(default_factory=dict)
    suggestion: str = ""
    popular: list = field(default_factory=list)
    backend: str = "database"
    degraded: bool = False
    # What was cut off a too long query ("words", "characters" or ""; search/query.py),
    # and how many were kept.
    cut: str = ""
    cut_limit: int = 0
    # What the visitor typed when these are the results of its correction (search/
    # suggestions.py), and the link that searches the typed words as they are.
    corrected_from: str = ""
    literal_link: str = ""

    @property
    def querystring(self):
        """The query, filters and sort for pagination links."""
        params = {"q": self.query, **self.filters}
        if self.sort != "relevance":
            params["sort"] = self.sort
        return urlencode(params)

    @property
    def sort_links(self):
        """(label, link or "" for the current order) per sort order."""
        links = []
        for key, label in SORTS.items():
            params = {"q": self.query, **self.filters}
            if key != "relevance":
                params["sort"] = key
            links.append((label, "" if key == self.sort else "?" + urlencode(params)))
        return links


class LoadedWindow:
    """The results as a sequence for Django's Paginator: `total` long, but only the
    shown page is loaded."""

    def __init__(self, total, items):
        self.total = total
        self.items = items

    def __len__(self):
        return self.total

    def __getitem__(self, key):
        return self.items


def as_date(value):
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def add_document_dates(hits):
    """The upload day of each document hit."""
    if hits:
        created = dict(
            get_document_model()
            .objects.filter(pk__in=[h.pk for h in hits])
            .values_list("pk", "created_at")
        )
        for hit in hits:
            hit.date = as_date(created.get(hit.pk))


def load_results(hits, stems, request, descriptions):
    """Result objects for one page of hits: specific pages with StreamFields deferred,
    documents, bodies only where the short texts do not contain the query."""
    if not hits:
        return []
    labels = type_labels()
    pages = _specific_pages([h for h in hits if h.kind == "page"])
    document_ids = [h.pk for h in hits if h.kind == "document"]
    documents = get_document_model().objects.in_bulk(document_ids) if document_ids else {}
    without_match = [
        page
        for page in pages.values()
        if not any(stem in fold_text(" ".join(_short_texts(page))) for stem in stems)
    ]
    bodies = _body_texts(without_match) if without_match else {}
    results = []
    for hit in hits:
        if hit.kind == "page" and hit.pk in pages:
            page = pages[hit.pk]
            texts = _short_texts(page) + [bodies.get(page.pk, "")]
            results.append(
                Result(
                    title=page.title,
                    url=page.get_url(request),
                    type=hit.type,
                    type_label=labels[hit.type],
                    date=hit.date,
                    snippet=_snippet(texts, stems),
                    promoted=hit.promoted,
                    description=descriptions.get(page.pk, "") if hit.promoted else "",
                )
            )
        elif hit.kind == "document" and hit.pk in documents:
            document = documents[hit.pk]
            results.append(
                Result(
                    title=document.title,
                    url=document.url,
                    type="document",
                    type_label=labels["document"],
                    date=hit.date,
                    snippet=highlight(document.title, stems),
                    file_extension=document.file_extension.upper(),
                )
            )
    return results


def _text_of(value, rich=False):
    """Plain text of a field: rich text without its tags; plain text as it is (it is
    escaped when highlighted)."""
    if not value:
        return ""
    text = unescape(strip_tags(str(value))) if rich else str(value)
    return " ".join(text.split())


def _short_texts(page):
    """The page's short texts (its type's short_text_fields), most telling first."""
    model = type(page)
    names = getattr(model, "short_text_fields", SitePageMixin.short_text_fields)
    return [
        _text_of(getattr(page, name, ""), rich=_is_rich_text_field(model, name)) for name in names
    ]


@functools.lru_cache(maxsize=256)
def _is_rich_text_field(model, name):
    try:
        return isinstance(model._meta.get_field(name), RichTextField)
    except FieldDoesNotExist:
        return False


def _body_texts(pages):
    """{pk: body text} for pages whose short texts do not show the query: one query per
    page type."""
    by_model = {}
    for page in pages:
        if any(f.name == "body" for f in page._meta.get_fields()):
            by_model.setdefault(type(page), []).append(page.pk)
    texts = {}
    for model, pks in by_model.items():
        body_field = model._meta.get_field("body")
        for pk, body in model.objects.filter(pk__in=pks).values_list("pk", "body"):
            texts[pk] = " ".join(body_field.get_searchable_content(body))
    return texts


def _snippet(texts, stems):
    texts = [t for t in texts if t]
    for text in texts:
        if any(stem in fold_text(text) for stem in stems):
            return highlight(excerpt(text, stems, SNIPPET_LENGTH), stems)
    return highlight(excerpt(texts[0], stems, SNIPPET_LENGTH), stems) if texts else ""


@functools.lru_cache(maxsize=64)
def _shown_fields(model):
    """The columns a result of the page type shows: title, the path its URL is made of,
    the short texts of its snippet."""
    names = getattr(model, "short_text_fields", SitePageMixin.short_text_fields)
    return ("title", "url_path", *(name for name in names if _has_field(model, name)))


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _specific_pages(hits):
    """{pk: specific page} with only the shown fields: one query per page type (the
    backends tell the type; only where they did not, Wagtail's specific() finds it)."""
    by_model, unknown = {}, []
    for hit in hits:
        if hit.model is not None:
            by_model.setdefault(hit.model, []).append(hit.pk)
        else:
            unknown.append(hit.pk)
    pages = {}
    for model, pks in by_model.items():
        queryset = model._default_manager.filter(pk__in=pks).only(*_shown_fields(model))
        pages.update((page.pk, page) for page in queryset)
    if unknown:
        specific = Page.objects.filter(pk__in=unknown).specific().defer_streamfields()
        pages.update((page.pk, page) for page in specific)
    return pages
