"""Health endpoints for load balancers and orchestrators (docs/deployment.md).

/healthz: the process answers (no dependency asked). /readyz: it can serve pages: the
database and the shared cache answer (else 503), and the search cluster answers with all
its nodes; a cluster short of nodes, or search fallen back to the database, is
"degraded", still 200: pages and search work (search/health.py says which).
Small JSON answers, never cached, no details beyond the names of failing parts.

/readyz answers within READYZ_TIMEOUT seconds: its checks share that time, each bounded
by what is left (a check without time left counts as failed), and none writes to the
database, so a writer holding SQLite's lock does not make it wait.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from home.database import short_lock_wait
from search.health import search_health

logger = logging.getLogger(__name__)

OK, DEGRADED, UNAVAILABLE = "ok", "degraded", "unavailable"


def check_database(timeout):
    with short_lock_wait(timeout), connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": OK}


def check_cache(timeout):
    """Every cache (the content version, pages) answers: a write and a read
    in Redis; a read in the database cache (a write there would wait for any writer, and
    the database check covers the rest)."""
    for alias in ("default", "pages"):
        cache = caches[alias]
        key = f"readyz:{uuid.uuid4().hex}"
        if isinstance(cache, DatabaseCache):
            with short_lock_wait(timeout):
                cache.get(key)
            continue
        cache.set(key, 1, timeout=10)
        if cache.get(key) != 1:
            raise ConnectionError(f"cache {alias!r} lost a value")
        cache.delete(key)
    return {"status": OK}


def check_search(timeout):
    return search_health(probe=True, timeout=timeout)


CHECKS = {"database": check_database, "cache": check_cache, "search": check_search}
# Search falls back to the database: a cluster without an answer degrades, never fails.
STATUS_WITHOUT_ANSWER = {"search": DEGRADED}


def run_check(name, check, timeout):
    try:
        return check(timeout)
    except Exception as error:  # any failure makes the part unavailable, never a 500
        logger.warning("Readiness check %s failed (%s).", name, type(error).__name__)
        return {
            "status": STATUS_WITHOUT_ANSWER.get(name, UNAVAILABLE),
            "error": type(error).__name__,
        }


def run_checks():
    """Every check, in the time left of READYZ_TIMEOUT."""
    deadline = time.monotonic() + settings.READYZ_TIMEOUT
    results = {}
    for name, check in CHECKS.items():
        left = deadline - time.monotonic()
        if left <= 0:
            status = STATUS_WITHOUT_ANSWER.get(name, UNAVAILABLE)
            results[name] = {"status": status, "error": "Timeout"}
        else:
            results[name] = run_check(name, check, left)
    return results


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": OK})


@never_cache
@require_safe
def readyz(request):
    results = run_checks()
    statuses = {result["status"] for result in results.values()}
    if UNAVAILABLE in statuses:
        overall = UNAVAILABLE
    elif DEGRADED in statuses:
        overall = DEGRADED
    else:
        overall = OK
    status_code = 503 if overall == UNAVAILABLE else 200
    return JsonResponse({"status": overall, "checks": results}, status=status_code)
