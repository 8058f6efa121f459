"""The query the database backend runs (search/ranking.py): answered by the full-text
index on both databases; on PostgreSQL, which stems what it matches, a word's spellings
are one OR query (one ranking per column instead of one per spelling), with the same
pages found."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.backends import get_search_backend
from modelsearch.conf import get_app_config
from modelsearch.query import And, Or, PlainText
from wagtail.models import Page

from search.ranking import database_query, one_query_per_word, title_or_body_match
from tests.news.test_listing_scale import query_plan
from tests.search.test_page import finch_content, news_index, search, topics  # noqa: F401


def strings(query):
    if isinstance(query, PlainText):
        return (query.operator, query.query_string)
    return (type(query).__name__, [strings(part) for part in query.subqueries])


def stem(spelling):
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('vlgsite_german', %s)::text", [spelling])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_spellings_of_each_word_become_one_or_query():
    query = one_query_per_word(database_query(["Gemeinden", "Ämter"], "de"), "vlgsite_german")
    assert isinstance(query, And)
    for part in query.subqueries:
        assert isinstance(part, PlainText) and part.operator == "or"
    gemeinde, amter = (part.query_string.split() for part in query.subqueries)
    if connection.vendor == "sqlite":  # no stemming: every spelling is a term
        assert {"gemeinde", "gemeinden"} <= set(gemeinde)
        assert {"ämter", "aemter", "amter"} <= set(amter)
    else:  # one spelling per stem: a term repeated misleads the planner (one_per_stem)
        for spellings, word in ((gemeinde, "Gemeinden"), (amter, "Ämter")):
            stems = [stem(spelling) for spelling in spellings]
            assert len(set(stems)) == len(stems) < len(database_query([word], "de").subqueries)
            assert stem(word) in stems


@pytest.mark.django_db
def test_a_spelling_with_a_separator_stays_a_query_of_its_own():
    spellings = ["e-id", "eid", "e-ids", "eids"]
    query = one_query_per_word(Or([PlainText(spelling) for spelling in spellings]))
    merged = "eid eids" if connection.vendor == "sqlite" else "eid"  # one stem on PostgreSQL
    assert strings(query) == ("Or", [("or", merged), ("and", "e-id"), ("and", "e-ids")])


@pytest.mark.django_db
def test_a_word_finds_the_same_pages_in_any_of_its_forms(client, finch_content):  # noqa: F811
    found = {
        word: {hit.url for hit in search(client, q=word).context["search"].page}
        for word in ("Zebrafinken", "Zebrafink")
    }
    assert found["Zebrafinken"] and found["Zebrafinken"] == found["Zebrafink"]


@pytest.mark.django_db
def test_the_ranked_query_starts_from_the_full_text_index(client, finch_content):  # noqa: F811
    """The backend's own filter on PostgreSQL, `(title || body) @@ query`, is answered by
    no index: every visible page's entry was read for each search (0.6 s at 10,000
    pages). The ranked query must be answered by the full-text index on both databases."""
    with CaptureQueriesContext(connection) as queries:
        response = search(client, q="Zebrafinken")
    assert response.context["search"].total
    marker = "bm25(" if connection.vendor == "sqlite" else "ts_rank("
    ranked = next(q["sql"] for q in queries if marker in q["sql"])
    if connection.vendor == "sqlite":
        assert "VIRTUAL TABLE INDEX" in query_plan(ranked)
        return
    # The ranked query narrows to the candidates: each word in the title or the body.
    assert '"wagtailsearch_indexentry"."title" @@' in ranked, ranked
    assert '"wagtailsearch_indexentry"."body" @@' in ranked, ranked
    # Which index the planner picks for the whole query depends on the table's size
    # and statistics (on 10,000 pages: the GIN indexes, docs/search.md); on this small
    # table the candidates alone show that the GIN index of each column answers them.
    settle_search_index()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a small table is read whole
    plan = candidates_of("Zebrafinken").values("pk").explain()
    assert "Bitmap Index Scan on wagtailsear_title" in plan, plan
    assert "Bitmap Index Scan on wagtailsear_body" in plan, plan


def candidates_of(words):
    """The index entries that postgres_ranked_hits starts from for `words`."""
    backend = get_search_backend()
    query = one_query_per_word(database_query(words.split(), "de"), backend.config)
    compiler = backend.query_compiler_class(Page.objects.live(), query)
    match = title_or_body_match(
        compiler.query, lambda part: compiler.build_tsquery(part, config=backend.config)
    )
    return get_app_config().get_model("IndexEntry").objects.filter(match)


def settle_search_index():
    """The index entries as on a live database, where autovacuum keeps statistics and
    merges the GIN indexes' pending entries: a test database never gets either, and its
    planner then prices the GIN indexes too high."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT gin_clean_pending_list(index.indexrelid) FROM pg_index index "
            "WHERE index.indrelid = 'wagtailsearch_indexentry'::regclass "
            "AND index.indexrelid IN (SELECT oid FROM pg_class WHERE relam = "
            "(SELECT oid FROM pg_am WHERE amname = 'gin'))"
        )
        cursor.execute("ANALYZE wagtailsearch_indexentry")
