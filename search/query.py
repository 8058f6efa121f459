"""Turning what a visitor typed into something every search backend accepts."""

import re
from dataclasses import dataclass

from django.conf import settings

MAX_QUERY_LENGTH = 200
# Characters that carry meaning in a backend's query syntax (or break SQLite FTS5,
# see wagtail issue 13227) are treated as word separators.
_SYNTAX = re.compile(r"[\"'`*~^:()\[\]{}<>+\-!?\\/|&=@#$%;,.]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


@dataclass(frozen=True)
class CleanQuery:
    """A visitor's query as plain words, and what was cut off to get there: "words"
    (more than SEARCH_MAX_QUERY_WORDS), "characters" (more than MAX_QUERY_LENGTH) or ""."""

    text: str
    cut: str = ""


def max_query_words():
    return settings.SEARCH_MAX_QUERY_WORDS


def clean(raw):
    """The query's words, safe to hand to any backend, at most SEARCH_MAX_QUERY_WORDS
    words (SQLite FTS5's parser overflows at about 90) and MAX_QUERY_LENGTH characters."""
    raw = raw or ""
    considered = MAX_QUERY_LENGTH * 2  # bounds the work on a long input
    text = _CONTROL.sub(" ", raw[:considered])
    words = [w for w in _SYNTAX.sub(" ", text).split() if w.upper() not in _OPERATORS]
    cut = ""
    if len(words) > max_query_words():
        words, cut = words[: max_query_words()], "words"
    text = " ".join(words)
    if len(text) > MAX_QUERY_LENGTH or raw[considered:].strip():
        cut = cut or "characters"
    return CleanQuery(text[:MAX_QUERY_LENGTH].strip(), cut)


def clean_query(raw):
    """Return the words of a visitor's query, safe to hand to any backend, or ""."""
    return clean(raw).text
