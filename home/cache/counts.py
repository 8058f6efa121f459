"""Counts that listings show (totals, facet numbers), kept per content version in this
process's memory (memory.py), so that a listing reads one page of results instead of
counting every matching page on each request.

Unlike @remembered, whose keys must be few, a count's key may be any valid combination of
filters: at most MAX_COUNTS are kept per process and content version (any further ones are
counted per request), and a new content version drops them all. Not in the shared cache:
with the database cache (no Redis) a count stored there would be a write on a GET
(tests/home/test_no_writes_on_get.py). Free text (a search, a keyword) is never counted
here: its counts are computed per request.
"""

from home.cache.memory import remember

# Counts kept per process and content version (a few hundred bytes each).
MAX_COUNTS = 5000


def counted(kind, parameters, compute):
    """compute() once per process and content version for this kind of listing and these
    (validated) parameters, an iterable of (name, value) pairs."""
    counts = remember(("counts",), dict)  # one dict per process and content version
    key = (kind, tuple(sorted(parameters)))
    if key in counts:
        return counts[key]
    value = compute()
    if len(counts) < MAX_COUNTS:
        counts[key] = value
    return value
