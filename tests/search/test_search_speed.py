"""What the search remembers per content version to answer fast (search/facets.py): the
facts of the pages it found (type, date, status, topics) are read once, and a
publication shows at once; the autocomplete on SQLite ranks in one query, in the
backend's order."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.backends import get_search_backend

from search import ranking, service
from search.page_types import topic_relations
from search.query import clean_query
from search.ranking import completions
from search.visibility import searchable_pages
from strategy.models import ProjectPage
from tests.search.test_page import finch_content, news_index, search, topics  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_repeated_search_reads_no_page_facts(client, finch_content):  # noqa: F811
    search(client, q="Zebrafinken")
    topic_tables = [field.remote_field.through._meta.db_table for _kind, field in topic_relations()]

    with CaptureQueriesContext(connection) as queries:
        response = search(client, q="Zebrafinken", type="project")

    facets = response.context["search"].facets
    assert {c.value: c.count for c in facets["status"]} == {"in_progress": 1, "completed": 1}
    assert {c.value: c.count for c in facets["topic"]} == {"ornithologie": 1}
    read_topics = [q["sql"] for q in queries if any(t in q["sql"] for t in topic_tables)]
    assert read_topics == []


def test_a_published_change_shows_in_the_facets_at_once(client, finch_content):  # noqa: F811
    search(client, q="Zebrafinken")
    register = ProjectPage.objects.get(slug="register")
    register.status = "in_progress"
    register.save_revision().publish()

    facets = search(client, q="Zebrafinken").context["search"].facets
    assert {c.value: c.count for c in facets["status"]} == {"in_progress": 2}


@pytest.mark.parametrize("candidates", [100, 3, 1])
def test_autocomplete_keeps_the_database_backends_order(german, monkeypatch, candidates):
    """The SQLite autocomplete (search.ranking.completions) ranks in the order of the
    backend's own autocomplete, for every prefix of the demo titles' words: from the best
    candidates of the full-text index where they decide it (few candidates make that
    rare: then from all matches)."""
    monkeypatch.setattr(ranking, "AUTOCOMPLETE_CANDIDATES", candidates)
    backend = get_search_backend("default")
    visible = searchable_pages(german.pk)
    words = {word for title in visible.values_list("title", flat=True) for word in title.split()}
    prefixes = sorted({clean_query(word[:length]) for word in words for length in (2, 4)})
    prefixes = [prefix for prefix in prefixes if len(prefix) >= 2]
    assert len(prefixes) > 50
    found = 0
    for prefix in prefixes:
        expected = [page.pk for page in backend.autocomplete(prefix, visible)[:8]]
        assert [page.pk for page in completions(backend, prefix, visible, 8)] == expected, prefix
        found += len(expected) > 1
    assert found > 20  # orders were compared, not empty lists


def test_a_search_checks_visibility_per_match_and_loads_only_what_it_shows(
    german,
    finch_content,  # noqa: F811
):
    """The full-text queries check each match's page by its key (on SQLite a list of
    every visible page's id, built per query, cost 10 ms at 10,000 pages), and the
    results load the fields they show, not whole page rows."""
    with CaptureQueriesContext(connection) as queries:
        outcome = service.search({"q": "Zebrafinken"}, locale=german, log=False)

    assert outcome.total == 7
    assert all(result.url.startswith("/") for result in outcome.page.object_list)
    marker = " MATCH " if connection.vendor == "sqlite" else " @@ "
    full_text = [q["sql"] for q in queries if marker in q["sql"]]
    assert full_text  # the exact words and the compound tier, of pages and documents
    assert not [sql for sql in full_text if "IN (SELECT CAST" in sql]
    result_types = ("news_newspage", "strategy_projectpage", "home_standardpage")
    whole_rows = [
        q["sql"]
        for q in queries
        if '"wagtailcore_page"."numchild"' in q["sql"] and any(t in q["sql"] for t in result_types)
    ]
    assert whole_rows == []
