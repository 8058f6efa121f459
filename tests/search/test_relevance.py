"""German relevance, on the database backend and on the search node alike."""

import pytest
from wagtail.models import Locale

from search import service
from tests.news.factories import make_news, make_news_index
from tests.search.factories import make_standard_page, paragraphs


def titles(query, locale="de", **params):
    outcome = service.search(
        {"q": query, **params}, locale=Locale.objects.get(language_code=locale), log=False
    )
    return [result.title for result in outcome.page.object_list]


@pytest.fixture
def news_index(home_page):
    return make_news_index(home_page, slug="relevanz-test", title="Relevanz-Test")


def test_singular_finds_plural_and_plural_finds_singular(search_backend, news_index):
    make_news(news_index, "Neue Schnittstellen für Fachapplikationen", slug="plural")
    make_news(news_index, "Die Schnittstelle zum Grundbuch", slug="singular")
    search_backend.refresh()

    for query in ("Schnittstelle", "Schnittstellen"):
        found = titles(query)
        assert "Neue Schnittstellen für Fachapplikationen" in found, query
        assert "Die Schnittstelle zum Grundbuch" in found, query


def test_umlauts_match_their_spelled_out_forms(search_backend, news_index):
    make_news(news_index, "Öffentliche Ämter prüfen Gebühren", slug="umlaut")
    make_news(news_index, "Oeffentliche Aemter und Gebuehren der Zunft", slug="ascii")
    search_backend.refresh()

    for query in ("Ämter", "Aemter", "ämter", "Gebühren", "Gebuehren", "öffentliche"):
        found = titles(query)
        assert "Öffentliche Ämter prüfen Gebühren" in found, query
        assert "Oeffentliche Aemter und Gebuehren der Zunft" in found, query


def test_sharp_s_matches_double_s(search_backend, news_index):
    make_news(news_index, "Die Strassenreinigung der Gemeinde", slug="strasse")
    search_backend.refresh()

    assert "Die Strassenreinigung der Gemeinde" in titles("Straßenreinigung")


def test_words_are_found_in_teaser_body_and_topics(search_backend, news_index):
    make_news(
        news_index,
        "Ein Bericht",
        slug="bericht",
        teaser="Der Kurztext nennt die Quartierzeitung.",
        body=paragraphs("Im Text steht das Wort Glasfaserausbau."),
    )
    search_backend.refresh()

    assert "Ein Bericht" in titles("Quartierzeitung")
    assert "Ein Bericht" in titles("Glasfaserausbau")


def test_title_ranks_above_teaser_above_body(search_backend, news_index):
    make_news(
        news_index,
        "Ein Artikel",
        slug="im-text",
        teaser="Nichts Besonderes.",
        body=paragraphs("Weiter unten ist von Zebrafinken die Rede."),
    )
    make_news(news_index, "Noch ein Artikel", slug="im-kurztext", teaser="Zebrafinken im Kurztext.")
    make_news(news_index, "Zebrafinken im Titel", slug="im-titel", teaser="Nichts Besonderes.")
    search_backend.refresh()

    assert titles("Zebrafinken") == ["Zebrafinken im Titel", "Noch ein Artikel", "Ein Artikel"]


def test_all_words_of_a_query_must_match(search_backend, news_index):
    make_news(news_index, "Kehrichtabfuhr und Grüngut", slug="beide")
    make_news(news_index, "Nur die Kehrichtabfuhr", slug="eines")
    search_backend.refresh()

    found = titles("Kehrichtabfuhr Grüngut")
    assert "Kehrichtabfuhr und Grüngut" in found
    assert "Nur die Kehrichtabfuhr" not in found


def test_stop_words_do_not_prevent_a_match(search_backend, news_index):
    make_news(news_index, "Kehrichtabfuhr im Winter", slug="stop")
    search_backend.refresh()

    assert "Kehrichtabfuhr im Winter" in titles("die Kehrichtabfuhr für den Winter")


@pytest.mark.parametrize(
    "query, title",
    [
        ("Steuererklärung", "Die Internetsteuererklärung kommt"),
        ("Steuererklaerung", "Die Internetsteuererklärung kommt"),
        ("Baubewilligung", "Digitales Baubewilligungsverfahren"),
        ("Bewilligung", "Digitales Baubewilligungsverfahren"),
        ("Verfahren", "Digitales Baubewilligungsverfahren"),
    ],
)
def test_compound_words_are_found_by_their_parts_on_every_backend(
    search_backend, home_page, query, title
):
    """The pages index the parts of their compounds on every backend (home/compounds.py;
    more in test_compound_search.py)."""
    make_standard_page(home_page, "Die Internetsteuererklärung kommt", slug="kompositum-1")
    make_standard_page(home_page, "Digitales Baubewilligungsverfahren", slug="kompositum-2")
    search_backend.refresh()

    assert title in titles(query)


def test_a_compound_query_does_not_match_every_text_with_one_of_its_parts(
    search_backend, home_page
):
    make_standard_page(home_page, "Verzeichnis der Seegemeinden", slug="kompositum-3")
    make_standard_page(home_page, "Seen und Bäche im Kanton", slug="kompositum-4")
    search_backend.refresh()

    assert titles("Seegemeinden") == ["Verzeichnis der Seegemeinden"]
