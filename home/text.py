"""Small text helpers shared by the apps: the one place that folds accents, and the German
folding of the search (search/text.py, home/compounds.py)."""

import re
import unicodedata


def fold_accents(text):
    """The text without its accents and other combining marks ("Römerswil" → "Romerswil"),
    case kept. Letters without a decomposition stay (ß, ø)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def collation_key(text):
    """Sort key that orders German names as readers expect: "Römerswil" beside "Root",
    not after "Zell" (accents folded, case ignored)."""
    return fold_accents(text).casefold()


# Lucene's `german_normalization` (the German2 snowball heuristics), as two steps:
# "e" goes after "a" or "o", and after a "u" that does not follow a vowel or "q"
# ("Aemter" → "amter", "Mueller" → "muller", but "Steuer", "Quelle", "neue" stay);
# then ä ö ü → a o u and ß → ss.
_GERMAN2_E = re.compile(r"(?<=[ao])e|(?:(?<=^u)|(?<=[^aeiouyqäöü]u))e")
_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def german_fold(word):
    """Fold a lower-case German word as Lucene's `german_normalization` filter does:
    ä ö ü → a o u, ß → ss, and "ae", "oe", "ue" → a, o, u unless the "u" follows a vowel
    or "q" ("Aemter" → "amter", "Steuer" stays)."""
    return _GERMAN2_E.sub("", word).translate(_UMLAUTS)


def fold_text(text):
    """Lower case, German folding, accents removed: the form in which words are compared
    for highlighting."""
    return fold_accents(german_fold(text.casefold()))
