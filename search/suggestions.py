"""Hints when a search finds nothing: a correction of mistyped words made of the words of
the site's indexed content, and the popular searches.

How a correction is chosen (docs/search.md, "Typos"):

- The vocabulary of a locale is every word of its live pages' indexed text (titles and
  bodies, as the database index holds them) and its topics, counted, capped at the
  MAX_VOCABULARY most frequent words; built once per process and content version.
- A query word is left alone when the site knows it, when it is short, or when it is a
  compound of known parts (search/compounds.py).
- Otherwise the closest whole words count (optimal string alignment distance: a swap of
  two neighbouring letters is one edit), within allowed_distance() of the word's length;
  a compound counts as one word. Only when no whole word is close enough: the compound
  with one part corrected, where the part before or after it is a known word and the
  splitter accepts the result.
- Confident: one candidate is clearly ahead (a closer distance, or at least
  CLEAR_LEAD times as frequent as the next one at the same distance; a plural or
  inflected form of the leader is no rival). The search page then shows its results at
  once; a candidate that is not clearly ahead is only offered ("Meinten Sie …?").
"""

import functools
import re
from collections import Counter
from dataclasses import dataclass

from django.db.models import CharField
from django.db.models.functions import Cast, Substr
from modelsearch.conf import get_app_config
from modelsearch.utils import get_descendants_content_types_pks
from rapidfuzz import process
from rapidfuzz.distance import OSA
from wagtail.models import Page

from home.cache.memory import remembered
from home.models import Topic
from search.compounds import COMPOUND_PART_MARK, folded_compound_parts, split_compound
from search.log import popular_queries
from search.text import fold, fold_text
from search.visibility import searchable_pages

# The most frequent words kept per locale: bounds memory and matching time at any
# number of pages (rare words are mostly names and typos of the content itself).
MAX_VOCABULARY = 20_000
# Read of each page's indexed body: bounds the one pass per content version at any page
# length (the words that matter to a page are in its title and first paragraphs).
MAX_BODY_CHARACTERS = 5_000
MIN_WORD = 4  # shorter words are neither collected nor corrected
CLEAR_LEAD = 3  # how many times more frequent the leader must be than a rival
_LETTERS = re.compile(r"[^\W\d_]+")
_PUNCTUATION = ".,:;!?«»\"'()[]–-"


class Vocabulary:
    """The words of a locale's content: {folded: (word as written most often, count)}."""

    def __init__(self, counted):
        self.words = counted
        # The choices to match against, by length (each edit changes it by one at most).
        self.by_length = {}
        for folded in counted:
            self.by_length.setdefault(len(folded), []).append(folded)

    def of_length(self, shortest, longest):
        return [w for n in range(shortest, longest + 1) for w in self.by_length.get(n, ())]

    def __contains__(self, folded):
        return folded in self.words

    def __len__(self):
        return len(self.words)

    def count(self, folded):
        return self.words[folded][1]

    def written(self, folded):
        return self.words[folded][0]


def _indexed_texts(locale_id):
    """Title and body of every live public page of the locale, as the database index
    holds them (the cluster's fallback keeps it up to date too)."""
    visible = (
        searchable_pages(locale_id)
        .order_by()
        .annotate(_object_id=Cast("pk", CharField()))
        .values("_object_id")
    )
    # The index's model is registered under Wagtail's app label; PostgreSQL's keeps the
    # plain text beside its vectors.
    entry = get_app_config().get_model("IndexEntry")
    names = {field.name for field in entry._meta.get_fields()}
    fields = ("title_text", "body_text") if "body_text" in names else ("title", "body")
    entries = entry.objects.filter(
        content_type__in=get_descendants_content_types_pks(Page), object_id__in=visible
    ).values_list(fields[0], Substr(fields[1], 1, MAX_BODY_CHARACTERS))
    for title, body in entries.iterator(chunk_size=500):
        yield f"{title or ''} {body or ''}"
    yield from (
        f"{title} {description}"
        for title, description in searchable_pages(locale_id).values_list(
            "title", "search_description"
        )
    )
    yield from Topic.objects.filter(locale_id=locale_id).values_list("name", flat=True)


@remembered
def vocabulary(locale_id):
    """The locale's Vocabulary, built once per content version (one pass over the index's
    text; never per request)."""
    written = Counter()
    for text in _indexed_texts(locale_id):
        written.update(_LETTERS.findall(text))
    counts, spellings = Counter(), {}
    for word, count in written.items():
        # The index's marked compound parts ("qxumzug") are not words of the site.
        if len(word) < MIN_WORD or word.startswith(COMPOUND_PART_MARK):
            continue
        folded = fold_text(word)
        counts[folded] += count
        best = spellings.get(folded)
        if best is None or count > written[best]:
            spellings[folded] = word
    kept = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:MAX_VOCABULARY]
    return Vocabulary({folded: (spellings[folded], count) for folded, count in kept})


@functools.cache
def _compound_parts():
    return frozenset(folded_compound_parts())


def allowed_distance(length):
    """Edits allowed for a word of `length` letters: none below 5, one up to 8, two from 9
    on (about one in five letters)."""
    if length < 5:
        return 0
    return 1 if length <= 8 else 2


def _is_word(folded, known):
    return folded in known or folded in _compound_parts()


def _is_known(folded, known):
    return (
        folded in known
        or folded in _compound_parts()
        or len(folded) < MIN_WORD
        or len(split_compound(folded)) > 1
    )


@dataclass
class Candidate:
    folded: str
    written: str
    distance: int
    count: int


def _closest(folded, known):
    """Candidates within the allowed distance, best first (closest, then most frequent)."""
    limit = allowed_distance(len(folded))
    if not limit:
        return []
    choices = known.of_length(len(folded) - limit, len(folded) + limit)
    found = process.extract(folded, choices, scorer=OSA.distance, score_cutoff=limit, limit=None)
    candidates = [
        Candidate(choice, known.written(choice), distance, known.count(choice))
        for choice, distance, _index in found
    ]
    return sorted(candidates, key=lambda c: (c.distance, -c.count, c.folded))


def _compound_candidates(word, known):
    """The word with one part corrected: the part before or after the cut is a known
    word, the other part is corrected, and the splitter accepts the result."""
    found = {}
    lower = word.lower()  # as long as the word (casefold turns "ß" into "ss")
    for cut in range(MIN_WORD, len(lower) - MIN_WORD + 1):
        head, tail = lower[:cut], lower[cut:]
        head_known, tail_known = _is_word(fold_text(head), known), _is_word(fold_text(tail), known)
        if head_known == tail_known:
            continue
        if head_known:
            parts = [(word[:cut] + c.written.lower(), c) for c in _closest(fold_text(tail), known)]
        else:
            parts = [(c.written + tail, c) for c in _closest(fold_text(head), known)]
        for written, candidate in parts:
            folded = fold_text(written)
            if folded not in found and len(split_compound(folded)) > 1:
                found[folded] = Candidate(folded, written, candidate.distance, candidate.count)
    return sorted(found.values(), key=lambda c: (c.distance, -c.count, c.folded))


def _is_form_of(one, other):
    """A plural or inflected form: one word is the other plus at most two letters."""
    shorter, longer = sorted((one, other), key=len)
    return longer.startswith(shorter) and len(longer) - len(shorter) <= 2


def _clearly_ahead(candidates):
    best = candidates[0]
    for rival in candidates[1:]:
        if rival.distance > best.distance:
            return True
        if not _is_form_of(rival.folded, best.folded):
            return best.count >= CLEAR_LEAD * rival.count
    return True


@dataclass
class Correction:
    text: str = ""  # the query with its mistyped words corrected, or "" for none
    confident: bool = False


def correction(query, locale_id):
    """The query with each unknown word replaced by its best candidate; confident when
    every replaced word had one candidate clearly ahead."""
    known = vocabulary(locale_id)
    corrected, changed, confident = [], False, True
    for token in query.split():
        word = token.strip(_PUNCTUATION)
        folded = fold(word)
        if not word.isalpha() or _is_known(folded, known):
            corrected.append(token)
            continue
        candidates = _closest(folded, known) or _compound_candidates(word, known)
        if not candidates:
            corrected.append(token)
            continue
        written = candidates[0].written
        if word[0].isupper():  # as typed: "Portial" → "Portail", not "portail"
            written = written[0].upper() + written[1:]
        corrected.append(token.replace(word, written))
        changed = True
        confident = confident and _clearly_ahead(candidates)
    if not changed:
        return Correction()
    return Correction(" ".join(corrected), confident)


def popular_searches(locale_id, limit=5, days=30):
    """The most searched terms of the last days that found something and that enough
    clients searched (search/log.py), only those made of words the site's content uses
    (so nobody's typed name or nonsense is shown to visitors)."""
    known = vocabulary(locale_id)
    popular = []
    for query in popular_queries(locale_id, days=days):
        words = query.split()
        if words and all(fold(word) in known for word in words):
            popular.append(query)
        if len(popular) == limit:
            break
    return popular
