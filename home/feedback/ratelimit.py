"""A per-client limit on posts, counted in the shared cache so that it holds across every
app process (and, with Redis, across machines)."""

import hashlib
import re
import time
from contextlib import contextmanager, nullcontext

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router, transaction

_RATE = re.compile(r"(\d+)/(\d*)([smhd])")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    """ "5/10m" → (5, 600): at most 5 in 600 seconds."""
    match = _RATE.fullmatch(rate.replace(" ", ""))
    if not match:
        raise ImproperlyConfigured(f"A rate looks like '5/10m', not {rate!r}.")
    count, number, unit = match.groups()
    return int(count), int(number or 1) * _SECONDS[unit]


def client_address(request):
    """The client's IP address; behind TRUSTED_PROXY_COUNT proxies, the address the
    outermost trusted proxy saw (addresses further left can be forged)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if proxies and len(forwarded) >= proxies and forwarded[-proxies]:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _serialised(cache, key):
    """DatabaseCache increments by a read and a write: no other process may come in
    between. Redis increments atomically by itself."""
    if isinstance(cache, DatabaseCache):
        return _database_lock(router.db_for_write(cache.cache_model_class), key)
    return nullcontext()


@contextmanager
def _database_lock(using, key):
    """One transaction per count: IMMEDIATE on SQLite takes the write lock at its start;
    PostgreSQL's READ COMMITTED would let two transactions read the same count, so they
    queue on an advisory lock for this key until commit."""
    with transaction.atomic(using=using):
        connection = connections[using]
        if connection.vendor == "postgresql":
            lock_id = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])
        yield


def allow(request, scope, rate):
    """Count one attempt of this client; False once it has made more than the rate allows.

    The window starts with the client's first attempt and lasts the rate's period. The
    address is stored only as a keyed hash.
    """
    limit, period = parse_rate(rate)
    cache = caches["default"]
    client = f"{settings.SECRET_KEY}|{scope}|{client_address(request)}".encode()
    key = f"ratelimit:{scope}:{hashlib.sha256(client).hexdigest()[:40]}"
    with _serialised(cache, key):
        cache.add(f"{key}:start", int(time.time()), timeout=period)
        counter = f"{key}:{cache.get(f'{key}:start')}"
        cache.add(counter, 0, timeout=period)
        count = cache.incr(counter)
        # Some backends' incr resets the expiry; the start key still ends the window.
        cache.touch(counter, period)
    return count <= limit
