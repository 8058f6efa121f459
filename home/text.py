"""Small text helpers shared by the apps."""

import unicodedata


def collation_key(text):
    """Sort key that orders German names as readers expect: "Römerswil" beside "Root",
    not after "Zell" (accents folded, case ignored)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
