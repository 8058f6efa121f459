"""Hints when a search finds nothing: a spelling suggestion made of the site's own words,
and the popular searches."""

import difflib

from home.cache.memory import remembered
from home.models import Topic
from search.log import popular_queries
from search.text import fold
from search.visibility import searchable_pages


@remembered
def vocabulary(locale_id):
    """{folded word: word} of the titles, descriptions and topics of the locale's live
    pages: the words the site uses, for spelling hints (per content version)."""
    texts = list(searchable_pages(locale_id).values_list("title", "search_description").iterator())
    texts += [
        (name, "")
        for name in Topic.objects.filter(locale_id=locale_id).values_list("name", flat=True)
    ]
    words = {}
    for title, description in texts:
        for word in f"{title} {description}".split():
            word = word.strip(".,:;!?«»\"'()[]–-")
            if len(word) >= 4 and word.isalpha():
                words.setdefault(fold(word), word)
    return words


def spelling_suggestion(words, locale_id):
    """The query with unknown words replaced by the closest words of the site, or ""."""
    known = vocabulary(locale_id)
    suggested, changed = [], False
    for word in words:
        folded = fold(word)
        if folded in known or len(folded) < 4:
            suggested.append(word)
            continue
        close = difflib.get_close_matches(folded, known.keys(), n=1, cutoff=0.75)
        if close:
            suggested.append(known[close[0]])
            changed = True
        else:
            suggested.append(word)
    return " ".join(suggested) if changed else ""


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
