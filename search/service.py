"""The one search service of the site: the search page, the autocomplete endpoint and
(later) the API's `?search=` use it.

How a search runs:

1. The query is cleaned (search/query.py) and split into meaningful words.
2. What the visitor may see: live, public pages of the active locale, and the documents
   that such pages offer for download.
3. The backend finds, ranks, filters, counts facets and returns one page of hits:
   - a search cluster (Elasticsearch/OpenSearch, search/engines.py) in one request:
     it analyses the query itself (German stemming, umlauts, compounds; the visitor's
     language for fr/it/en), filters with post_filter, counts facets with aggregations;
   - the database backend returns the best MAX_HITS matches with their scores (each
     word with its spellings and singular/plural forms, search/text.py, since SQLite
     FTS5 does not stem); type, topic, status and date come from the database in a
     fixed number of queries; facets, filters, sorting and paging happen in Python.
4. If the cluster fails (connection, timeout, HTTP error), the same search runs on the
   database backend ("fallback"), a warning is logged and the failure recorded for the
   health check (search/health.py).
5. Only the shown page of results is loaded (specific pages, StreamFields deferred),
   with a highlighted snippet each. Promoted results (search_promotions) come first.
"""

import datetime as dt
import difflib
import functools
import logging
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.core.signals import setting_changed
from django.db import DatabaseError, connection, transaction
from django.db.models import CharField, F, FloatField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.dispatch import receiver
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelsearch.backends import get_search_backend
from modelsearch.query import And, Or, PlainText
from modelsearch.utils import normalise_query_string
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.documents import get_document_model
from wagtail.models import Page

from home import localization, visibility
from home.cache import memory
from search import health
from search.backends import FALLBACK
from search.query import clean_query
from search.text import excerpt, fold, fold_text, highlight, match_stems, query_words, word_forms

logger = logging.getLogger(__name__)

# The database backend counts facets, filters and sorts the best MAX_HITS matches (pages,
# documents); a cluster does it over all matches.
MAX_HITS = 1000
RESULTS_PER_PAGE = 10
AUTOCOMPLETE_LIMIT = 8
SNIPPET_LENGTH = 240

TYPE_LABELS = {
    "news": _("News"),
    "strategy": _("Strategie"),
    "project": _("Projekt"),
    "page": _("Seite"),
    "document": _("Dokument"),
}
SORTS = {"relevance": _("Relevanz"), "date": _("Datum")}

_backends = {}


def get_backend(alias="default"):
    """The configured backend of this alias, created once per process (a backend holds
    an HTTP client with its connection pool)."""
    if alias not in _backends:
        _backends[alias] = get_search_backend(alias)
    return _backends[alias]


@receiver(setting_changed)
def _forget_backends(setting, **kwargs):
    if setting == "WAGTAILSEARCH_BACKENDS":
        _backends.clear()


def is_cluster(backend):
    from search.engines import LanguageBackendMixin

    return isinstance(backend, LanguageBackendMixin)


def language_of(locale):
    return locale.language_code.split("-")[0].lower()


def run_with_fallback(operation):
    """operation(backend) on the default backend; on the database backend instead when
    a cluster is configured but fails (or failed a moment ago)."""
    backend = get_backend("default")
    if not is_cluster(backend):
        return operation(backend)
    state = health.read_state()
    if health.cluster_usable(state):
        try:
            result = operation(backend)
        except health.cluster_errors() as error:
            health.record_failure(error, state)
        else:
            health.record_recovery(state)
            return result
    return operation(get_backend(FALLBACK))


# Ranked ids from a backend


def database_query(words, language):
    """Every word must match in one of its forms (AND of ORs)."""
    parts = []
    for word in words:
        forms = [PlainText(form) for form in word_forms(word, language)]
        parts.append(forms[0] if len(forms) == 1 else Or(forms))
    return parts[0] if len(parts) == 1 else And(parts)


def ranked_hits(backend, words, queryset, language):
    """The database backend's best MAX_HITS matches: ([(pk, content type id, score)],
    total), best first, higher score better. `total` is exact up to MAX_HITS; above, it is
    MAX_HITS + 1 (the page says "more than"), which spares a second full-text run."""
    query = database_query(words, language)
    if connection.vendor == "sqlite" and hasattr(backend.query_compiler_class, "FTS_TABLE_FIELDS"):
        return sqlite_ranked_hits(backend, query, queryset)
    # PostgreSQL (and MySQL): the backend's own ranking, which has no such quadratic step.
    results = backend.search(query, queryset)
    best = results.annotate_score("_score")[: MAX_HITS + 1]
    rows = list(best.get_queryset().values_list("pk", "_score"))
    total, rows = len(rows), rows[:MAX_HITS]
    content_types = {}
    if issubclass(queryset.model, Page):
        pks = [pk for pk, _score in rows]
        content_types = dict(Page.objects.filter(pk__in=pks).values_list("pk", "content_type_id"))
    return [(pk, content_types.get(pk), score or 0) for pk, score in rows], total


def ranked_ids(raw_query, queryset, language):
    """Ids of the best matches (at most MAX_HITS) of a visitor's query among `queryset`,
    best first: the API's ?search=. The query is cleaned like the search page's; the
    configured cluster answers, or the database backend when it fails."""
    query = clean_query(raw_query)
    words = query_words(query, language) if query else []
    if not words:
        return []

    def operation(backend):
        if is_cluster(backend):
            query = PlainText(" ".join(words), operator="and")
            found = backend.search(query, queryset, language=language)
            return [obj.pk for obj in found[:MAX_HITS]]
        hits, _total = ranked_hits(backend, words, queryset, language)
        return [pk for pk, _content_type, _score in hits]

    return run_with_fallback(operation)


# Column weights of bm25() over the full-text table's columns (autocomplete, body,
# title): a word in the title counts three times a word in the text.
SQLITE_BM25_WEIGHTS = (0.0, 1.0, 3.0)


def sqlite_ranked_hits(backend, query, queryset):
    """The SQLite FTS5 search of Wagtail's database backend, ranked in one query.

    The backend's own search annotates each match with its score through a correlated
    subquery that runs the full-text match again for every row: quadratic in the number
    of matches (seconds at a few thousand pages). Here the backend's match expression
    runs once, bm25() is computed once per row (with column weights), restricted to the
    visible objects, sorted and cut by SQLite.
    """
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry
    from modelsearch.utils import get_descendants_content_types_pks

    compiler = backend.query_compiler_class(queryset, query)
    match = MatchExpression(
        compiler.FTS_TABLE_FIELDS, compiler.build_search_query(normalize(compiler.query))
    )
    table = SQLiteFTSIndexEntry._meta.db_table
    weights = ", ".join(str(weight) for weight in SQLITE_BM25_WEIGHTS)
    visible = queryset.order_by().annotate(_object_id=Cast("pk", CharField())).values("_object_id")
    matches = SQLiteFTSIndexEntry.objects.filter(match).filter(
        index_entry__content_type__in=get_descendants_content_types_pks(queryset.model),
        index_entry__object_id__in=visible,
    )
    rows = list(
        matches.annotate(score=RawSQL(f"bm25({table}, {weights})", [], output_field=FloatField()))
        .order_by("score")
        .values_list("index_entry__object_id", "index_entry__content_type_id", "score")[
            : MAX_HITS + 1
        ]
    )
    total = len(rows)  # MAX_HITS + 1 says "more than MAX_HITS": no second full-text run
    # bm25() is negative, lower is better.
    hits = [(int(pk), content_type, -(score or 0)) for pk, content_type, score in rows]
    return hits[:MAX_HITS], total


def searchable_pages(locale):
    """Live pages of the locale outside private sections."""
    return visibility.public(Page.objects.live().filter(locale=locale))


def searchable_document_ids(locale):
    """Ids of the documents that live public pages of the locale offer for download,
    outside collections with view restrictions. Starts from the (small) download tables:
    at most three small queries."""
    from wagtail.models import CollectionViewRestriction

    from strategy.models import ProjectDocument, StrategyDocument

    offered = [
        model.objects.order_by().values_list("document_id", "page_id", "document__collection__path")
        for model in (StrategyDocument, ProjectDocument)
    ]
    rows = list(offered[0].union(*offered[1:], all=True))
    if not rows:
        return []
    restricted = visibility.restricted_paths()
    pages = dict(
        Page.objects.filter(pk__in={page for _doc, page, _col in rows}, live=True, locale=locale)
        .order_by()
        .values_list("pk", "path")
    )
    private_collections = list(
        CollectionViewRestriction.objects.values_list("collection__path", flat=True)
    )
    return sorted(
        {
            document
            for document, page, collection in rows
            if page in pages
            and not any(pages[page].startswith(path) for path in restricted)
            and not any(collection.startswith(path) for path in private_collections)
        }
    )


# What the search page shows


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
class FacetChoice:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class SearchOutcome:
    query: str
    filters: dict
    sort: str
    page: object = None  # a django.core.paginator.Page of Result (the organic results)
    promoted: list = field(default_factory=list)  # Result, shown above page 1
    external_promotions: list = field(default_factory=list)
    total: int = 0
    truncated: bool = False
    facets: dict = field(default_factory=dict)
    suggestion: str = ""
    popular: list = field(default_factory=list)
    backend: str = "database"
    degraded: bool = False

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


@dataclass(frozen=True)
class FacetSchema:
    """The models behind the facets, for the cluster's column names (search/engines.py)."""

    page_model: type
    document_model: type
    types: tuple  # (kind, model) pairs
    topic_models: tuple
    status: tuple
    dates: tuple


def facet_schema():
    from news.models import NewsPage
    from strategy.models import ProjectPage, StrategyPage

    return FacetSchema(
        page_model=Page,
        document_model=get_document_model(),
        types=(("news", NewsPage), ("strategy", StrategyPage), ("project", ProjectPage)),
        topic_models=(NewsPage, ProjectPage),
        status=(ProjectPage, "status"),
        dates=(
            (NewsPage, "date"),
            (StrategyPage, "adopted_on"),
            (StrategyPage, "valid_from"),
            (ProjectPage, "start_date"),
            (Page, "last_published_at"),
        ),
    )


@dataclass
class ClusterRequest:
    query: object
    pages: object
    documents: object
    language: str
    filters: dict
    sort: str
    exclude_page_ids: list
    offset: int
    limit: int
    schema: FacetSchema


@dataclass
class Found:
    """One page of hits of a search, with the number of hits and the facet counts."""

    hits: list
    total: int
    facets: dict
    number: int
    truncated: bool = False


def _last_page(total):
    return max(1, -(-total // RESULTS_PER_PAGE))


def cluster_find(backend, words, language, pages, documents, filters, sort, excluded, number):
    request = ClusterRequest(
        query=PlainText(" ".join(words), operator="and"),
        pages=pages,
        documents=documents,
        language=language,
        filters=filters,
        sort=sort,
        exclude_page_ids=excluded,
        offset=(number - 1) * RESULTS_PER_PAGE,
        limit=RESULTS_PER_PAGE,
        schema=facet_schema(),
    )
    response = backend.faceted_search(request)
    last = _last_page(response["total"])
    if number > last:  # a page number beyond the end shows the last page
        number = last
        request.offset = (number - 1) * RESULTS_PER_PAGE
        response = backend.faceted_search(request)
    hits = [Hit(**hit) for hit in response["hits"]]
    for hit in hits:
        hit.date = _as_date(hit.date)
    return Found(hits, response["total"], response["facets"], number)


def database_find(backend, words, language, pages, documents, filters, sort, excluded, number):
    page_hits, total = ranked_hits(backend, words, pages, language)
    document_hits = []
    if documents is not None:
        document_hits, total_documents = ranked_hits(backend, words, documents, language)
        total += total_documents
    types = _type_by_content_type()
    page_hits = [
        Hit(
            "page",
            pk,
            score,
            type=types.get(content_type, "page"),
            model=content_type and ContentType.objects.get_for_id(content_type).model_class(),
        )
        for pk, content_type, score in page_hits
    ]
    _add_facet_values(page_hits)
    hits = _merge_by_score(
        page_hits,
        [Hit("document", pk, score, type="document") for pk, _ct, score in document_hits],
    )
    truncated = total > len(hits)
    facets = _count_facets(hits, filters)
    excluded = {("page", pk) for pk in excluded}
    hits = [h for h in hits if _matches(h, filters) and h.key not in excluded]
    if sort == "date":
        meta, _names = _page_metadata([h.pk for h in hits if h.kind == "page"], topics=False)
        for hit in hits:
            if hit.kind == "page" and hit.pk in meta:
                hit.date = meta[hit.pk]["date"]
        _add_document_dates([h for h in hits if h.kind == "document"])
        hits.sort(key=lambda h: h.date or dt.date.min, reverse=True)
    number = min(number, _last_page(len(hits)))
    start = (number - 1) * RESULTS_PER_PAGE
    return Found(hits[start : start + RESULTS_PER_PAGE], len(hits), facets, number, truncated)


def _add_facet_values(hits):
    """Project status and topic slugs of the hits that have them: at most two small
    queries, whatever the number of hits."""
    from news.models import NewsPage
    from strategy.models import ProjectPage

    by_pk = {hit.pk: hit for hit in hits}
    projects = [hit.pk for hit in hits if hit.type == "project"]
    if projects:
        for pk, status in ProjectPage.objects.filter(pk__in=projects).values_list("pk", "status"):
            by_pk[pk].status = status
    topic_rows = []  # of news and projects, in one query
    for model, kind in ((NewsPage, "news"), (ProjectPage, "project")):
        ids = [hit.pk for hit in hits if hit.type == kind]
        if ids:
            owner = f"{model._meta.model_name}_id"
            rows = model.topics.through.objects.filter(**{f"{owner}__in": ids}).order_by()
            topic_rows.append(rows.values_list(owner, "topic__slug"))
    if topic_rows:
        for pk, slug in topic_rows[0].union(*topic_rows[1:], all=True):
            by_pk[pk].topics.add(slug)


def _count_facets(hits, filters):
    counts = {"type": {}, "topic": {}, "status": {}}
    for hit in hits:
        if _matches(hit, filters, exclude="type"):
            counts["type"][hit.type] = counts["type"].get(hit.type, 0) + 1
        if _matches(hit, filters, exclude="topic"):
            for slug in hit.topics:
                counts["topic"][slug] = counts["topic"].get(slug, 0) + 1
        if hit.type == "project" and _matches(hit, filters, exclude="status"):
            counts["status"][hit.status] = counts["status"].get(hit.status, 0) + 1
    return counts


def _add_document_dates(hits):
    if hits:
        created = dict(
            get_document_model()
            .objects.filter(pk__in=[h.pk for h in hits])
            .values_list("pk", "created_at")
        )
        for hit in hits:
            hit.date = _as_date(created.get(hit.pk))


class _LoadedWindow:
    """The results as a sequence for Django's Paginator: `total` long, but only the
    shown page is loaded."""

    def __init__(self, total, items):
        self.total = total
        self.items = items

    def __len__(self):
        return self.total

    def __getitem__(self, key):
        return self.items


def _type_by_content_type():
    from news.models import NewsPage
    from strategy.models import ProjectPage, StrategyPage

    models = {NewsPage: "news", StrategyPage: "strategy", ProjectPage: "project"}
    return {ContentType.objects.get_for_model(m).pk: kind for m, kind in models.items()}


def _page_metadata(pks, topics=True):
    """{pk: Hit fields} for the pages: type, date, project status, topic slugs (unless
    topics=False), and {slug: name} of the topics, in three queries (one without)."""
    from news.models import NewsPage
    from strategy.models import ProjectPage

    types = _type_by_content_type()
    rows = Page.objects.filter(pk__in=pks).values_list(
        "pk",
        "content_type_id",
        "newspage__date",
        "strategypage__adopted_on",
        "strategypage__valid_from",
        "projectpage__start_date",
        "projectpage__status",
        "last_published_at",
    )
    meta = {}
    for pk, ct, news_date, adopted, valid_from, start, status, published in rows:
        kind = types.get(ct, "page")
        item_date = {
            "news": news_date,
            "strategy": adopted or valid_from,
            "project": start,
        }.get(kind)
        meta[pk] = {
            "type": kind,
            "date": item_date or _as_date(published),
            "status": status or "",
            "topics": set(),
        }
    topic_names = {}
    for model, kind in ((NewsPage, "news"), (ProjectPage, "project")) if topics else ():
        ids = [pk for pk, m in meta.items() if m["type"] == kind]
        if not ids:
            continue
        through = model.topics.through
        owner = f"{model._meta.model_name}_id"
        for pk, slug, name in through.objects.filter(**{f"{owner}__in": ids}).values_list(
            owner, "topic__slug", "topic__name"
        ):
            meta[pk]["topics"].add(slug)
            topic_names[slug] = name
    return meta, topic_names


def _matches(hit, filters, exclude=None):
    if exclude != "type" and filters.get("type") and hit.type != filters["type"]:
        return False
    if exclude != "topic" and filters.get("topic") and filters["topic"] not in hit.topics:
        return False
    if exclude != "status" and filters.get("status") and hit.status != filters["status"]:
        return False
    return True


def _merge_by_score(pages, documents):
    """One relevance order for pages and documents: scores of different indexes are not
    comparable, their share of the best score of their kind is."""

    def normalised(hits):
        best = max((h.score for h in hits), default=0) or 1
        return [(h.score / best, h) for h in hits]

    merged = normalised(pages) + normalised(documents)
    merged.sort(key=lambda pair: (-pair[0], pair[1].kind != "page"))
    return [hit for _score, hit in merged]


def _promotions(query, locale, visible_pages):
    """Promoted pages (in the visitor's language: the promoted page's translation) and
    external links that editors attached to this query."""
    normalised = normalise_query_string(query)
    promotions = list(
        SearchPromotion.objects.filter(query__query_string=normalised)
        .select_related("page")
        .order_by("sort_order")
    )
    page_ids, descriptions, external = [], {}, []
    for promotion in promotions:
        if promotion.page_id:
            page = promotion.page
            if page.locale_id != locale.pk:
                page = page.get_translation_or_none(locale)
            if page is not None and page.pk not in page_ids:
                page_ids.append(page.pk)
                descriptions[page.pk] = promotion.description
        elif promotion.external_link_url:
            external.append(
                {
                    "url": promotion.external_link_url,
                    "title": promotion.external_link_text or promotion.external_link_url,
                    "description": promotion.description,
                }
            )
    if not page_ids:
        return [], descriptions, external
    visible = set(visible_pages.filter(pk__in=page_ids).values_list("pk", flat=True))
    return [pk for pk in page_ids if pk in visible], descriptions, external


def log_query(query):
    """Count the query for the "popular searches" report. Never fails the search."""
    try:
        # The usual case, a query already counted today, is one UPDATE.
        counted = QueryDailyHits.objects.filter(
            query__query_string=normalise_query_string(query), date=timezone.now().date()
        ).update(hits=F("hits") + 1)
        if not counted:
            with transaction.atomic():
                Query.get(query).add_hit()
    except DatabaseError:
        logger.warning("Could not log a search query for the popular searches report.")


def _text_of(value, rich=False):
    """Plain text of a field: rich text without its tags; plain text as it is (it is
    escaped when highlighted)."""
    if not value:
        return ""
    text = unescape(strip_tags(str(value))) if rich else str(value)
    return " ".join(text.split())


SHORT_TEXT_FIELDS = ("search_description", "teaser", "summary", "intro", "hero_title")


def _short_texts(page):
    return [
        _text_of(getattr(page, name, ""), rich=_is_rich_text_field(type(page), name))
        for name in SHORT_TEXT_FIELDS
    ]


@functools.lru_cache(maxsize=256)
def _is_rich_text_field(model, name):
    from wagtail.fields import RichTextField

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


def _specific_pages(hits):
    """{pk: specific page} with StreamFields deferred: one query per page type (the
    backends tell the type; only where they did not, Wagtail's specific() finds it)."""
    by_model, unknown = {}, []
    for hit in hits:
        if hit.model is not None:
            by_model.setdefault(hit.model, []).append(hit.pk)
        else:
            unknown.append(hit.pk)
    pages = {}
    for model, pks in by_model.items():
        queryset = model._default_manager.filter(pk__in=pks)
        if hasattr(queryset, "defer_streamfields"):
            queryset = queryset.defer_streamfields()
        pages.update((page.pk, page) for page in queryset)
    if unknown:
        specific = Page.objects.filter(pk__in=unknown).specific().defer_streamfields()
        pages.update((page.pk, page) for page in specific)
    return pages


def _load_results(hits, stems, request, descriptions):
    """Result objects for one page of hits: specific pages with StreamFields deferred,
    documents, bodies only where the short texts do not contain the query."""
    if not hits:
        return []
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
                    type_label=TYPE_LABELS[hit.type],
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
                    type_label=TYPE_LABELS["document"],
                    date=hit.date,
                    snippet=highlight(document.title, stems),
                    file_extension=document.file_extension.upper(),
                )
            )
    return results


# Hints when nothing is found


VOCABULARY_TTL = 600


def vocabulary(locale):
    """{folded word: word} of the titles, descriptions and topics of the locale's live
    pages: the words the site uses, for spelling hints (cached for some minutes)."""
    from home.models import Topic

    key = f"search:vocabulary:{locale.language_code}"
    words = cache.get(key)
    if words is None:
        texts = list(searchable_pages(locale).values_list("title", "search_description").iterator())
        texts += [
            (name, "")
            for name in Topic.objects.filter(locale=locale).values_list("name", flat=True)
        ]
        words = {}
        for title, description in texts:
            for word in f"{title} {description}".split():
                word = word.strip(".,:;!?«»\"'()[]–-")
                if len(word) >= 4 and word.isalpha():
                    words.setdefault(fold(word), word)
        cache.set(key, words, VOCABULARY_TTL)
    return words


def spelling_suggestion(words, locale):
    """The query with unknown words replaced by the closest words of the site, or ""."""
    known = vocabulary(locale)
    suggested, changed = [], False
    for word in words:
        folded = fold(word)
        if folded in known or len(folded) < 4:
            suggested.append(word)
            continue
        close = difflib.get_close_matches(folded, known.keys(), n=1, cutoff=0.75)
        if close:
            suggested.append(known[close[0]])
            changed = True
        else:
            suggested.append(word)
    return " ".join(suggested) if changed else ""


def popular_searches(locale, limit=5, days=30):
    """The most searched terms of the last days, only those made of words the site's
    content uses (so nobody's typed name or nonsense is shown to visitors)."""
    known = vocabulary(locale)
    since = timezone.localdate() - dt.timedelta(days=days)
    popular = []
    for query in Query.get_most_popular(date_since=since)[:50]:
        words = query.query_string.split()
        if words and all(fold(word) in known for word in words):
            popular.append(query.query_string)
        if len(popular) == limit:
            break
    return popular


# The search


def clean_filters(params):
    from strategy.models import ProjectStatus

    filters = {}
    kind = (params.get("type") or "").strip()
    if kind in TYPE_LABELS:
        filters["type"] = kind
    topic = (params.get("topic") or "").strip()
    if topic and len(topic) <= 80 and topic.replace("-", "").replace("_", "").isalnum():
        filters["topic"] = topic
    status = (params.get("status") or "").strip()
    if status in ProjectStatus.values:
        filters["status"] = status
        filters.setdefault("type", "project")
    sort = params.get("sort") if params.get("sort") in SORTS else "relevance"
    return filters, sort


# A cluster pages through at most 10 000 hits (index.max_result_window).
MAX_PAGE_NUMBER = 10_000 // RESULTS_PER_PAGE


def _page_number(value):
    try:
        return min(MAX_PAGE_NUMBER, max(1, int(value or 1)))
    except (TypeError, ValueError):
        return 1


def search(params, request=None, locale=None, log=True):
    """Run a search from request parameters (q, type, topic, status, sort, page)."""
    locale = locale or localization.active_locale()
    language = language_of(locale)
    query = clean_query(params.get("q", ""))
    filters, sort = clean_filters(params)
    outcome = SearchOutcome(query=query, filters=filters, sort=sort)
    if not query:
        outcome.page = Paginator([], RESULTS_PER_PAGE).get_page(1)
        return outcome

    words = query_words(query, language)
    stems = match_stems(words)
    number = _page_number(params.get("page"))
    visible_pages = searchable_pages(locale)
    document_ids = memory.remember(
        f"searchable-documents:{locale.pk}", lambda: searchable_document_ids(locale)
    )
    documents = get_document_model().objects.filter(pk__in=document_ids) if document_ids else None
    promoted_ids, descriptions, external = _promotions(query, locale, visible_pages)

    def operation(backend):
        find = cluster_find if is_cluster(backend) else database_find
        found = find(
            backend, words, language, visible_pages, documents, filters, sort, promoted_ids, number
        )
        return backend, found

    backend, found = run_with_fallback(operation)
    outcome.backend = "cluster" if is_cluster(backend) else "database"
    outcome.degraded = health.has_cluster() and not is_cluster(backend)
    outcome.truncated = found.truncated

    # Dates of what is shown where the backend did not return them, and the promoted.
    undated = [h.pk for h in found.hits if h.kind == "page" and h.date is None]
    # Topics only for promoted pages (filters apply to them); the others just need a date.
    meta, _names = (
        _page_metadata(undated + promoted_ids, topics=bool(promoted_ids))
        if undated or promoted_ids
        else ({}, {})
    )
    for hit in found.hits:
        if hit.kind == "page" and hit.pk in meta:
            hit.date = meta[hit.pk]["date"]
    _add_document_dates([h for h in found.hits if h.kind == "document" and h.date is None])

    promoted = []
    if found.number == 1:
        promoted = [
            Hit("page", pk, promoted=True, **meta[pk])
            for pk in promoted_ids
            if pk in meta and _matches(Hit("page", pk, **meta[pk]), filters)
        ]
        outcome.promoted = _load_results(promoted, stems, request, descriptions)
        outcome.external_promotions = external if not filters else []
    outcome.total = found.total + len(promoted)
    outcome.facets = _facets(found.facets, filters, locale, params)
    paginator = Paginator(
        _LoadedWindow(found.total, _load_results(found.hits, stems, request, descriptions)),
        RESULTS_PER_PAGE,
    )
    outcome.page = paginator.page(found.number)

    if log and found.number == 1 and not params.get("page"):
        log_query(query)
    if not outcome.total and not outcome.external_promotions:
        outcome.suggestion = spelling_suggestion(words, locale)
        outcome.popular = popular_searches(locale)
    return outcome


def _as_date(value):
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _facets(counts, filters, locale, params):
    """Choices per type, topic and project status with their counts (each counted with
    the other filters applied) and the link that selects (or, if selected, removes) each
    value."""
    from home.models import Topic
    from strategy.models import ProjectStatus

    def url(name, value):
        keep = ("q", "type", "topic", "status", "sort")
        changed = {k: v for k, v in params.items() if k in keep and v}
        if filters.get(name) == value:
            changed.pop(name, None)
            if name == "type":
                changed.pop("status", None)
        else:
            changed[name] = value
        return "?" + urlencode(changed)

    def choices(name, labels):
        selected = filters.get(name)
        return [
            FacetChoice(
                value, label, counts[name].get(value, 0), selected == value, url(name, value)
            )
            for value, label in labels
            if counts[name].get(value) or selected == value
        ]

    slugs = set(counts["topic"]) | ({filters["topic"]} if "topic" in filters else set())
    topic_names = memory.remember(
        f"topic-names:{locale.pk}",
        lambda: dict(Topic.objects.filter(locale=locale).values_list("slug", "name")),
    )
    topics = sorted(
        choices("topic", [(slug, topic_names.get(slug, slug)) for slug in slugs]),
        key=lambda choice: (-choice.count, fold(choice.label)),
    )
    return {
        "type": choices("type", TYPE_LABELS.items()),
        "topic": topics,
        "status": choices("status", ProjectStatus.choices),
    }


def autocomplete(raw_query, request=None, locale=None, limit=AUTOCOMPLETE_LIMIT):
    """[{"title", "url", "type"}] of up to `limit` pages whose titles begin with the
    words typed."""
    locale = locale or localization.active_locale()
    query = clean_query(raw_query)
    if len(query) < 2:
        return []
    types = _type_by_content_type()

    def operation(backend):
        return list(backend.autocomplete(query, searchable_pages(locale))[:limit])

    pages = run_with_fallback(operation)
    return [
        {
            "title": page.title,
            "url": page.get_url(request),
            "type": types.get(page.content_type_id, "page"),
            "type_label": str(TYPE_LABELS[types.get(page.content_type_id, "page")]),
        }
        for page in pages
    ]
