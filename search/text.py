"""Language helpers of the search: folding, word forms, stop words, snippets.

Pure Python, no Django models: the index settings (search/index_settings.py) use the
German folding to write the compound dictionary in the form the analyzer sees, the
search service uses the word forms to make the database backend forgiving, and the
result page uses the highlighting.
"""

import functools
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from home.text import fold_text, german_fold

_WORD = re.compile(r"\w+", re.UNICODE)

# Small stop-word lists: words that carry no meaning in a query. The database backend
# combines the words of a query with AND, so "Strategie der Gemeinden" must not require
# "der". (The search node's analyzers have their own, longer lists.)
STOP_WORDS = {
    "de": set(
        "aber als am an auch auf aus bei bin bis da das dass dem den der des die doch du "
        "durch ein eine einem einen einer eines er es für fur hat ich ihr im in ist ja "
        "kann mit nach nicht noch nur ob oder sie sind so über uber um und uns vom von "
        "vor war was wie wir wird zu zum zur".split()
    ),
    "fr": set(
        "au aux avec ce ces dans de des du elle en et il la le les leur lui mais me même "
        "mes ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes "
        "toi ton tu un une vos votre vous".split()
    ),
    "it": set(
        "a al alla alle agli ai che chi con da dal dalla dei del della delle di e gli i "
        "il in la le lo ma negli nei nel nella non o per più si su sul sulla tra un una "
        "uno".split()
    ),
    "en": set(
        "a an and are as at be by for from has in is it of on or that the their this to "
        "was were will with".split()
    ),
}


@functools.lru_cache(maxsize=20_000)
def fold(word):
    """fold_text() for a single word, remembered (snippets repeat the same words)."""
    return fold_text(word)


def query_words(query, language):
    """The words of a cleaned query that carry meaning (stop words dropped, unless the
    query has nothing else)."""
    words = query.split()
    stop = STOP_WORDS.get(language, set())
    meaningful = [w for w in words if w.casefold() not in stop]
    return meaningful or words


GERMAN_ENDINGS = ("en", "er", "es", "em", "e", "n", "s")


def _german_forms(word):
    """The word, its stem without an inflection ending, and the stem with each ending:
    Gemeinde/Gemeinden, Projekt/Projekte/Projekts, elektronisch/elektronischer/-en."""
    forms = {word}
    if len(word) < 4:
        return forms
    stem = word
    for ending in GERMAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            stem = word[: -len(ending)]
            break
    forms.add(stem)
    forms.update(stem + ending for ending in GERMAN_ENDINGS)
    if word.endswith(("er", "el")):
        forms.add(word + "n")  # Kinder → Kindern, Regel → Regeln
    return forms


def _french_forms(word):
    if len(word) < 4:
        return {word}
    if word.endswith(("s", "x")):
        return {word, word[:-1]}
    return {word, word + "s"}


def _italian_forms(word):
    if len(word) < 4:
        return {word}
    stem, last = word[:-1], word[-1]
    endings = {"o": "i", "a": "e", "e": "i", "i": "oe", "à": ""}.get(last)
    if endings is None:
        return {word}
    return {word} | {stem + ending for ending in endings}


def _english_forms(word):
    if len(word) < 4:
        return {word}
    if word.endswith("ies"):
        return {word, word[:-3] + "y"}
    if word.endswith("s"):
        return {word, word[:-1]}
    if word.endswith("y"):
        return {word, word[:-1] + "ies"}
    return {word, word + "s"}


_FORMS = {"de": _german_forms, "fr": _french_forms, "it": _italian_forms, "en": _english_forms}


def word_forms(word, language):
    """Spellings of a query word that should find the same documents on a backend
    without stemming (SQLite FTS5): singular and plural, and for German the umlaut
    spelled out or folded ("Ämter", "Aemter", "amter"). Generous on purpose: forms that
    no document contains cost nothing."""
    word = word.casefold()
    bases = {word}
    if language == "de":
        bases |= {
            german_fold(word),
            word.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss"),
        }
    make_forms = _FORMS.get(language, lambda w: {w})
    forms = set()
    for base in bases:
        forms |= make_forms(base)
    return sorted(forms)


def match_stems(words):
    """Folded stems of the query words, used to find them again in a text: the compound
    "Internetsteuererklärung" contains the stem of "Steuererklärungen"."""
    stems = set()
    for word in words:
        folded = fold_text(word)
        for suffix in ("en", "es", "er", "e", "n", "s"):
            if len(folded) - len(suffix) >= 4 and folded.endswith(suffix):
                folded = folded[: -len(suffix)]
                break
        if len(folded) >= 3:
            stems.add(folded)
    return stems


def _contains_stem(word, stems):
    folded = fold(word)
    return any(stem in folded for stem in stems)


def find_match(text, stems):
    """Offset of the first word of text that contains one of the stems, or None."""
    for match in _WORD.finditer(text):
        if _contains_stem(match.group(), stems):
            return match.start()
    return None


def excerpt(text, stems, length=240):
    """A passage of about `length` characters around the first match (or the start),
    cut at word boundaries."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    position = find_match(text, stems) or 0
    start = max(0, position - length // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < position else start
    end = start + length
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > position else end
    passage = text[start:end].strip()
    return ("… " if start else "") + passage + (" …" if end < len(text) else "")


def highlight(text, stems):
    """The text, HTML-escaped, with every word that contains a query stem in <mark>."""
    parts = []
    last = 0
    for match in _WORD.finditer(text):
        if _contains_stem(match.group(), stems):
            parts.append(escape(text[last : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped
