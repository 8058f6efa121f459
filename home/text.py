"""Small text helpers shared by the apps: the one place that folds accents."""

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
