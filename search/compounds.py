"""German compounds in a search: the queries of the compound tier, on every backend.

The dictionary and the splitter live in home/compounds.py (the pages index their marked
parts with them, and `home` imports no other app); this module re-exports them for the
search. A German search has two tiers:

1. the exact words, as before ("Steuer" finds "Steuer", never "Steuerung");
2. the compound tier, ranked below: each query word also matches as a part of an
   indexed compound (the page's marked parts: "Umzug" finds "Umzugsmeldung"), and a
   compound query word also matches when all its parts are there, as words or as parts
   ("Internetsteuererklärung" finds "Steuererklärung im Internet").

The database backends run the tiers as two queries (search/ranking.py), the cluster as
one query with the compound tier's score scaled down (`cluster_query`).
"""

from modelsearch.query import And, Boost, Or, PlainText

from home.compounds import (  # noqa: F401 - the search's names for the shared splitter
    COMPOUND_PART_MARK,
    GERMAN_COMPOUND_PARTS,
    compound_parts_text,
    expand_query_terms,
    folded_compound_parts,
    marked,
    split_compound,
)
from home.text import fold_text
from search.text import word_forms

# The languages whose queries get the compound tier (the dictionary is German).
COMPOUND_LANGUAGES = frozenset({"de"})
# On the cluster, the compound tier's share of the score: small enough that a page with
# the exact words ranks above one that has only their parts.
CLUSTER_COMPOUND_BOOST = 0.01


def query_parts(word):
    """The parts of a compound query word (split_compound), or None for a word that is
    not split."""
    parts = split_compound(word)
    return parts if parts != [fold_text(word)] else None


def _any(queries):
    return queries[0] if len(queries) == 1 else Or(queries)


def _all(queries):
    return queries[0] if len(queries) == 1 else And(queries)


def _word_or_part(word, spellings):
    """The word in each spelling, as a word of the text or as a marked part."""
    forms = list(dict.fromkeys(spellings(word)))
    folded = dict.fromkeys(fold_text(form) for form in forms)
    return [PlainText(form) for form in forms] + [PlainText(marked(form)) for form in folded]


def compound_query(words, language, spellings=None):
    """The compound tier of a query (a modelsearch query), or None for a language
    without it. Every word must match, as itself, as a part, or (a compound) by all its
    parts. `spellings(word)` gives the forms to look for (the database backend's
    word_forms; the cluster analyses words itself)."""
    if language not in COMPOUND_LANGUAGES or not words:
        return None
    spellings = spellings or (lambda word: [word])
    clauses = []
    for word in words:
        options = _word_or_part(word, spellings)
        parts = query_parts(word)
        if parts:
            options.append(_all([_any(_word_or_part(part, spellings)) for part in parts]))
        clauses.append(_any(options))
    return _all(clauses)


def database_compound_query(words, language):
    return compound_query(words, language, lambda word: word_forms(word, language))


def cluster_query(words, language):
    """The query for a cluster: the exact words, and the compound tier scaled down."""
    exact = PlainText(" ".join(words), operator="and")
    compounds = compound_query(words, language)
    if compounds is None:
        return exact
    return Or([exact, Boost(compounds, CLUSTER_COMPOUND_BOOST)])
