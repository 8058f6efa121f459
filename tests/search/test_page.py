"""The search page /de/suche/: results, facets, filters, sorting, pagination,
promotions, query log and the page without results."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from home.models import Topic
from strategy.models import StrategyDocument
from tests.news.factories import make_news, make_news_index
from tests.search.factories import make_document, make_standard_page
from tests.strategy.factories import (
    make_project,
    make_project_index,
    make_strategy,
    make_strategy_index,
)

SEARCH_URL = "/de/suche/"


def search(client, **params):
    response = client.get(SEARCH_URL, params)
    assert response.status_code == 200
    return response


def result_titles(response):
    return [result.title for result in response.context["search"].page.object_list]


@pytest.fixture
def news_index(home_page):
    return make_news_index(home_page, slug="suchseite-test", title="Suchseite-Test")


@pytest.fixture
def topics(german):
    return {
        slug: Topic.objects.create(name=name, slug=slug, locale=german)
        for slug, name in [("zoologie", "Zoologie"), ("ornithologie", "Ornithologie")]
    }


@pytest.fixture
def finch_content(home_page, news_index, topics):
    """Seven pages about finches: four news, two projects, one standard page."""
    make_news(
        news_index,
        "Zebrafinken im Stadtpark",
        date=datetime.date(2024, 3, 1),
        topics=[topics["zoologie"]],
        slug="stadtpark",
    )
    make_news(
        news_index,
        "Zebrafinken zählen",
        date=datetime.date(2025, 6, 1),
        topics=[topics["zoologie"], topics["ornithologie"]],
        slug="zaehlen",
    )
    make_news(
        news_index,
        "Zebrafinken und Spatzen",
        date=datetime.date(2023, 1, 15),
        topics=[topics["ornithologie"]],
        slug="spatzen",
    )
    make_news(news_index, "Zebrafinken im Winter", date=datetime.date(2022, 12, 1), slug="winter")
    projects = make_project_index(home_page, slug="suchseite-projekte")
    make_project(
        projects,
        "Zebrafinken-Zählung digital",
        status="in_progress",
        topics=[topics["ornithologie"]],
        slug="zaehlung",
    )
    make_project(projects, "Zebrafinken-Register", status="completed", slug="register")
    make_standard_page(home_page, "Über Zebrafinken", intro="Alles über Zebrafinken.")


def test_header_search_box_points_at_the_search_page(client, home_page):
    html = client.get(home_page.url).content.decode()
    assert 'action="/de/suche/"' in html
    assert 'name="q"' in html


def test_empty_query_shows_the_form_without_results(client, db):
    response = search(client)
    assert response.context["search"].page.object_list == []
    assert 'id="search-page-input"' in response.content.decode()


def test_result_shows_title_type_date_snippet_and_link(search_backend, client, news_index):
    news = make_news(
        news_index,
        "Ein Bericht über Vögel",
        date=datetime.date(2024, 5, 17),
        teaser="Im Stadtpark leben wieder Zebrafinken und andere Vögel.",
        slug="voegel",
    )
    search_backend.refresh()

    response = search(client, q="Zebrafinken")
    html = response.content.decode()
    (result,) = response.context["search"].page.object_list
    assert result.title == "Ein Bericht über Vögel"
    assert result.type == "news" and str(result.type_label) == "News"
    assert result.date == datetime.date(2024, 5, 17)
    assert result.url == news.url
    assert f'<a href="{news.url}">Ein Bericht über Vögel</a>' in html
    assert '<time datetime="2024-05-17">' in html
    assert "leben wieder <mark>Zebrafinken</mark> und andere" in html


def test_snippet_is_escaped_before_highlighting(search_backend, client, news_index):
    make_news(
        news_index,
        "Vorsicht",
        teaser='<script>alert("x")</script> Zebrafinken <b>fett</b>',
        slug="escape",
    )
    search_backend.refresh()

    html = search(client, q="Zebrafinken").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>Zebrafinken</mark>" in html
    assert "&lt;b&gt;fett&lt;/b&gt;" in html


def test_snippet_comes_from_the_body_when_the_teaser_lacks_the_query(
    search_backend, client, news_index
):
    from tests.search.factories import paragraphs

    make_news(
        news_index,
        "Jahresbericht",
        teaser="Ein Rückblick auf das Jahr.",
        body=paragraphs("Lange Einleitung. " * 30 + "Dann kamen die Zebrafinken zurück."),
        slug="body-snippet",
    )
    search_backend.refresh()

    (result,) = search(client, q="Zebrafinken").context["search"].page.object_list
    assert "die <mark>Zebrafinken</mark> zurück" in result.snippet
    assert result.snippet.startswith("… ")


def test_facets_count_results_by_type_and_topic(search_backend, client, finch_content):
    search_backend.refresh()

    facets = search(client, q="Zebrafinken").context["search"].facets
    assert {c.value: c.count for c in facets["type"]} == {"news": 4, "project": 2, "page": 1}
    assert {c.value: c.count for c in facets["topic"]} == {"zoologie": 2, "ornithologie": 3}
    assert {c.value: c.count for c in facets["status"]} == {"in_progress": 1, "completed": 1}


def test_filter_by_type(search_backend, client, finch_content):
    search_backend.refresh()

    response = search(client, q="Zebrafinken", type="project")
    assert sorted(result_titles(response)) == [
        "Zebrafinken-Register",
        "Zebrafinken-Zählung digital",
    ]
    # The type facet still offers the other types, counted without the type filter.
    facets = response.context["search"].facets
    assert {c.value: c.count for c in facets["type"]} == {"news": 4, "project": 2, "page": 1}
    assert [c.value for c in facets["type"] if c.selected] == ["project"]


def test_filter_by_topic_counts_types_within_the_topic(search_backend, client, finch_content):
    search_backend.refresh()

    response = search(client, q="Zebrafinken", topic="ornithologie")
    assert sorted(result_titles(response)) == [
        "Zebrafinken und Spatzen",
        "Zebrafinken zählen",
        "Zebrafinken-Zählung digital",
    ]
    facets = response.context["search"].facets
    assert {c.value: c.count for c in facets["type"]} == {"news": 2, "project": 1}


def test_filter_projects_by_status(search_backend, client, finch_content):
    search_backend.refresh()

    response = search(client, q="Zebrafinken", status="completed")
    assert result_titles(response) == ["Zebrafinken-Register"]


def test_facet_links_keep_the_query_and_other_filters(search_backend, client, finch_content):
    search_backend.refresh()

    facets = search(client, q="Zebrafinken", type="news").context["search"].facets
    zoologie = next(c for c in facets["topic"] if c.value == "zoologie")
    assert zoologie.url == "?q=Zebrafinken&type=news&topic=zoologie"
    news = next(c for c in facets["type"] if c.value == "news")
    assert news.url == "?q=Zebrafinken"  # selecting the selected value removes it


def test_unknown_filter_values_are_ignored(search_backend, client, finch_content):
    search_backend.refresh()

    response = search(client, q="Zebrafinken", type="weird", status="nope", sort="random")
    assert len(result_titles(response)) == 7
    assert response.context["search"].filters == {}


def test_sort_by_date_shows_newest_first(search_backend, client, news_index, finch_content):
    search_backend.refresh()

    response = search(client, q="Zebrafinken", type="news", sort="date")
    assert result_titles(response) == [
        "Zebrafinken zählen",
        "Zebrafinken im Stadtpark",
        "Zebrafinken und Spatzen",
        "Zebrafinken im Winter",
    ]


def test_results_are_paginated_and_any_page_number_gives_a_page(search_backend, client, news_index):
    for number in range(13):
        make_news(news_index, f"Zebrafinken Nummer {number}", slug=f"nummer-{number}")
    search_backend.refresh()

    first = search(client, q="Zebrafinken")
    assert len(result_titles(first)) == 10
    assert first.context["search"].total == 13
    assert "page=2" in first.content.decode()
    second = search(client, q="Zebrafinken", page="2")
    assert len(result_titles(second)) == 3
    assert set(result_titles(first)).isdisjoint(result_titles(second))
    assert result_titles(search(client, q="Zebrafinken", page="99")) == result_titles(second)
    assert result_titles(search(client, q="Zebrafinken", page="x")) == result_titles(first)


def test_promoted_results_come_first(search_backend, client, home_page, finch_content):
    promoted = make_standard_page(home_page, "Vogelschutz im Kanton", intro="Ohne das Suchwort.")
    SearchPromotion.objects.create(
        query=Query.get("zebrafinken"),
        page=promoted,
        sort_order=0,
        description="Die Seite der Fachstelle.",
    )
    SearchPromotion.objects.create(
        query=Query.get("zebrafinken"),
        external_link_url="https://vogelwarte.example.ch/",
        external_link_text="Vogelwarte",
        sort_order=1,
    )
    search_backend.refresh()

    response = search(client, q="Zebrafinken")
    outcome = response.context["search"]
    assert [r.title for r in outcome.promoted] == ["Vogelschutz im Kanton"]
    assert outcome.promoted[0].description == "Die Seite der Fachstelle."
    assert "Vogelschutz im Kanton" not in result_titles(response)
    assert len(result_titles(response)) == 7
    assert outcome.total == 8
    html = response.content.decode()
    assert html.index("Vogelschutz im Kanton") < html.index("https://vogelwarte.example.ch/")
    assert html.index("https://vogelwarte.example.ch/") < html.index(result_titles(response)[0])
    # Not on the next pages, and not with a filter it does not match.
    assert search(client, q="Zebrafinken", type="news").context["search"].promoted == []


def test_a_promoted_page_that_matches_is_not_listed_twice(
    search_backend, client, home_page, finch_content
):
    from wagtail.models import Page

    promoted = Page.objects.get(title="Zebrafinken im Winter")
    SearchPromotion.objects.create(query=Query.get("zebrafinken"), page=promoted, sort_order=0)
    search_backend.refresh()

    response = search(client, q="Zebrafinken")
    assert [r.title for r in response.context["search"].promoted] == ["Zebrafinken im Winter"]
    assert "Zebrafinken im Winter" not in result_titles(response)
    assert response.context["search"].total == 7


def test_promoted_pages_that_are_not_live_are_not_shown(
    search_backend, client, home_page, finch_content
):
    draft = make_standard_page(home_page, "Entwurf zum Vogelschutz", live=False)
    SearchPromotion.objects.create(query=Query.get("zebrafinken"), page=draft, sort_order=0)
    search_backend.refresh()

    outcome = search(client, q="Zebrafinken").context["search"]
    assert outcome.promoted == []
    assert "Entwurf zum Vogelschutz" not in result_titles(search(client, q="Zebrafinken"))


def test_queries_are_logged_for_the_popular_searches_report(search_backend, client, finch_content):
    search_backend.refresh()

    search(client, q="Zebrafinken")
    search(client, q="zebrafinken ")  # the same client on the same day counts once
    search(client, q="Zebrafinken", page="2")  # paging is not a new search
    client.get(SEARCH_URL, {"q": "Zebrafinken"}, REMOTE_ADDR="192.0.2.7")
    assert Query.get("zebrafinken").hits == 2


def test_popular_searches_report_lists_the_queries(admin_client, client, finch_content):
    search(client, q="Zebrafinken")
    response = admin_client.get("/admin/searchpicks/reports/search-terms/")
    assert response.status_code == 200
    assert "zebrafinken" in response.content.decode()


def test_no_results_page_suggests_a_spelling_and_popular_searches(
    search_backend, client, finch_content
):
    search_backend.refresh()
    for number in range(3):  # three clients
        client.get(SEARCH_URL, {"q": "Zebrafinken"}, REMOTE_ADDR=f"192.0.2.{number}")
    for number in range(3):  # words the site does not use are never suggested
        client.get(SEARCH_URL, {"q": "Meier Hans"}, REMOTE_ADDR=f"192.0.2.{number}")

    # exact=1: the words as typed (without it, the correction's results show at once)
    response = search(client, q="Zebrafingen", exact="1")
    outcome = response.context["search"]
    assert outcome.total == 0
    assert outcome.suggestion == "Zebrafinken"
    assert "zebrafinken" in outcome.popular
    assert "meier hans" not in outcome.popular
    html = response.content.decode()
    assert "Keine Treffer" in html
    assert '<a href="?q=Zebrafinken">Zebrafinken</a>' in html


def test_documents_of_published_pages_are_found(search_backend, client, home_page):
    strategies = make_strategy_index(home_page, slug="suchseite-strategie")
    strategy = make_strategy(strategies, "Vogelstrategie", slug="vogelstrategie")
    document = make_document("Zebrafinken-Leitfaden 2024")
    StrategyDocument.objects.create(page=strategy, document=document)
    make_document("Zebrafinken intern")  # attached to no page: not published on the site
    search_backend.refresh()

    results = search(client, q="Zebrafinken-Leitfaden").context["search"].page.object_list
    found = {(r.title, r.type, r.url) for r in results}
    assert ("Zebrafinken-Leitfaden 2024", "document", document.url) in found
    # The page that offers it is found by the document's title as well.
    assert ("Vogelstrategie", "strategy", strategy.url) in found
    (leitfaden,) = [r for r in results if r.type == "document"]
    assert leitfaden.file_extension == "PDF"
    assert "Zebrafinken intern" not in [
        r.title for r in search(client, q="Zebrafinken").context["search"].page.object_list
    ]
    only_documents = search(client, q="Zebrafinken", type="document").context["search"]
    assert [r.title for r in only_documents.page.object_list] == ["Zebrafinken-Leitfaden 2024"]


def test_query_count_does_not_grow_with_the_number_of_results(search_backend, client, news_index):
    for number in range(3):
        make_news(news_index, f"Zebrafinken Nummer {number}", slug=f"wenige-{number}")
    for number in range(12):
        make_news(news_index, f"Kanarienvogel Nummer {number}", slug=f"viele-{number}")
    search_backend.refresh()
    search(client, q="Zebrafinken")  # warm caches (site root paths, vocabulary)
    search(client, q="Kanarienvogel")

    def count(query):
        with CaptureQueriesContext(connection) as queries:
            search(client, q=query, page="1")
        return len(queries)

    assert count("Zebrafinken") == count("Kanarienvogel")
    assert count("Kanarienvogel") <= 40
