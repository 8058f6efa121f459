"""One page of hits of a search, with the number of hits and the facet counts, from
either kind of backend:

- a search cluster (search/engines.py) in one request: it analyses the query itself,
  filters with post_filter, counts facets with aggregations;
- the database backend returns its best matches with their scores
  (search/ranking.py); facets, filters, sorting and paging happen in Python
  (search/facets.py).
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from search import facets
from search.compounds import cluster_query
from search.page_types import FacetSchema, facet_schema, type_by_content_type
from search.ranking import merge_by_score, ranked_hits
from search.results import RESULTS_PER_PAGE, Hit, add_document_dates, as_date


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


def last_page(total):
    return max(1, -(-total // RESULTS_PER_PAGE))


def cluster_find(backend, words, language, pages, documents, filters, sort, excluded, number):
    request = ClusterRequest(
        query=cluster_query(words, language),
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
    last = last_page(response["total"])
    if number > last:  # a page number beyond the end shows the last page
        number = last
        request.offset = (number - 1) * RESULTS_PER_PAGE
        response = backend.faceted_search(request)
    hits = [Hit(**hit) for hit in response["hits"]]
    for hit in hits:
        hit.date = as_date(hit.date)
    return Found(hits, response["total"], response["facets"], number)


def database_find(backend, words, language, pages, documents, filters, sort, excluded, number):
    page_hits, total = ranked_hits(backend, words, pages, language)
    document_hits = []
    if documents is not None:
        document_hits, total_documents = ranked_hits(backend, words, documents, language)
        total += total_documents
    types = type_by_content_type()
    models = {}  # per content type, looked up once per search (up to MAX_HITS hits)
    for _pk, content_type, _score in page_hits:
        if content_type and content_type not in models:
            models[content_type] = ContentType.objects.get_for_id(content_type).model_class()
    page_hits = [
        Hit("page", pk, score, type=types.get(content_type, "page"), model=models.get(content_type))
        for pk, content_type, score in page_hits
    ]
    facets.add_facet_values(page_hits)
    hits = merge_by_score(
        page_hits,
        [Hit("document", pk, score, type="document") for pk, _ct, score in document_hits],
    )
    truncated = total > len(hits)
    counts = facets.count_facets(hits, filters)
    excluded = {("page", pk) for pk in excluded}
    hits = [h for h in hits if facets.matches(h, filters) and h.key not in excluded]
    if sort == "date":
        facts = facets.page_facts([h.pk for h in hits if h.kind == "page"], topics=False)
        for hit in hits:
            if hit.kind == "page" and hit.pk in facts:
                hit.date = facts[hit.pk]["date"]
        add_document_dates([h for h in hits if h.kind == "document"])
        hits.sort(key=lambda h: h.date or dt.date.min, reverse=True)
    number = min(number, last_page(len(hits)))
    start = (number - 1) * RESULTS_PER_PAGE
    return Found(hits[start : start + RESULTS_PER_PAGE], len(hits), counts, number, truncated)
