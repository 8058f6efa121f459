"""The autocomplete endpoint and the combobox markup of the search boxes."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from tests.news.factories import make_news, make_news_index

AUTOCOMPLETE_URL = "/de/suche/autocomplete/"


@pytest.fixture
def heron_news(home_page):
    index = make_news_index(home_page, slug="autocomplete-test", title="Autocomplete-Test")
    return [
        make_news(index, f"Purpurreiher Meldung {number}", slug=f"purpurreiher-{number}")
        for number in range(10)
    ]


def test_suggests_titles_starting_with_what_was_typed(search_backend, client, heron_news):
    search_backend.refresh()

    response = client.get(AUTOCOMPLETE_URL, {"q": "Purpurr"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    suggestions = response.json()
    assert len(suggestions) == 8
    first = suggestions[0]
    assert set(first) == {"title", "url", "type", "type_label"}
    assert first["title"].startswith("Purpurreiher Meldung")
    assert first["type"] == "news" and first["type_label"] == "News"
    assert first["url"].startswith("/de/autocomplete-test/purpurreiher-")


def test_umlauts_in_what_was_typed_are_folded(search_backend, client, home_page):
    index = make_news_index(home_page, slug="autocomplete-umlaut")
    make_news(index, "Übersicht der Zürcher Vorlagen", slug="uebersicht")
    search_backend.refresh()

    for typed in ("Übersi", "ubersi"):
        titles = [s["title"] for s in client.get(AUTOCOMPLETE_URL, {"q": typed}).json()]
        assert "Übersicht der Zürcher Vorlagen" in titles, typed


def test_short_or_hostile_input_gives_an_empty_list(search_backend, client, heron_news):
    search_backend.refresh()

    for typed in ("", "P", '"', "*", "  ", "\x00\x01", "(" * 500, "a" * 10_000):
        response = client.get(AUTOCOMPLETE_URL, {"q": typed})
        assert response.status_code == 200
        assert isinstance(response.json(), list)


def test_suggestions_stay_in_the_visitors_language(search_backend, client, heron_news):
    search_backend.refresh()

    assert client.get("/de/suche/autocomplete/", {"q": "Purpurr"}).json()
    from django.urls import reverse
    from django.utils import translation

    with translation.override("fr"):
        french = reverse("search_autocomplete")
    assert client.get(french, {"q": "Purpurr"}).json() == []


def test_search_boxes_carry_the_combobox_hooks_and_work_without_javascript(client, home_page):
    html = client.get(home_page.url).content.decode()
    assert 'data-autocomplete-url="/de/suche/autocomplete/"' in html
    assert 'data-autocomplete-many="{count} Vorschläge. Mit den Pfeiltasten auswählen."' in html
    # The form is a plain GET form to the search page: it works without the script.
    assert 'action="/de/suche/" method="get"' in html
    assert 'src="/static/search/js/autocomplete.js" defer' in html
    assert "<script>" not in html  # no inline script (a CSP will forbid them)


def test_script_uses_no_external_library():
    source = Path(finders.find("search/js/autocomplete.js")).read_text()
    assert "import " not in source and "require(" not in source


DOM_SHIM = Path(__file__).with_name("autocomplete_dom_shim.js")


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_combobox_keyboard_and_aria_behaviour():
    """Runs the real script in Node.js against a small DOM stand-in: ARIA roles and
    states, ArrowDown/ArrowUp/Enter/Escape, the live region."""
    script = finders.find("search/js/autocomplete.js")
    result = subprocess.run(
        ["node", str(DOM_SHIM), script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["failures"] == [], report
