"""Health endpoints for load balancers and orchestrators (docs/deployment.md).

/healthz: the process answers (no dependency asked). /readyz: it can serve pages: the
database and the shared cache answer (else 503), and the search cluster answers or
search has fallen back to the database ("degraded", still 200: pages and search work).
Small JSON answers, never cached, no details beyond the names of failing parts.
"""

import logging
import uuid

from django.core.cache import caches
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from search.health import search_health

logger = logging.getLogger(__name__)

OK, DEGRADED, UNAVAILABLE = "ok", "degraded", "unavailable"


def check_database():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": OK}


def check_cache():
    """A write and a read in every shared cache (rate limits, login failures, pages)."""
    for alias in ("default", "pages"):
        cache = caches[alias]
        key = f"readyz:{uuid.uuid4().hex}"
        cache.set(key, 1, timeout=10)
        if cache.get(key) != 1:
            raise ConnectionError(f"cache {alias!r} lost a value")
        cache.delete(key)
    return {"status": OK}


def check_search():
    return search_health(probe=True)


CHECKS = {"database": check_database, "cache": check_cache, "search": check_search}


def run_check(name, check):
    try:
        return check()
    except Exception as error:  # any failure makes the part unavailable, never a 500
        logger.warning("Readiness check %s failed (%s).", name, type(error).__name__)
        return {"status": UNAVAILABLE, "error": type(error).__name__}


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": OK})


@never_cache
@require_safe
def readyz(request):
    results = {name: run_check(name, check) for name, check in CHECKS.items()}
    statuses = {result["status"] for result in results.values()}
    if UNAVAILABLE in statuses:
        overall = UNAVAILABLE
    elif DEGRADED in statuses:
        overall = DEGRADED
    else:
        overall = OK
    status_code = 503 if overall == UNAVAILABLE else 200
    return JsonResponse({"status": overall, "checks": results}, status=status_code)
