"""A search stays in the visitor's language and uses that language's analysis."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.search.factories import home_in, make_standard_page


@pytest.fixture
def pages_in_three_languages(home_page):
    french_home = home_in(home_page, "fr")
    english_home = home_in(home_page, "en")
    return {
        "de": make_standard_page(
            home_page,
            "Verzeichnis der Seegemeinden",
            intro="Die Seegemeinden am Vierwaldstättersee im Überblick.",
            slug="seegemeinden",
        ),
        "fr": make_standard_page(
            french_home,
            "Le répertoire des communes lacustres",
            intro="Les communes lacustres du lac des Quatre-Cantons en un coup d'œil.",
            slug="communes-lacustres",
        ),
        "en": make_standard_page(
            english_home,
            "Directory of the lakeside municipalities",
            intro="The lakeside municipalities of Lake Lucerne at a glance.",
            slug="lakeside-municipalities",
        ),
    }


def results(client, language, query):
    with translation.override(language):
        path = reverse("search")
    assert path.startswith(f"/{language}/")
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    return response.context["search"].page.object_list


def test_search_shows_only_pages_of_the_visitors_language(
    search_backend, client, pages_in_three_languages
):
    search_backend.refresh()

    german = [r.title for r in results(client, "de", "Seegemeinden")]
    assert german == ["Verzeichnis der Seegemeinden"]
    # The French page's title is not found from the German search, and vice versa.
    assert results(client, "de", "lacustres") == []
    assert [r.title for r in results(client, "fr", "lacustres")] == [
        "Le répertoire des communes lacustres"
    ]
    assert results(client, "fr", "Seegemeinden") == []
    assert results(client, "en", "lacustres") == []


def test_french_singular_finds_the_plural(search_backend, client, pages_in_three_languages):
    search_backend.refresh()

    found = [r.title for r in results(client, "fr", "commune lacustre")]
    assert found == ["Le répertoire des communes lacustres"]


def test_french_accents_are_folded(search_backend, client, pages_in_three_languages):
    search_backend.refresh()

    found = [r.title for r in results(client, "fr", "repertoire")]
    assert found == ["Le répertoire des communes lacustres"]


def test_english_plural_finds_the_singular(search_backend, client, pages_in_three_languages):
    search_backend.refresh()

    found = [r.title for r in results(client, "en", "lakeside municipality")]
    assert found == ["Directory of the lakeside municipalities"]


def test_result_links_point_into_the_visitors_language(
    search_backend, client, pages_in_three_languages
):
    search_backend.refresh()

    (result,) = results(client, "fr", "lacustres")
    assert result.url.startswith("/fr/")


def api_search(client, query, locale):
    response = client.get("/api/v2/pages/", {"search": query, "locale": locale})
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_api_search_stays_in_the_requested_locale_and_uses_its_analysis(
    search_backend, client, pages_in_three_languages
):
    search_backend.refresh()

    # German stemming: the singular finds the page about the plural.
    assert api_search(client, "Seegemeinde", "de") == ["Verzeichnis der Seegemeinden"]
    assert api_search(client, "lacustres", "de") == []
    # French: singular finds the plural, in the French locale only.
    assert api_search(client, "lacustre", "fr") == ["Le répertoire des communes lacustres"]
    assert api_search(client, "lakeside municipality", "en") == [
        "Directory of the lakeside municipalities"
    ]
    assert api_search(client, "lakeside municipality", "fr") == []
