"""Search tests run against every backend: the database backend always, the OpenSearch
node when settings.SEARCH_NODE_URL (the environment's OPENSEARCH_URL) names one.

- Without a node, the "opensearch" tests are deselected (the summary says so), unless a
  node is required (CI=true or VLGSITE_REQUIRE_SEARCH_NODE=1): then they fail.
- The node gets fresh indexes with a prefix of their own for the session, built from the
  demo content and deleted at the end. Objects that a test indexes are put back to the
  database's state before the next test (the database rolls back, the node does not).
"""

import io
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db.models.signals import post_delete, post_save
from django.test import override_settings
from modelsearch.backends import get_search_backend
from modelsearch.index import class_is_indexed, get_indexed_instance

from search.backends import (
    FALLBACK,
    OPENSEARCH_BACKEND,
    cluster_backend,
    database_backend,
    split_urls,
)
from search.health import read_state

BACKENDS = ["database", "opensearch"]
NODE_DIR = Path(__file__).resolve().parents[2] / "search" / "node"

_deselected = []


def node_url():
    return django_settings.SEARCH_NODE_URL


def uses_node(item):
    callspec = getattr(item, "callspec", None)
    if callspec and callspec.params.get("search_backend") == "opensearch":
        return True
    return "search_node" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(config, items):
    if node_url() or django_settings.SEARCH_NODE_REQUIRED:
        return
    keep = []
    for item in items:
        (_deselected if uses_node(item) else keep).append(item)
    if _deselected:
        config.hook.pytest_deselected(items=list(_deselected))
        items[:] = keep


def pytest_terminal_summary(terminalreporter):
    if _deselected:
        terminalreporter.write_line(
            f"search: {len(_deselected)} tests against the OpenSearch node deselected, "
            "OPENSEARCH_URL is not set. Start a node and run them: see README.md, "
            "'Search tests against a node'.",
            yellow=True,
        )


def make_client(url, timeout=5):
    from opensearchpy import OpenSearch

    return OpenSearch(hosts=split_urls(url), timeout=timeout)


def node_settings(url, prefix, timeout=10):
    return {
        "default": cluster_backend(OPENSEARCH_BACKEND, split_urls(url), prefix, timeout),
        FALLBACK: database_backend(),
    }


def build_indexes(config):
    with override_settings(WAGTAILSEARCH_BACKENDS=config):
        call_command("update_index", backend_name="default", stdout=io.StringIO())


def delete_indexes(client, prefix, timeout=120):
    """Delete the indexes named `prefix*`: one request, waited for generously (a node busy
    with another test run's indexes took more than five seconds to drop four)."""
    names = list(client.indices.get(index=f"{prefix}*").keys())
    if names:
        client.indices.delete(index=",".join(names), request_timeout=timeout)


@dataclass
class SearchNode:
    """The session's indexes on the node, and the objects tests changed in them."""

    url: str
    prefix: str
    config: dict
    touched: set = field(default_factory=set)

    def backend(self):
        with override_settings(WAGTAILSEARCH_BACKENDS=self.config):
            return get_search_backend("default")

    def track(self, sender, instance, **kwargs):
        if class_is_indexed(sender):
            self.touched.add((sender, instance.pk))

    def resync(self):
        """Put every object a previous test indexed back to its state in the database."""
        if not self.touched:
            return
        backend = self.backend()
        for model, pk in self.touched:
            instance = model._default_manager.filter(pk=pk).first()
            indexed = get_indexed_instance(instance) if instance else None
            if indexed is not None:
                backend.add(indexed)
            else:
                backend.delete(model(pk=pk))
        self.touched.clear()
        backend.refresh_indexes()


@pytest.fixture(scope="session")
def search_node(django_db_setup, django_db_blocker):
    """The OpenSearch node with this session's indexes of the demo content."""
    url = node_url()
    if not url:
        pytest.fail(
            "A search node is required (CI or VLGSITE_REQUIRE_SEARCH_NODE) but OPENSEARCH_URL "
            'is not set: start one with `export "$(search/node/start.sh)"`.'
        )
    client = make_client(url)
    try:
        client.info()
    except Exception as error:  # noqa: BLE001 - any failure means: no node
        pytest.fail(f"The search node at {url} does not answer: {error!r}")
    prefix = f"vlgtest_{uuid.uuid4().hex[:8]}_"
    node = SearchNode(url=url, prefix=prefix, config=node_settings(url, prefix))
    with django_db_blocker.unblock():
        build_indexes(node.config)
    yield node
    delete_indexes(client, prefix)


@dataclass
class Backend:
    """What a test needs to know about the backend it runs against."""

    name: str
    node: SearchNode | None = None

    @property
    def is_node(self):
        return self.node is not None

    def refresh(self):
        """Make what was just indexed searchable (the node refreshes about once a
        second; the database at once)."""
        if self.node:
            self.node.backend().refresh_indexes()


@pytest.fixture(params=BACKENDS)
def search_backend(request, db, settings):
    if request.param == "database":
        yield Backend("database")
        return
    node = request.getfixturevalue("search_node")
    node.resync()
    settings.WAGTAILSEARCH_BACKENDS = node.config
    post_save.connect(node.track, dispatch_uid="search-test-track-save")
    post_delete.connect(node.track, dispatch_uid="search-test-track-delete")
    try:
        yield Backend("opensearch", node)
    finally:
        post_save.disconnect(dispatch_uid="search-test-track-save")
        post_delete.disconnect(dispatch_uid="search-test-track-delete")
    # A node test that silently fell back to the database would prove nothing.
    assert read_state() is None, f"a search fell back to the database: {read_state()}"


@pytest.fixture(autouse=True)
def fresh_search_log():
    """The search log remembers what it logged in this process; each test's database
    starts afresh."""
    from search import log

    log.forget()
    yield
    log.forget()


@pytest.fixture
def clear_search_state(db):
    """No recorded cluster failure from an earlier test."""
    from django.core.cache import cache

    from search.health import STATE_KEY

    cache.delete(STATE_KEY)
    yield
    cache.delete(STATE_KEY)


@dataclass
class DisposableNode:
    port: int

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        subprocess.run([str(NODE_DIR / "stop.sh"), str(self.port)], check=True)
        try:
            make_client(self.url, timeout=2).info()
        except Exception:  # noqa: BLE001 - any failure: the node is gone, as wanted
            return
        pytest.fail(f"The node on port {self.port} still answers after stop.sh")


@pytest.fixture
def disposable_node(search_node):
    """A second node of its own, for the test that stops it (the session's node stays up
    for the other tests). Started with search/node/start.sh; fails if it does not start."""
    port = int(split_urls(search_node.url)[0].rsplit(":", 1)[1]) + 37
    result = subprocess.run(
        [str(NODE_DIR / "start.sh"), str(port)], capture_output=True, text=True, timeout=300
    )
    if result.returncode != 0:
        pytest.fail(f"Could not start a second search node on port {port}:\n{result.stderr}")
    node = DisposableNode(port)
    yield node
    node.stop()
