"""The query the database backend runs (search/ranking.py): on PostgreSQL, which stems
what it matches, a word's spellings are one OR query (one ranking per column instead of
one per spelling), with the same pages found."""

import pytest
from modelsearch.query import And, Or, PlainText

from search.ranking import database_query, one_query_per_word
from tests.search.test_page import finch_content, news_index, search, topics  # noqa: F401


def strings(query):
    if isinstance(query, PlainText):
        return (query.operator, query.query_string)
    return (type(query).__name__, [strings(part) for part in query.subqueries])


def test_the_spellings_of_each_word_become_one_or_query():
    query = one_query_per_word(database_query(["Gemeinden", "Ämter"], "de"))
    assert isinstance(query, And)
    for part in query.subqueries:
        assert isinstance(part, PlainText) and part.operator == "or"
    gemeinde, amter = (set(part.query_string.split()) for part in query.subqueries)
    assert {"gemeinde", "gemeinden"} <= gemeinde
    assert {"ämter", "aemter", "amter"} <= amter


def test_a_spelling_with_a_separator_stays_a_query_of_its_own():
    spellings = ["e-id", "eid", "e-ids", "eids"]
    query = one_query_per_word(Or([PlainText(spelling) for spelling in spellings]))
    assert strings(query) == ("Or", [("or", "eid eids"), ("and", "e-id"), ("and", "e-ids")])


@pytest.mark.django_db
def test_a_word_finds_the_same_pages_in_any_of_its_forms(client, finch_content):  # noqa: F811
    found = {
        word: {hit.url for hit in search(client, q=word).context["search"].page}
        for word in ("Zebrafinken", "Zebrafink")
    }
    assert found["Zebrafinken"] and found["Zebrafinken"] == found["Zebrafink"]
