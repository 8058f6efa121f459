"""The one search service of the site: the search page, the autocomplete endpoint and the
API's `?search=` use it.

How a search runs:

1. The query is cleaned (search/query.py) and split into meaningful words.
2. What the visitor may see (search/visibility.py): live, public pages of the active
   locale, and the documents that such pages offer for download.
3. The backend finds, ranks, filters, counts facets and returns one page of hits
   (search/finders.py): a search cluster in one request, or the database backend with
   facets, filters, sorting and paging in Python (search/ranking.py, search/facets.py).
   What the search knows of page types, they declare (search/page_types.py).
4. If the cluster fails (connection, timeout, HTTP error), the same search runs on the
   database backend ("fallback"), a warning is logged and the failure recorded for the
   health check (search/health.py).
5. Only the shown page of results is loaded, with a highlighted snippet each
   (search/results.py). Promoted results (search/promotions.py) come first; a search
   without results shows the results of a confident correction of its words instead
   (one more backend search), or gets hints (search/suggestions.py).
6. The query goes to the search log (search/log.py), written after the response.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from wagtail.documents import get_document_model

from home import localization
from search import facets, health
from search.cluster import is_cluster
from search.compounds import cluster_query
from search.finders import cluster_find, database_find
from search.log import log_query
from search.page_types import type_by_content_type, type_labels
from search.promotions import promotions
from search.query import MAX_QUERY_LENGTH, clean, clean_query, max_query_words
from search.quick_links import quick_links
from search.ranking import MAX_HITS, completions, ranked_hits
from search.results import (
    RESULTS_PER_PAGE,
    Hit,
    LoadedWindow,
    SearchOutcome,
    add_document_dates,
    load_results,
)
from search.suggestions import correction, popular_searches
from search.text import match_stems, query_words
from search.visibility import searchable_document_ids, searchable_pages

AUTOCOMPLETE_LIMIT = 8
# ?exact=1: search the words as typed, without correcting them.
LITERAL = "exact"
# A cluster pages through at most 10 000 hits (index.max_result_window).
MAX_PAGE_NUMBER = 10_000 // RESULTS_PER_PAGE


def language_of(locale):
    return locale.language_code.split("-")[0].lower()


def _page_number(value):
    try:
        return min(MAX_PAGE_NUMBER, max(1, int(value or 1)))
    except (TypeError, ValueError):
        return 1


def _with_query(params, query):
    """The parameters (a dict or a QueryDict) with another query, one value each."""
    return {**{key: params.get(key) for key in params}, "q": query}


def search(params, request=None, locale=None, log=True, correct=True):
    """Run a search from request parameters (q, type, topic, status, sort, page, exact).

    A search that finds nothing, with mistyped words that one correction clearly fixes
    (search/suggestions.py), shows the results of the corrected words instead, unless
    `exact` asks for the words as typed; the outcome names what was typed."""
    locale = locale or localization.active_locale()
    language = language_of(locale)
    cleaned = clean(params.get("q", ""))
    query = cleaned.text
    filters, sort = facets.clean_filters(params)
    limit = {"words": max_query_words(), "characters": MAX_QUERY_LENGTH}.get(cleaned.cut, 0)
    outcome = SearchOutcome(
        query=query, filters=filters, sort=sort, cut=cleaned.cut, cut_limit=limit
    )
    if not query:
        outcome.page = Paginator([], RESULTS_PER_PAGE).get_page(1)
        return outcome

    words = query_words(query, language)
    stems = match_stems(words)
    number = _page_number(params.get("page"))
    visible_pages = searchable_pages(locale.pk)
    document_ids = searchable_document_ids(locale.pk)
    documents = get_document_model().objects.filter(pk__in=document_ids) if document_ids else None
    promoted_ids, descriptions, external = promotions(query, locale, visible_pages)
    outcome.quick_links = quick_links(query, locale)

    def operation(backend):
        find = cluster_find if is_cluster(backend) else database_find
        found = find(
            backend, words, language, visible_pages, documents, filters, sort, promoted_ids, number
        )
        return backend, found

    backend, found = health.run_with_fallback(operation)
    outcome.backend = "cluster" if is_cluster(backend) else "database"
    outcome.degraded = health.has_cluster() and not is_cluster(backend)
    outcome.truncated = found.truncated

    # Dates of what is shown where the backend did not return them, and the promoted.
    undated = [h.pk for h in found.hits if h.kind == "page" and h.date is None]
    # Topics only for promoted pages (filters apply to them); the others just need a date.
    facts = (
        facets.page_facts(undated + promoted_ids, topics=bool(promoted_ids))
        if undated or promoted_ids
        else {}
    )
    for hit in found.hits:
        if hit.kind == "page" and hit.pk in facts:
            hit.date = facts[hit.pk]["date"]
    add_document_dates([h for h in found.hits if h.kind == "document" and h.date is None])

    promoted = []
    if found.number == 1:
        promoted = [
            Hit("page", pk, promoted=True, **facts[pk])
            for pk in promoted_ids
            if pk in facts and facets.matches(Hit("page", pk, **facts[pk]), filters)
        ]
        outcome.promoted = load_results(promoted, stems, request, descriptions)
        outcome.external_promotions = external if not filters else []
    outcome.total = found.total + len(promoted)
    outcome.facets = facets.facet_choices(found.facets, filters, locale.pk, params)
    paginator = Paginator(
        LoadedWindow(found.total, load_results(found.hits, stems, request, descriptions)),
        RESULTS_PER_PAGE,
    )
    outcome.page = paginator.page(found.number)

    found_something = bool(outcome.total or outcome.external_promotions or outcome.quick_links)
    new_search = request is not None and found.number == 1 and not params.get("page")
    if not found_something and correct:
        fix = correction(query, locale.pk)
        if fix.confident and not params.get(LITERAL):
            # One more backend search, for the corrected words; never corrected again.
            retried = search(_with_query(params, fix.text), request, locale, False, False)
            if retried.total or retried.external_promotions or retried.quick_links:
                retried.corrected_from = query
                retried.cut, retried.cut_limit = outcome.cut, outcome.cut_limit
                retried.literal_link = "?" + urlencode({"q": query, **filters, LITERAL: "1"})
                if log and new_search:  # what was typed; the visitor got results
                    log_query(query, request, locale.pk, had_results=True)
                return retried
        outcome.suggestion = fix.text
        outcome.popular = popular_searches(locale.pk)
    if log and new_search:
        log_query(query, request, locale.pk, had_results=found_something)
    return outcome


def autocomplete(raw_query, request=None, locale=None, limit=AUTOCOMPLETE_LIMIT):
    """[{"title", "url", "type", "type_label"}] of up to `limit` pages whose titles
    begin with the words typed."""
    locale = locale or localization.active_locale()
    query = clean_query(raw_query)
    if len(query) < 2:
        return []
    types = type_by_content_type()
    labels = type_labels()

    # Only what a suggestion shows: its title, type and the path its URL is made of.
    visible = searchable_pages(locale.pk).only("title", "url_path", "content_type_id")

    def operation(backend):
        return completions(backend, query, visible, limit)

    pages = health.run_with_fallback(operation)
    return [
        {
            "title": page.title,
            "url": page.get_url(request),
            "type": types.get(page.content_type_id, "page"),
            "type_label": str(labels[types.get(page.content_type_id, "page")]),
        }
        for page in pages
    ]


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
            found = backend.search(cluster_query(words, language), queryset, language=language)
            return [obj.pk for obj in found[:MAX_HITS]]
        hits, _total = ranked_hits(backend, words, queryset, language)
        return [pk for pk, _content_type, _score in hits]

    return health.run_with_fallback(operation)
