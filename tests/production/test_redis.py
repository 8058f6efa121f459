"""The shared cache of a production site with several app processes: Redis
(vlgsite.settings.base.shared_caches, home/cache/redis.py). A throwaway redis-server is
started for these tests (tests/production/redis_server.py)."""

import pytest
from django.core.cache import caches

from home.cache import memory
from tests.production.redis_server import start_redis, stop_redis
from vlgsite.settings.base import shared_caches

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    server, url = start_redis(tmp_path_factory.mktemp("redis"))
    yield url
    stop_redis(server)


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
