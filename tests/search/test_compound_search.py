"""German compounds in searches, on the database backend (SQLite here, PostgreSQL with
DATABASE_URL) and on the search node: what a visitor finds (home/compounds.py,
search/compounds.py, docs/search.md "Compound words")."""

import pytest
from wagtail.models import Locale

from search import service
from tests.search.factories import make_standard_page


def titles(query, locale="de"):
    outcome = service.search(
        {"q": query}, locale=Locale.objects.get(language_code=locale), log=False
    )
    return [result.title for result in outcome.page.object_list]


# Pages with words the demo content does not use in their titles.
INTERNET = "Zolliker Merkblatt: die Steuererklärung im Internet"
COMPOUND = "Zolliker Hinweise zur Internetsteuererklärung"
PLURAL = "Zolliker Fristen für Internetsteuererklärungen"
EXACT = "Zolliker Steuererklärung auf Papier"
STEUERUNG = "Zolliker Steuerung und Erklärung des Vorhabens"
MOVE = "Zolliker Formular zur Umzugsmeldung"
MOVE_EXACT = "Zolliker Umzug: was zu tun ist"
SEPARATED = "Einwohnerportal_LU"
DOTTED = "my.lu.ch"


@pytest.fixture
def pages(search_backend, home_page):
    make_standard_page(home_page, INTERNET, intro="Die Steuererklärung im Internet einreichen.")
    make_standard_page(home_page, COMPOUND, body=["Die Internetsteuererklärung spart Papier."])
    make_standard_page(home_page, PLURAL, intro="Internetsteuererklärungen gehen bis März ein.")
    make_standard_page(home_page, EXACT, intro="Wer die Steuererklärung lieber von Hand macht.")
    make_standard_page(home_page, STEUERUNG, intro="Die Steuerung des Projekts, eine Erklärung.")
    make_standard_page(home_page, MOVE, body=["Die Umzugsmeldung geht an die Gemeinde."])
    make_standard_page(home_page, MOVE_EXACT, intro="Beim Umzug melden Sie sich an.")
    make_standard_page(home_page, SEPARATED, slug="einwohnerportal-lu", intro="Zolliker Portal.")
    make_standard_page(home_page, DOTTED, slug="my-lu-ch", intro="Zolliker Dienste online.")
    search_backend.refresh()


def test_a_compound_in_the_query_finds_its_parts(pages):
    found = titles("Internetsteuererklärung")
    assert INTERNET in found
    assert COMPOUND in found and PLURAL in found  # and the compound itself, of course
    assert STEUERUNG not in found  # "Steuerung" is no "Steuer"


def test_a_word_finds_the_compounds_it_stands_in(pages):
    found = titles("Steuererklärung")
    assert {COMPOUND, PLURAL, EXACT, INTERNET} <= set(found)
    assert STEUERUNG not in found
    assert MOVE in titles("Umzug")


def test_a_part_of_a_compound_finds_it(pages):
    found = titles("Erklärung")
    assert COMPOUND in found and STEUERUNG in found  # STEUERUNG has the word itself
    assert MOVE in titles("Meldung")


def test_steuer_does_not_find_steuerung(pages):
    found = titles("Steuer")
    assert COMPOUND in found and EXACT in found  # Steuer- inside Steuererklärung
    assert STEUERUNG not in found


@pytest.mark.parametrize(
    "query", ["Steuererklaerung", "STEUERERKLÄRUNG", "Internetsteuererklaerung"]
)
def test_umlaut_spellings(pages, query):
    found = titles(query)
    assert COMPOUND in found and INTERNET in found
    assert STEUERUNG not in found


@pytest.mark.parametrize("query", ["Steuererklärungen", "Internetsteuererklärungen"])
def test_plural_forms(pages, query):
    found = titles(query)
    assert {COMPOUND, PLURAL, INTERNET} <= set(found)
    assert STEUERUNG not in found
    assert MOVE in titles("Umzüge") or MOVE in titles("Umzugs")


def test_exact_matches_rank_above_compound_matches(pages):
    found = titles("Steuererklärung")
    assert found.index(EXACT) < found.index(COMPOUND)
    assert found.index(INTERNET) < found.index(PLURAL)
    found = titles("Umzug")
    assert found.index(MOVE_EXACT) < found.index(MOVE)
    found = titles("Internetsteuererklärung")
    assert found.index(COMPOUND) < found.index(INTERNET)


def test_titles_with_separators_are_found_by_their_parts(pages):
    assert SEPARATED in titles("Einwohnerportal")
    assert SEPARATED in titles("Einwohnerportal LU")
    # "lu" alone matches much of the demo content (Kanton LU): with "my" it is the page.
    assert DOTTED in titles("my lu")
    assert DOTTED in titles("my")
    assert SEPARATED not in titles("Einwohnerportale Bern")


@pytest.mark.parametrize("query", ["Internetsteuererklärung", "Gemeindedigitalisierung"])
def test_the_issues_queries_find_demo_content(search_backend, query):
    outcome = service.search({"q": query}, locale=Locale.objects.get(language_code="de"), log=False)
    assert outcome.total >= 1, query
