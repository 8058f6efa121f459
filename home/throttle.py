"""Limits on attempts, per client or per target: feedback posts, logins, page passwords,
password-reset mails.

Counted in the database (ThrottleCounter), not in the cache: a cache evicts under memory
pressure (Redis with allkeys-lru), and a flood of cached pages would then wipe the
counters that protect the site. Each count is one short write transaction; it is exact on
SQLite (one writer at a time) and PostgreSQL (the increment locks the row).

A window starts with the first attempt and lasts the rate's period; the next attempt after
it starts a new one. Old windows are deleted by `manage.py purge_throttle_counters`
(cron, docs/deployment.md). The client's address and the target are stored only as a
keyed hash.
"""

import hashlib
import hmac
import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import router, transaction
from django.db.models import F
from django.utils import timezone

from home.models.throttle import ThrottleCounter

_RATE = re.compile(r"(\d+)/(\d*)([smhd])")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    """ "5/10m" → (5, 600): at most 5 in 600 seconds."""
    match = _RATE.fullmatch(rate.replace(" ", ""))
    if not match:
        raise ImproperlyConfigured(f"A rate looks like '5/10m', not {rate!r}.")
    count, number, unit = match.groups()
    return int(count), int(number or 1) * _SECONDS[unit]


def period_minutes(rate):
    """The longest wait a refused client may be told, in whole minutes."""
    return max(1, round(parse_rate(rate)[1] / 60))


def client_address(request):
    """The client's IP address; behind TRUSTED_PROXY_COUNT proxies, the address the
    outermost trusted proxy saw (addresses further left can be forged)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if proxies and len(forwarded) >= proxies and forwarded[-proxies]:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _hashed(scope, subject):
    message = f"{scope}|{subject}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def allow(request, scope, rate, target=None):
    """Count one attempt and tell whether it is within the rate.

    Without `target` the attempt counts for the client (its address); with one, for the
    target whatever the client (a username, an e-mail address, a page's password).
    """
    limit, period = parse_rate(rate)
    return _count(scope, _hashed(scope, _subject(request, target)), period) <= limit


def exceeded(request, scope, rate, target=None):
    """Whether the client (or target) has used up the rate already, without counting:
    for limits that count only failures, after the attempt."""
    limit, _period = parse_rate(rate)
    return ThrottleCounter.objects.filter(
        scope=scope,
        key=_hashed(scope, _subject(request, target)),
        window_ends__gt=timezone.now(),
        count__gte=limit,
    ).exists()


def _subject(request, target):
    return client_address(request) if target is None else str(target).strip().lower()


def _count(scope, key, period):
    now = timezone.now()
    using = router.db_for_write(ThrottleCounter)
    counters = ThrottleCounter.objects.using(using).filter(scope=scope, key=key)
    with transaction.atomic(using=using):
        counters.filter(window_ends__lte=now).delete()
        ThrottleCounter.objects.using(using).bulk_create(
            [ThrottleCounter(scope=scope, key=key, window_ends=now + timedelta(seconds=period))],
            ignore_conflicts=True,
        )
        counters.update(count=F("count") + 1)
        return counters.values_list("count", flat=True).get()


def purge(now=None):
    """Delete the counters of windows that have ended; returns how many."""
    deleted, _ = ThrottleCounter.objects.filter(window_ends__lte=now or timezone.now()).delete()
    return deleted
