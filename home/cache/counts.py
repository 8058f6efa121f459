"""Counts that listings show (totals, facet numbers), kept per content version in the
shared default cache, so that a listing reads one page of results instead of counting
every matching page on each request.

Unlike @remembered (memory.py), whose keys must be few, a count's key may be any valid
combination of filters: the shared cache bounds them (Redis evicts, the database cache
culls), and a new content version leaves every old count behind (its key contains it).
Free text (a search, a keyword) is never counted here: its counts are computed per request.
"""

import hashlib

from django.core.cache import cache

from home.cache.memory import version

# Seconds a count is kept; a new content version replaces it sooner.
COUNT_SECONDS = 24 * 60 * 60


def count_key(kind, parameters):
    """The key of a count of `kind` for these (validated) parameters in this version."""
    canonical = "&".join(f"{name}={value}" for name, value in sorted(parameters))
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:32]
    return f"count:{version()}:{kind}:{digest}"


def counted(kind, parameters, compute):
    """compute() once per content version for this kind of listing and these parameters
    (an iterable of (name, value) pairs), from the shared cache after that."""
    key = count_key(kind, parameters)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, COUNT_SECONDS)
    return value
