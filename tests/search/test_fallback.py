"""When the search cluster is unreachable, slow or stopped, the site keeps answering
from the database backend, logs a warning and reports "degraded" in the health check."""

import io
import logging
import socket
import threading
import time
import uuid

import pytest
from django.core.management import call_command

from search.cluster import get_backend
from search.health import RETRY_AFTER, STATE_KEY, search_health
from tests.search.conftest import delete_indexes, make_client, node_settings
from tests.search.factories import make_standard_page

# Nothing listens on the discard port: connection refused at once, as when the node's
# process has gone. (The test with a real node that is stopped is further below.)
DEAD_URL = "http://127.0.0.1:9"
DEMO_QUERY = "Steuererklärung"
DEMO_TITLE = "Steuererklärung elektronisch einreichen mit eFiling"


@pytest.fixture
def dead_cluster(settings, clear_search_state):
    settings.WAGTAILSEARCH_BACKENDS = node_settings(DEAD_URL, "vlgtest_dead_", timeout=2)


@pytest.fixture
def silent_cluster(settings, clear_search_state):
    """A server that accepts connections and never answers: every request times out."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    connections = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                connections.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    port = server.getsockname()[1]
    settings.WAGTAILSEARCH_BACKENDS = node_settings(
        f"http://127.0.0.1:{port}", "vlgtest_silent_", timeout=1
    )
    yield
    stop.set()
    thread.join()
    for connection in connections:
        connection.close()
    server.close()


def titles(response):
    return [result.title for result in response.context["search"].page.object_list]


def test_search_page_answers_from_the_database_when_the_cluster_is_unreachable(
    client, dead_cluster, caplog
):
    with caplog.at_level(logging.WARNING, logger="search.health"):
        response = client.get("/de/suche/", {"q": DEMO_QUERY})

    assert response.status_code == 200
    assert DEMO_TITLE in titles(response)
    assert response.context["search"].degraded
    (record,) = [r for r in caplog.records if r.name == "search.health"]
    assert "answering from the database backend" in record.getMessage()
    assert DEMO_QUERY not in record.getMessage()  # the log carries no query text
    health = search_health()
    assert health["status"] == "degraded" and health["backend"] == "opensearch"
    assert health["fallback"] == "database" and health["error"] == "ConnectionError"


def test_after_a_failure_searches_skip_the_cluster_for_a_while(client, dead_cluster, caplog):
    client.get("/de/suche/", {"q": DEMO_QUERY})
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="search.health"):
        started = time.monotonic()
        response = client.get("/de/suche/", {"q": "Umzug"})
        elapsed = time.monotonic() - started

    assert response.status_code == 200 and titles(response)
    assert not [r for r in caplog.records if r.name == "search.health"]  # not tried again
    assert elapsed < 2


def test_the_cluster_is_tried_again_after_the_pause(client, dead_cluster, caplog):
    from django.core.cache import cache

    client.get("/de/suche/", {"q": DEMO_QUERY})
    state = cache.get(STATE_KEY)
    state["retry_at"] -= RETRY_AFTER
    cache.set(STATE_KEY, state)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="search.health"):
        client.get("/de/suche/", {"q": DEMO_QUERY})

    assert [r for r in caplog.records if r.name == "search.health"]  # tried, failed again
    assert cache.get(STATE_KEY)["since"] == state["since"]  # still the same outage


def test_search_page_answers_when_the_cluster_times_out(client, silent_cluster):
    started = time.monotonic()
    response = client.get("/de/suche/", {"q": DEMO_QUERY})
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert DEMO_TITLE in titles(response)
    assert search_health()["error"] == "ConnectionTimeout"
    assert elapsed < 10


def test_autocomplete_answers_from_the_database_when_the_cluster_is_unreachable(
    client, dead_cluster
):
    response = client.get("/de/suche/autocomplete/", {"q": "Steuererkl"})
    assert response.status_code == 200
    assert DEMO_TITLE in [s["title"] for s in response.json()]
    assert search_health()["status"] == "degraded"


def test_publishing_while_the_cluster_is_down_keeps_the_page_findable(
    client, home_page, dead_cluster
):
    page = make_standard_page(home_page, "Der Löffelreiher kommt", live=False)
    page.save_revision().publish()  # the cluster's error is logged, not raised

    response = client.get("/de/suche/", {"q": "Löffelreiher"})
    assert titles(response) == ["Der Löffelreiher kommt"]


def test_health_probe_reports_the_state(dead_cluster):
    assert search_health()["status"] == "ok"  # nothing known yet
    assert search_health(probe=True)["status"] == "degraded"
    assert search_health()["status"] == "degraded"


def test_health_is_ok_with_the_database_backend(db):
    assert search_health() == {"backend": "database", "status": "ok"}
    assert search_health(probe=True) == {"backend": "database", "status": "ok"}


def test_health_probe_clears_the_state_when_the_node_answers(
    search_node, settings, clear_search_state
):
    from django.core.cache import cache
    from django.utils import timezone

    settings.WAGTAILSEARCH_BACKENDS = search_node.config
    cache.set(STATE_KEY, {"since": timezone.now(), "retry_at": timezone.now(), "error": "X"})
    assert search_health()["status"] == "degraded"
    assert search_health(probe=True) == {"backend": "opensearch", "status": "ok"}
    assert cache.get(STATE_KEY) is None


def test_search_keeps_answering_when_the_node_is_stopped_mid_run(
    client, disposable_node, settings, clear_search_state
):
    prefix = f"vlgtest_stop_{uuid.uuid4().hex[:8]}_"
    settings.WAGTAILSEARCH_BACKENDS = node_settings(disposable_node.url, prefix, timeout=5)
    call_command("update_index", backend_name="default", stdout=io.StringIO())
    get_backend("default").refresh_indexes()

    before = client.get("/de/suche/", {"q": DEMO_QUERY})
    assert before.context["search"].backend == "cluster"
    assert DEMO_TITLE in titles(before)
    assert search_health(probe=True)["status"] == "ok"

    disposable_node.stop()

    after = client.get("/de/suche/", {"q": DEMO_QUERY})
    assert after.status_code == 200
    assert after.context["search"].backend == "database"
    assert titles(after) and DEMO_TITLE in titles(after)
    assert search_health()["status"] == "degraded"
    assert client.get("/de/suche/autocomplete/", {"q": "Steuer"}).status_code == 200
    # Its indexes went with the node's data directory; nothing to clean up.
    with pytest.raises(Exception):  # noqa: B017 - any client error: the node is gone
        delete_indexes(make_client(disposable_node.url, timeout=1), prefix)
