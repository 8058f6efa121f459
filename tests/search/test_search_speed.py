"""What the search remembers per content version to answer fast (search/facets.py): the
facts of the pages it found (type, date, status, topics) are read once, and a
publication shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.page_types import topic_relations
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
