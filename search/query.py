"""Turning what a visitor typed into something every search backend accepts."""

import re

MAX_QUERY_LENGTH = 200
# Characters that carry meaning in a backend's query syntax (or break SQLite FTS5,
# see wagtail issue 13227) are treated as word separators.
_SYNTAX = re.compile(r"[\"'`*~^:()\[\]{}<>+\-!?\\/|&=@#$%;,.]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(raw):
    """Return the words of a visitor's query, safe to hand to any backend, or ""."""
    text = _CONTROL.sub(" ", raw or "")[: MAX_QUERY_LENGTH * 2]
    text = _SYNTAX.sub(" ", text)
    words = [w for w in text.split() if w.upper() not in {"AND", "OR", "NOT", "NEAR"}]
    return " ".join(words)[:MAX_QUERY_LENGTH].strip()
