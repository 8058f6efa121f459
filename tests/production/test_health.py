"""/healthz and /readyz as a load balancer sees them."""

import socket

import pytest
from django.core.cache import cache

from search.backends import search_backends
from search.health import STATE_KEY
from vlgsite import health


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db
def test_healthz_answers_without_asking_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_reports_database_cache_and_search(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "cache": "ok",
        "search": "ok",
    }
    assert body["checks"]["search"]["backend"] == "database"


@pytest.mark.django_db
def test_readyz_is_degraded_but_ready_when_the_search_cluster_is_down(client, settings):
    settings.WAGTAILSEARCH_BACKENDS = search_backends(
        opensearch_url=f"http://127.0.0.1:{closed_port()}", timeout=1
    )
    cache.delete(STATE_KEY)
    try:
        response = client.get("/readyz")
    finally:
        cache.delete(STATE_KEY)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["search"]["status"] == "degraded"
    assert body["checks"]["search"]["fallback"] == "database"


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def unreachable(timeout):
        raise ConnectionRefusedError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", unreachable)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {
        "status": "unavailable",
        "error": "ConnectionRefusedError",
    }
