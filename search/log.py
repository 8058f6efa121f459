"""The search log: what visitors searched, counted once per client and day, for the
"Häufig gesucht" hints and the admin's search-terms report; never written while a page
is produced.

A search adds an entry to this process's pending list; the entries are written after the
response has gone out (Django's request_finished), with a short wait for the database
(SEARCH_LOG_LOCK_TIMEOUT). While another connection holds the write lock (SQLite) the
entries stay pending and go out with the next search's; at most MAX_PENDING are kept.
A query the process logged for the same client today is not written again.
"""

import collections
import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.crypto import salted_hmac
from modelsearch.utils import normalise_query_string
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from home.database import short_lock_wait
from home.throttle import client_address
from search.models import SearchLogEntry

logger = logging.getLogger(__name__)

MAX_PENDING = 1000


@dataclass(frozen=True)
class Entry:
    day: dt.date
    client: str
    query: str
    locale_id: int
    had_results: bool


_pending = collections.deque(maxlen=MAX_PENDING)
# What this process logged lately: a client repeating a query costs no database work.
MAX_SEEN = 10_000
_seen = collections.OrderedDict()


def forget():
    """Drop this process's pending and seen entries (tests: the database rolls back)."""
    _pending.clear()
    _seen.clear()


def client_key(request, day):
    """A keyed hash of the client's address and the day: the same client is one client
    within a day, and cannot be followed from one day to the next."""
    value = f"{day.isoformat()}|{client_address(request)}"
    return salted_hmac("search.log.client", value, algorithm="sha256").hexdigest()[:32]


def log_query(query, request, locale_id, had_results):
    """Remember the query for the log; written after the response (write_pending)."""
    day = timezone.localdate()
    entry = Entry(
        day, client_key(request, day), normalise_query_string(query), locale_id, had_results
    )
    seen = (entry.day, entry.client, entry.query, entry.locale_id)
    if seen in _seen:
        return
    _seen[seen] = True
    while len(_seen) > MAX_SEEN:
        _seen.popitem(last=False)
    _pending.append(entry)


def write(entries):
    """One transaction: a new entry per client, day and query; the admin's report counts
    the query once more for each."""
    with transaction.atomic():
        for entry in entries:
            _, created = SearchLogEntry.objects.get_or_create(
                day=entry.day,
                client=entry.client,
                query=entry.query,
                locale_id=entry.locale_id,
                defaults={"had_results": entry.had_results},
            )
            if created:
                Query.get(entry.query).add_hit(date=entry.day)


def write_pending(**kwargs):
    """request_finished: write what searches left pending, or keep it for the next try."""
    entries = []
    while _pending:
        try:
            entries.append(_pending.popleft())
        except IndexError:  # another thread took the last one
            break
    if not entries:
        return
    try:
        with short_lock_wait(settings.SEARCH_LOG_LOCK_TIMEOUT):
            write(entries)
    except DatabaseError:
        _pending.extendleft(reversed(entries))
        logger.info("Search log: database busy, %d entries kept for later.", len(entries))


def popular_queries(locale_id, days=30, limit=50):
    """The queries of the last days that found something, by the number of clients (per
    day) that searched them, those with at least SEARCH_POPULAR_MIN_CLIENTS."""
    since = timezone.localdate() - dt.timedelta(days=days)
    rows = (
        SearchLogEntry.objects.filter(locale_id=locale_id, day__gte=since, had_results=True)
        .values("query")
        .annotate(clients=Count("client"))
        .filter(clients__gte=settings.SEARCH_POPULAR_MIN_CLIENTS)
        .order_by("-clients", "query")[:limit]
    )
    return [row["query"] for row in rows]


def purge(days=None):
    """Delete log entries and the admin report's daily counts older than the retention
    period, and the report's queries that neither count nor carry a promotion. Returns the
    number of log entries deleted."""
    days = settings.SEARCH_LOG_RETENTION_DAYS if days is None else days
    cutoff = timezone.localdate() - dt.timedelta(days=days)
    deleted, _ = SearchLogEntry.objects.filter(day__lt=cutoff).delete()
    QueryDailyHits.objects.filter(date__lt=cutoff).delete()
    Query.objects.filter(daily_hits__isnull=True, editors_picks__isnull=True).delete()
    return deleted
