"""The search benchmark's "typical" corpus: German text made of the demo content's own
words, drawn with a Zipf-like distribution, and queries drawn from the same words.

The words come from the demo content's data files (every app's `demo/*.json`: titles,
teasers, bodies, descriptions), ranked by how often the demo texts use them. A word of
rank r is drawn with a weight of 1 / r**ZIPF_EXPONENT, as in natural language: a few
function and core words make up much of every text, most words are rare. Queries use
mid-frequency words (alone) and pairs of more frequent ones, as visitors type them, so
a typical query matches a few per cent of the pages at most, unlike the "broad" corpus
(tests/benchmarks/corpus.py), where every query word stands on most pages.
"""

import bisect
import functools
import html
import itertools
import json
import re
from collections import Counter
from pathlib import Path

from django.conf import settings

ZIPF_EXPONENT = 1.0
DEMO_DATA = ("home/demo", "news/demo", "strategy/demo")
# JSON keys whose values are not text a reader sees (links, slugs, block types, dates).
NOT_TEXT = {"slug", "type", "sources", "date", "url", "link", "image", "topics", "icon", "level"}
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[A-Za-zÄÖÜäöüßÉéÈèÀà][\wÄÖÜäöüß-]*[\wÄÖÜäöüß]|[A-Za-zÄÖÜäöüß]")
_URLISH = re.compile(r"https?:|www\.|\.ch\b|@")


def _texts(value, key=""):
    if key in NOT_TEXT:
        return
    if isinstance(value, str):
        if not _URLISH.search(value):
            yield html.unescape(_TAG.sub(" ", value))
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _texts(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, key)


@functools.cache
def demo_words():
    """The demo texts' words, most frequent first, with their counts."""
    counts = Counter()
    for folder in DEMO_DATA:
        for path in sorted(Path(settings.BASE_DIR, folder).glob("*.json")):
            with path.open(encoding="utf-8") as handle:
                for text in _texts(json.load(handle)):
                    counts.update(_WORD.findall(text))
    return counts.most_common()


class ZipfText:
    """Random German text of the demo words, rank r drawn with weight 1 / r**s."""

    def __init__(self, rng, exponent=ZIPF_EXPONENT):
        self.rng = rng
        self.words = [word for word, _count in demo_words()]
        weights = [1 / rank**exponent for rank in range(1, len(self.words) + 1)]
        self.cumulative = list(itertools.accumulate(weights))

    def word(self):
        point = self.rng.random() * self.cumulative[-1]
        return self.words[bisect.bisect_left(self.cumulative, point)]

    def sentence(self, length=None):
        length = length or self.rng.randint(6, 16)
        words = [self.word() for _ in range(length)]
        return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]]) + "."

    def text(self, sentences):
        return " ".join(self.sentence() for _ in range(sentences))

    def title(self):
        words = [self.word() for _ in range(self.rng.randint(2, 5))]
        return " ".join(word[:1].upper() + word[1:] for word in words)


def typical_queries(rng, count=20):
    """Queries a visitor would type: half single mid-frequency words, half pairs of
    more frequent words; nouns only (capitalised, four letters or more)."""
    ranked = [word for word, _count in demo_words() if len(word) >= 4 and word[0].isupper()]
    single = ranked[len(ranked) // 4 : len(ranked) * 3 // 4]
    paired = ranked[10 : len(ranked) // 4]
    queries = [rng.choice(single) for _ in range(count // 2)]
    queries += [" ".join(rng.sample(paired, 2)) for _ in range(count - count // 2)]
    return queries
