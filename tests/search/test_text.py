"""The language helpers: folding, word forms, excerpts and highlighting."""

import pytest

from search.text import (
    excerpt,
    fold,
    german_fold,
    highlight,
    match_stems,
    query_words,
    word_forms,
)

GERMAN2_CASES = {
    "aemter": "amter",
    "ämter": "amter",
    "mueller": "muller",
    "müller": "muller",
    "straße": "strasse",
    "steuer": "steuer",
    "quelle": "quelle",
    "neue": "neue",
    "frauen": "frauen",
    "treue": "treue",
    "zuerich": "zurich",
    "gebuehren": "gebuhren",
    "qualitaet": "qualitat",
    "oekologie": "okologie",
}


@pytest.mark.parametrize("word, folded", GERMAN2_CASES.items())
def test_german_fold_follows_the_german2_rules(word, folded):
    assert german_fold(word) == folded


def test_german_fold_is_what_the_search_node_does(search_node):
    """The compound dictionary is folded in Python; the node must fold the same way."""
    from tests.search.conftest import make_client

    response = make_client(search_node.url).indices.analyze(
        body={
            "tokenizer": "standard",
            "filter": ["lowercase", "german_normalization"],
            "text": " ".join(GERMAN2_CASES),
        }
    )
    assert [token["token"] for token in response["tokens"]] == list(GERMAN2_CASES.values())


def test_fold_removes_accents_and_case():
    assert fold("Élection") == "election"
    assert fold("Gemeindeämter") == "gemeindeamter"


def test_word_forms_cover_plural_singular_and_umlaut_spellings():
    assert {"gemeinde", "gemeinden"} <= set(word_forms("Gemeinden", "de"))
    assert {"gemeinde", "gemeinden"} <= set(word_forms("Gemeinde", "de"))
    assert {"ämter", "aemter", "amter"} <= set(word_forms("Ämter", "de"))
    assert "amter" in word_forms("Aemter", "de")
    assert {"commune", "communes"} <= set(word_forms("commune", "fr"))
    assert {"municipality", "municipalities"} <= set(word_forms("municipality", "en"))
    assert {"comune", "comuni"} <= set(word_forms("comune", "it"))


def test_query_words_drop_stop_words_unless_nothing_else_is_left():
    assert query_words("die Steuer der Gemeinden", "de") == ["Steuer", "Gemeinden"]
    assert query_words("die der", "de") == ["die", "der"]
    assert query_words("les communes", "fr") == ["communes"]


def test_highlight_escapes_and_marks_words_containing_a_stem():
    stems = match_stems(["Steuererklärungen"])
    html = highlight('Die <Internetsteuererklärung> & "Steuererklaerung"', stems)
    assert html == (
        "Die &lt;<mark>Internetsteuererklärung</mark>&gt; &amp; "
        "&quot;<mark>Steuererklaerung</mark>&quot;"
    )


def test_excerpt_is_cut_at_words_around_the_first_match():
    text = "Einleitung " * 40 + "Hier steht Zebrafinken im Text. " + "Schluss " * 40
    passage = excerpt(text, match_stems(["Zebrafinken"]), length=80)
    assert passage.startswith("… ") and passage.endswith(" …")
    assert "Zebrafinken" in passage
    assert len(passage) <= 84
