"""A search cluster of two nodes, each index with one replica, loses a node while
visitors search: every search keeps answering from the cluster with the same results and
/readyz says the cluster is degraded but the site ready. With both nodes gone, the
database answers, as with any cluster outage.

The cluster is the test's own (search/node/start.sh CLUSTER_PORT 2: two JVMs on ports
9211 and 9212); .ci/run starts it before the tests, so that here start.sh only finds it
running, and the test fails if its second node did not start. The session's node (the
other search tests' one) stays untouched.
"""

import io
import os
import signal
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from search.backends import FALLBACK, OPENSEARCH_BACKEND, cluster_backend, database_backend
from search.cluster import get_backend
from search.health import read_state
from tests.search.conftest import NODE_DIR, make_client

CLUSTER_PORT = 9211
SECOND_NODE_PORT = CLUSTER_PORT + 1
QUERIES = ["Steuererklärung", "Umzug", "Gemeinde"]
DEMO_TITLE = "Steuererklärung elektronisch einreichen mit eFiling"
CACHE = Path(os.environ.get("VLGSITE_CACHE", Path.home() / ".cache" / "vlgsite"))


def node_pid(port):
    return int((CACHE / f"opensearch-node-{port}" / "opensearch.pid").read_text())


def kill_node(port):
    """SIGKILL, as when a machine fails: no goodbye to the cluster."""
    pid = node_pid(port)
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    pytest.fail(f"the node on port {port} (PID {pid}) is still alive after SIGKILL")


@pytest.fixture
def two_node_cluster(search_node, settings, clear_search_state):
    """The test's two-node cluster with this test's indexes of the demo content, one
    replica each. Depends on search_node so that it runs (and fails) where the node tests
    do; it leaves the session's node alone."""
    started = subprocess.run(
        ["bash", str(NODE_DIR / "start.sh"), str(CLUSTER_PORT), "2"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if started.returncode != 0:
        pytest.fail(f"the two-node search cluster did not start:\n{started.stderr[-4000:]}")
    urls = started.stdout.strip().removeprefix("OPENSEARCH_URL=").split(",")
    client = make_client(",".join(urls), timeout=90)
    assert client.cluster.health()["number_of_nodes"] == 2, "the second node is missing"

    prefix = f"vlgtest_cluster_{uuid.uuid4().hex[:8]}_"
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": cluster_backend(OPENSEARCH_BACKEND, urls, prefix, timeout=20, replicas="0-1"),
        FALLBACK: database_backend(),
    }
    settings.READYZ_TIMEOUT = 10  # a loaded test machine; the checks are what is tested
    call_command("update_index", backend_name="default", stdout=io.StringIO())
    get_backend("default").refresh_indexes()
    for _ in range(3):  # each waits up to 30 s for the replicas
        health = client.cluster.health(index=f"{prefix}*", params={"wait_for_status": "green"})
        if health["status"] == "green":
            break
    assert health["status"] == "green", f"the replicas were not allocated: {health}"
    yield client, prefix
    subprocess.run(["bash", str(NODE_DIR / "stop.sh"), str(CLUSTER_PORT)], check=False)


def search_titles(client, query):
    response = client.get("/de/suche/", {"q": query})
    assert response.status_code == 200
    search = response.context["search"]
    return search.backend, [result.title for result in search.page.object_list]


def test_searches_answer_from_the_cluster_while_a_node_fails_then_from_the_database(
    client, two_node_cluster
):
    cluster, prefix = two_node_cluster
    # One replica: every index has a copy on each node.
    shards = cluster.cat.shards(index=f"{prefix}*", format="json")
    assert shards and {s["state"] for s in shards} == {"STARTED"}
    for index in {s["index"] for s in shards}:
        assert {s["node"] for s in shards if s["index"] == index} == {"node-9211", "node-9212"}
    ready = client.get("/readyz").json()
    assert ready["checks"]["search"] == {"backend": "opensearch", "status": "ok"}

    before = {}
    for query in QUERIES:
        backend, titles = search_titles(client, query)
        assert backend == "cluster" and titles
        before[query] = titles
    assert DEMO_TITLE in before["Steuererklärung"]

    # Searches go on while the second node's JVM is killed, and after.
    killer = threading.Thread(target=kill_node, args=(SECOND_NODE_PORT,))
    answers = []
    killer.start()
    deadline = time.monotonic() + 40
    rounds_after_kill = 0
    while rounds_after_kill < 3 and time.monotonic() < deadline:
        gone = not killer.is_alive()
        for query in QUERIES:
            answers.append((query, *search_titles(client, query), read_state()))
        if gone and cluster.cluster.health(params={"local": "true"})["number_of_nodes"] == 1:
            rounds_after_kill += 1
    killer.join()
    assert rounds_after_kill == 3, "the cluster did not notice the lost node"
    for query, backend, titles, fallback in answers:
        assert (backend, fallback) == ("cluster", None), f"{query!r} left the cluster"
        assert titles == before[query], f"{query!r} answered differently"

    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    search = body["checks"]["search"]
    assert search["status"] == "degraded" and "fallback" not in search
    assert (search["cluster"]["nodes"], search["cluster"]["expected_nodes"]) == (1, 2)

    # Both nodes gone: the database answers, /readyz still ready.
    kill_node(CLUSTER_PORT)
    backend, titles = search_titles(client, "Steuererklärung")
    assert backend == "database" and DEMO_TITLE in titles
    assert read_state() is not None
    response = client.get("/readyz")
    assert response.status_code == 200
    search = response.json()["checks"]["search"]
    assert (search["status"], search["fallback"]) == ("degraded", "database")


def test_replicas_follow_the_number_of_nodes_by_default():
    index = cluster_backend(
        OPENSEARCH_BACKEND, ["http://a:9200"], replicas=django_settings.SEARCH_INDEX_REPLICAS
    )["INDEX_SETTINGS"]["settings"]["index"]
    assert (index["number_of_replicas"], index["auto_expand_replicas"]) == (0, "0-1")
    fixed = cluster_backend(OPENSEARCH_BACKEND, ["http://a:9200"], replicas="2")
    assert fixed["INDEX_SETTINGS"]["settings"]["index"]["number_of_replicas"] == 2
    assert "auto_expand_replicas" not in fixed["INDEX_SETTINGS"]["settings"]["index"]


def test_a_replica_setting_that_is_no_number_nor_range_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="SEARCH_INDEX_REPLICAS"):
        cluster_backend(OPENSEARCH_BACKEND, ["http://a:9200"], replicas="one")
