"""This process's memory of what every request reads and only editors change, kept per
content version.

The content version is one value in the shared default cache (so that every app process
sees it). It changes after every change that visitors can see (home/cache/signals.py);
what a process remembered under an older version is dropped. Each request reads the
version once (home/cache/middleware.py).

A remembered value is a function decorated with @remembered: its name and positional
arguments are the key, so every remembered thing has one definition and one name. Those
arguments must be bounded by the content (ids, language codes, filter values that were
validated), never free text from a request. Keyword arguments are passed on but are not
part of the key: only for what does not change the result (the request that builds the
URLs of the same site).
"""

import contextvars
import functools
import uuid

from django.core.cache import cache

VERSION_KEY = "content-version"

# The version the current request works with (set by ContentVersionMiddleware).
_request_version = contextvars.ContextVar("content_version", default=None)
# This process's memory: {"version": ..., "values": {key: value}}.
_memory = {"version": None, "values": {}}


def shared_version():
    """The current version in the shared cache; created when missing (first use, or
    evicted, which only costs a recomputation)."""
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        current = cache.get(VERSION_KEY)
    return current


def version():
    """The version of the running request (read once per request), else the shared one."""
    return _request_version.get() or shared_version()


def use_version(current):
    """Make `current` the version of the running request; returns the token to reset."""
    return _request_version.set(current)


def reset_version(token):
    _request_version.reset(token)


def remember(key, compute):
    """compute() once per process and content version."""
    current = version()
    if _memory["version"] != current:
        _memory["values"] = {}
        _memory["version"] = current
    values = _memory["values"]
    if key not in values:
        values[key] = compute()
    return values[key]


def remembered(function):
    """Decorator: the function's result is remembered per process and content version,
    for each combination of its (hashable) arguments."""
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def wrapper(*args, **context):
        return remember((name, *args), lambda: function(*args, **context))

    return wrapper


def forget_here():
    """Drop this process's memory (tests start each case with it)."""
    _memory["version"] = None
    _memory["values"] = {}


def new_version():
    """Start a new content version: every process forgets, the page cache starts afresh."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    forget_here()
