"""Mistyped searches (search/suggestions.py, docs/search.md "Typos"): a search that finds
nothing shows the results of a confident correction at once and says so, with a link
that searches the words as typed; on the database backend and on the node."""

from home.cache import memory
from search import suggestions
from search.models import SearchLogEntry
from tests.search.factories import make_standard_page

SEARCH_URL = "/de/suche/"


def search(client, **params):
    response = client.get(SEARCH_URL, params)
    assert response.status_code == 200
    return response, response.context["search"]


def titles(outcome):
    return [result.title for result in outcome.page.object_list]


def test_a_typo_of_the_demo_content_shows_the_corrected_results_and_says_so(search_backend, client):
    response, outcome = search(client, q="Einwohnerprotal")
    assert outcome.total > 0
    assert (outcome.query, outcome.corrected_from) == ("Einwohnerportal", "Einwohnerprotal")
    html = response.content.decode()
    assert "Ergebnisse für «Einwohnerportal»" in html
    assert (
        '<a href="?q=Einwohnerprotal&amp;exact=1">stattdessen suchen nach «Einwohnerprotal»</a>'
        in html
    )
    assert "Keine Treffer" not in html


def test_the_literal_link_searches_the_typed_words_and_finds_nothing(search_backend, client):
    response, outcome = search(client, q="Einwohnerprotal", exact="1")
    assert (outcome.total, outcome.query, outcome.corrected_from) == (0, "Einwohnerprotal", "")
    html = response.content.decode()
    assert "Keine Treffer" in html
    assert "stattdessen suchen nach" not in html
    # The visitor insisted; the correction is still offered as a hint.
    assert '<a href="?q=Einwohnerportal">Einwohnerportal</a>' in html


def test_a_word_only_in_a_body_text_corrects_a_typo(search_backend, client, home_page):
    make_standard_page(
        home_page,
        "Vögel im Park",
        body=["Der neue Vogelbeobachtungsturm steht am Seeufer."],
        slug="vogelturm",
    )
    search_backend.refresh()
    _response, outcome = search(client, q="Vogelbeobachtungstrum")
    assert outcome.corrected_from == "Vogelbeobachtungstrum"
    assert titles(outcome) == ["Vögel im Park"]


def test_a_compound_with_a_typo_in_one_part(search_backend, client):
    _response, outcome = search(client, q="Steuererklärnug")
    assert (outcome.query, outcome.corrected_from) == ("Steuererklärung", "Steuererklärnug")
    assert outcome.total >= 2


def test_a_longer_compound_gets_its_mistyped_part_corrected(search_backend, client, home_page):
    make_standard_page(
        home_page, "Neu im Netz", body=["Die Internetsteuererklärung kommt."], slug="netz"
    )
    search_backend.refresh()
    _response, outcome = search(client, q="Internetsteuererklärnug")
    assert outcome.query == "Internetsteuererklärung"
    assert "Neu im Netz" in titles(outcome)
    # Not a word of the content: the splitter accepts the compound with its part corrected.
    _response, outcome = search(client, q="Gemeindesteuererklärnug", exact="1")
    assert outcome.suggestion == "Gemeindesteuererklärung"


def test_a_nonsense_query_shows_nothing_and_suggests_nothing(search_backend, client):
    response, outcome = search(client, q="xqzvbn wplk")
    assert (outcome.total, outcome.suggestion, outcome.query) == (0, "", "xqzvbn wplk")
    html = response.content.decode()
    assert "Keine Treffer" in html
    assert "Meinten Sie" not in html and "stattdessen suchen nach" not in html


def test_a_query_that_finds_something_is_never_corrected(search_backend, client, home_page):
    # "Zebrafinke" is close to the more frequent "Zebrafinken", but is found itself.
    make_standard_page(home_page, "Die Zebrafinke", slug="zebrafinke")
    for number in range(4):
        make_standard_page(home_page, f"Zebrafinken {number}", slug=f"zebrafinken-{number}")
    search_backend.refresh()
    response, outcome = search(client, q="Steuererklärung")
    assert (outcome.query, outcome.corrected_from) == ("Steuererklärung", "")
    response, outcome = search(client, q="Zebrafinke", exact="")
    assert (outcome.query, outcome.corrected_from) == ("Zebrafinke", "")
    assert "stattdessen suchen nach" not in response.content.decode()


def test_the_log_keeps_what_was_typed(search_backend, client):
    search(client, q="Einwohnerprotal")
    entry = SearchLogEntry.objects.get(query="einwohnerprotal")
    assert entry.had_results  # the visitor was shown results (of the correction)
    assert not SearchLogEntry.objects.filter(query="einwohnerportal").exists()


def test_the_vocabulary_is_capped_to_the_most_frequent_words(db, german, monkeypatch):
    full = suggestions.vocabulary(german.pk)
    assert "einwohnerportal" in full and len(full) > 200  # bodies too, not only titles
    memory.forget_here()
    monkeypatch.setattr(suggestions, "MAX_VOCABULARY", 200)
    capped = suggestions.vocabulary(german.pk)
    assert len(capped) == 200
    lowest_kept = min(capped.count(word) for word in capped.words)
    assert all(full.count(word) <= lowest_kept for word in full.words if word not in capped)


def test_the_index_marked_compound_parts_are_no_words_of_the_vocabulary(db, german):
    # The pages index their compound parts as "qxumzug" …: never a suggestion.
    words = suggestions.vocabulary(german.pk).words
    assert "umzugsmeldung" in words or "einwohnerportal" in words
    assert not [word for word in words if word.startswith("qx")]
