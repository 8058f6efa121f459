"""Whether the search cluster answers, as every app process sees it, and the fallback to
the database backend while it does not; when it answers, whether it has all its nodes.

A failed request to the cluster is recorded in the shared cache (the database cache
here, Redis in production), not in process memory: every process then answers from the
database backend for a short while instead of waiting for the cluster again, and a
health check (/readyz) reads the same record.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from elastic_transport import TransportError as ElasticTransportError
from elasticsearch import ApiError
from opensearchpy.exceptions import TransportError as OpenSearchTransportError

from search.backends import FALLBACK
from search.cluster import get_backend, is_cluster

logger = logging.getLogger(__name__)

STATE_KEY = "search:cluster-degraded"
# After a failure, searches skip the cluster for this long, then try it again.
RETRY_AFTER = timedelta(seconds=30)
# A record older than this is forgotten even if no search tried the cluster again.
STATE_TTL = 3600


# The exceptions by which the Elasticsearch and OpenSearch clients say that the cluster
# did not answer properly: connection refused, timeout, HTTP errors (also a missing index).
CLUSTER_ERRORS = (OSError, OpenSearchTransportError, ElasticTransportError, ApiError)


def has_cluster():
    return FALLBACK in settings.WAGTAILSEARCH_BACKENDS


def backend_label():
    """ "opensearch", "elasticsearch" or "database": what the settings configure."""
    engine = settings.WAGTAILSEARCH_BACKENDS.get("default", {}).get("BACKEND", "")
    if "OpenSearch" in engine:
        return "opensearch"
    if "Elasticsearch" in engine:
        return "elasticsearch"
    return "database"


def read_state():
    """The recorded failure, or None while the cluster is fine."""
    return cache.get(STATE_KEY) if has_cluster() else None


def cluster_usable(state):
    """False while a recent failure says: do not wait for the cluster again yet."""
    return state is None or timezone.now() >= state["retry_at"]


def record_failure(error, state=None):
    now = timezone.now()
    new_state = {
        "since": state["since"] if state else now,
        "retry_at": now + RETRY_AFTER,
        "error": type(error).__name__,
    }
    cache.set(STATE_KEY, new_state, STATE_TTL)
    # The error's class says enough; its message may contain the query.
    logger.warning(
        "Search cluster (%s) unavailable (%s); answering from the database backend.",
        backend_label(),
        new_state["error"],
    )
    return new_state


def record_recovery(state):
    if state is not None:
        cache.delete(STATE_KEY)
        logger.info("Search cluster (%s) answers again.", backend_label())


def run_with_fallback(operation):
    """operation(backend) on the default backend; on the database backend instead when
    a cluster is configured but fails (or failed a moment ago)."""
    backend = get_backend("default")
    if not is_cluster(backend):
        return operation(backend)
    state = read_state()
    if cluster_usable(state):
        try:
            result = operation(backend)
        except CLUSTER_ERRORS as error:
            record_failure(error, state)
        else:
            record_recovery(state)
            return result
    return operation(get_backend(FALLBACK))


def cluster_health(backend, timeout=None):
    """The cluster's health for the site's indexes, as the node asked knows it (`local`:
    without waiting for a cluster manager, which a cluster that lost one may lack)."""
    index = f"{backend.index_prefix}*"
    if hasattr(backend.es, "options"):  # elasticsearch-py 8
        client = backend.es.options(request_timeout=timeout) if timeout else backend.es
        return client.cluster.health(index=index, local=True)
    params = {"local": "true"}
    if timeout:
        params["request_timeout"] = timeout
    return backend.es.cluster.health(index=index, params=params)


def expected_nodes(backend):
    """SEARCH_CLUSTER_NODES, or else one node per configured URL."""
    return settings.SEARCH_CLUSTER_NODES or len(backend.hosts or ()) or 1


def cluster_problems(backend, timeout=None):
    """None while the cluster has every node and its indexes are green; else what is
    missing: {"health", "nodes", "expected_nodes"} or {"error"}."""
    try:
        health = cluster_health(backend, timeout)
    except CLUSTER_ERRORS as error:
        return {"error": type(error).__name__}
    nodes, expected = health["number_of_nodes"], expected_nodes(backend)
    if nodes >= expected and health["status"] == "green":
        return None
    return {"health": health["status"], "nodes": nodes, "expected_nodes": expected}


def search_health(probe=False, timeout=None):
    """{"backend": "opensearch"|"elasticsearch"|"database", "status": "ok"|"degraded"}.

    Degraded with "fallback", "since" and "error" while searches answer from the database.
    With probe=True the cluster is asked (a ping, then its health; bounded by `timeout`
    seconds or else the backend's TIMEOUT) and the record updated; a cluster that answers
    but lacks nodes or replicas is degraded too, with "cluster": {"health", "nodes",
    "expected_nodes"}, while searches still answer from it."""
    label = backend_label()
    if not has_cluster():
        return {"backend": label, "status": "ok"}
    state = read_state()
    problems = None
    if probe:
        deadline = time.monotonic() + timeout if timeout else None
        backend = get_backend("default")
        try:
            reachable = backend.ping(timeout=timeout)
        except CLUSTER_ERRORS as error:
            reachable, failure = False, error
        else:
            failure = ConnectionError("ping failed")
        if reachable:
            record_recovery(state)
            state = None
            left = max(0.1, deadline - time.monotonic()) if deadline else None
            problems = cluster_problems(backend, left)
        else:
            state = record_failure(failure, state)
    if state is None:
        if problems:
            return {"backend": label, "status": "degraded", "cluster": problems}
        return {"backend": label, "status": "ok"}
    return {
        "backend": label,
        "status": "degraded",
        "fallback": "database",
        "since": state["since"].isoformat(),
        "error": state["error"],
    }
