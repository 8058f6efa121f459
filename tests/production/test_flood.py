"""A flood of the page cache in Redis set up as docs/deployment.md says (maxmemory,
allkeys-lru): made-up query strings store nothing, stored query strings per path are
capped, and whatever the cache evicts, a login lockout and the feedback rate limit hold
(they are counted in the database)."""

import pytest
import redis
from django.core.cache import caches

from tests.production.redis_server import start_redis, stop_redis
from vlgsite.settings.base import shared_caches

pytestmark = pytest.mark.django_db

PASSWORD = "richtig-und-lang-genug"


@pytest.fixture(scope="module")
def small_redis(tmp_path_factory):
    server, url = start_redis(
        tmp_path_factory.mktemp("redis"), "--maxmemory", "2mb", "--maxmemory-policy", "allkeys-lru"
    )
    yield url
    stop_redis(server)


@pytest.fixture
def redis_caches(settings, small_redis):
    settings.CACHES = {**settings.CACHES, **shared_caches(small_redis)}
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_MAX_VARIANTS = 20
    caches["default"].clear()
    caches["pages"].clear()
    return redis.Redis.from_url(small_redis)


def test_a_flood_stores_nothing_new_and_evicts_no_lockout_or_rate_limit(
    client,
    redis_caches,
    django_user_model,
    feedback_page,
    feedback_data,
    home_page,
):
    server = redis_caches
    django_user_model.objects.create_superuser("redaktorin", password=PASSWORD)
    for _ in range(5):
        client.post("/admin/login/", {"username": "redaktorin", "password": "falsch"})
    login = {"username": "redaktorin", "password": PASSWORD}
    assert client.post("/admin/login/", login).status_code == 429
    for _ in range(5):
        assert client.post(feedback_page.url, feedback_data()).status_code == 303
    assert client.post(feedback_page.url, feedback_data()).status_code == 429

    # Made-up query strings: served from the one stored page, nothing new is stored.
    assert client.get(home_page.url)["X-Page-Cache"] == "miss"
    keys_before = server.dbsize()
    for number in range(300):
        assert client.get(f"{home_page.url}?utm_x={number}")["X-Page-Cache"] == "hit"
    assert server.dbsize() == keys_before
    # Query strings the API reads: at most PAGE_CACHE_MAX_VARIANTS stored per path.
    api = "/api/v2/pages/?type=news.NewsPage&fields=title"
    stored = sum(
        client.get(f"{api}&limit={n}").get("X-Page-Cache") == "miss" for n in range(1, 101)
    )
    assert stored == 20

    # Whatever fills the cache beyond maxmemory, Redis evicts; the counters are elsewhere.
    for number in range(400):
        caches["pages"].set(f"filler-{number}", b"x" * 20_000)
    assert server.info("stats")["evicted_keys"] > 0
    assert client.post("/admin/login/", login).status_code == 429
    assert client.post(feedback_page.url, feedback_data()).status_code == 429
