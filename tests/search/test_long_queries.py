"""Long queries: the search page shortens them to SEARCH_MAX_QUERY_WORDS words (and
MAX_QUERY_LENGTH characters) and says so; the API's ?search= answers 400. Before the cap,
about 95 one-letter words made SQLite FTS5 fail ("parser stack overflow") with a 500."""

import string

import pytest

from search.query import MAX_QUERY_LENGTH, clean

LETTERS = string.ascii_lowercase * 400


def one_letter_words(count):
    return " ".join(LETTERS[:count])


LONG_QUERIES = {
    "95 one-letter words": one_letter_words(95),
    "500 one-letter words": one_letter_words(500),
    "10 kB of one-letter words": one_letter_words(5_000)[:10_000],
    "40 long German words": " ".join(["Steuererklärungen", "Gemeindeverwaltungen"] * 20),
    "one 10 kB word": "Gemeinde" * 1_250,
}


@pytest.mark.parametrize("query", LONG_QUERIES.values(), ids=LONG_QUERIES.keys())
def test_search_page_shortens_a_long_query_and_says_so(search_backend, client, settings, query):
    response = client.get("/de/suche/", {"q": query})
    assert response.status_code == 200
    outcome = response.context["search"]
    assert len(outcome.query.split()) <= settings.SEARCH_MAX_QUERY_WORDS
    assert len(outcome.query) <= MAX_QUERY_LENGTH
    if search_backend.is_node:
        assert outcome.backend == "cluster"
    html = response.content.decode()
    if outcome.cut == "words":
        assert (
            f"Ihre Suche war zu lang und wurde auf die ersten "
            f"{settings.SEARCH_MAX_QUERY_WORDS} Wörter gekürzt." in html
        )
    else:
        assert outcome.cut == "characters"
        assert f"Ihre Suche war zu lang und wurde auf {MAX_QUERY_LENGTH} Zeichen gekürzt." in html
    assert client.get("/de/suche/autocomplete/", {"q": query}).status_code == 200


def test_search_page_searches_the_first_words(search_backend, client, settings):
    settings.SEARCH_MAX_QUERY_WORDS = 2
    response = client.get("/de/suche/", {"q": "eUmzug Luzern x y z"})
    outcome = response.context["search"]
    assert outcome.query == "eUmzug Luzern"
    assert outcome.total > 0  # the two words found something; x y z were dropped
    assert "auf die ersten 2 Wörter gekürzt" in response.content.decode()


def test_a_query_within_the_cap_is_not_shortened(search_backend, client, settings):
    query = one_letter_words(settings.SEARCH_MAX_QUERY_WORDS)
    response = client.get("/de/suche/", {"q": query})
    assert response.status_code == 200
    assert response.context["search"].cut == ""
    assert "gekürzt" not in response.content.decode()


@pytest.mark.parametrize("words", [20, 32])
def test_the_database_backend_takes_the_longest_allowed_queries(client, db, settings, words):
    """Even at 32 words of many forms each (German plurals, umlauts spelled out), the
    SQLite query stays within FTS5's parser stack."""
    settings.SEARCH_MAX_QUERY_WORDS = words
    query = " ".join((["Ämter", "Büros", "Läden", "Güter"] * 8)[:words])
    assert len(query) <= MAX_QUERY_LENGTH
    response = client.get("/de/suche/", {"q": query})
    assert response.status_code == 200
    assert response.context["search"].cut == ""
    assert client.get("/api/v2/pages/", {"search": query}).status_code == 200


@pytest.mark.parametrize("query", LONG_QUERIES.values(), ids=LONG_QUERIES.keys())
def test_api_refuses_a_long_search_with_a_json_message(search_backend, client, query):
    for endpoint in ("pages", "images", "documents"):
        response = client.get(f"/api/v2/{endpoint}/", {"search": query})
        assert response.status_code == 400, endpoint
        message = response.json()["message"]
        assert "'search'" in message
        assert "words" in message or "characters" in message


def test_api_answers_a_search_within_the_cap(search_backend, client, settings):
    query = " ".join(["eUmzug"] + ["x"] * (settings.SEARCH_MAX_QUERY_WORDS - 1))
    assert client.get("/api/v2/pages/", {"search": query}).status_code == 200
    too_long = query + " y"
    response = client.get("/api/v2/pages/", {"search": too_long})
    assert response.status_code == 400
    assert str(settings.SEARCH_MAX_QUERY_WORDS) in response.json()["message"]


def test_clean_reports_what_it_cut(settings):
    settings.SEARCH_MAX_QUERY_WORDS = 20
    assert clean("Gemeinde Kanton").cut == ""
    assert clean(one_letter_words(21)).cut == "words"
    assert clean(one_letter_words(21)).text == one_letter_words(20)
    assert clean("a" * 300).cut == "characters"
    assert clean(" " * 500 + "Gemeinde").cut == "characters"
    assert clean('"a" ' * 30).cut == "words"
