"""The shared cache of a production site with several app processes: Redis
(vlgsite.settings.base.shared_caches, home/cache/redis.py). A throwaway redis-server is
started for these tests; it must be installed (`apt-get install -y redis-server`; .ci/run
does it): without it they fail."""

import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches

from home.cache import memory
from vlgsite.settings.base import shared_caches

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is missing: apt-get install -y redis-server")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                server.kill()
                pytest.fail("redis-server did not start within 20 s")
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def redis_caches(settings, redis_url):
    settings.CACHES = {**settings.CACHES, **shared_caches(redis_url)}
    caches["default"].clear()
    caches["pages"].clear()
    return redis_url


def test_pages_are_kept_in_redis_until_the_content_version_changes(client, settings, redis_caches):
    settings.PAGE_CACHE_SECONDS = 60
    assert client.get("/de/")["X-Page-Cache"] == "miss"
    assert client.get("/de/")["X-Page-Cache"] == "hit"
    memory.new_version()  # what a publication does once committed
    assert client.get("/de/")["X-Page-Cache"] == "miss"


def test_every_app_process_sees_the_same_values_and_counters(redis_caches):
    """Two cache connections, as two app processes have: what one writes (a content
    version, a login failure count) the other reads."""
    one, other = caches.create_connection("default"), caches.create_connection("default")
    one.set("content-version", "v2", timeout=None)
    assert other.get("content-version") == "v2"
    one.set("failures", 0)
    for _ in range(3):
        other.incr("failures")
    assert one.get("failures") == 3
    assert one.add("failures", 99) is False
    one.delete("failures")
    assert other.get("failures") is None
