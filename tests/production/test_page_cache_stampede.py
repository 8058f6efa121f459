"""No stampede after a publication (home/cache/pages.py): when the content version changes
under load, one request per page renders it anew while the others get the copy from
before, for at most PAGE_CACHE_STALE_SECONDS.

Through a real server: gunicorn with two worker processes of eight threads each, the shared
cache in a throwaway Redis, on a copy of the test database; the publication is made by
another process (`manage.py shell`, as a script or the scheduled publishing does), through
Wagtail's revisions and publish signals."""

import http.client
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import caches
from django.test import Client

from home.cache.pages import take_render_slot
from home.models import StandardPage
from tests.home.feedback.test_concurrency import PostgresCopy, SqliteCopy
from tests.production.environment import manage
from tests.production.redis_server import start_redis, stop_redis
from tests.servers import gunicorn_serving

STATUS = "X-Page-Cache"
PATH = "/de/ueber-uns/"
STALE_SECONDS = 30  # long: the publishing process may need seconds after its commit
CONCURRENT = 16
OLD_TITLE = "Über uns"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def site(tmp_path_factory, django_db_setup, django_db_blocker):
    """gunicorn on a copy of the test database with the page cache on and the shared
    cache in Redis; yields (port, environment) — the environment for other processes."""
    folder = tmp_path_factory.mktemp("stampede")
    with django_db_blocker.unblock():
        from django.db import connection

        database = PostgresCopy() if connection.vendor == "postgresql" else SqliteCopy(folder)
    redis, redis_url = start_redis(folder)
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("OPENSEARCH")},
        "DJANGO_SETTINGS_MODULE": "vlgsite.settings.dev",
        "DEBUG": "0",
        "DATABASE_URL": database.url,
        "CACHE_URL": redis_url,
        "PAGE_CACHE_SECONDS": "300",
        "PAGE_CACHE_STALE_SECONDS": str(STALE_SECONDS),
        "MEDIA_ROOT": str(folder / "media"),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("ELASTICSEARCH_URL", None)
    options = ["--workers", "2", "--threads", "8", "--timeout", "120"]
    try:
        with gunicorn_serving(
            env, folder / "gunicorn.log", lambda port: get(port)[0] == 200, options
        ) as port:
            yield port, env
    finally:
        stop_redis(redis)
        database.drop()


def get(port, path=PATH):
    """(status, X-Page-Cache header, the page's heading) of one anonymous GET."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        html = response.read().decode()
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
        return response.status, response.getheader(STATUS), heading and heading.group(1).strip()
    finally:
        conn.close()


def get_at_once(port, count=CONCURRENT):
    """`count` GETs of the page sent at the same moment, each on its own connection."""
    start = threading.Barrier(count)

    def one(_):
        start.wait()
        return get(port)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


def edit_about_page(env, action):
    """An editor's change of the page in the server's database, in another process
    (`action` runs with `page`, the page): Wagtail's signals start a new content version."""
    script = (
        "from home.models import StandardPage\n"
        "page = StandardPage.objects.get(slug='ueber-uns', locale__language_code='de')\n"
        f"{action}\n"
    )
    manage(env, "shell", "-c", script, timeout=300)


def publish_title(env, title):
    """A revision with the new title, published."""
    edit_about_page(env, f"page.title = {title!r}; page.save_revision().publish()")


def renders(responses):
    """Responses the server rendered (not served from the page cache)."""
    return [r for r in responses if r[1] not in ("hit", "stale")]


def test_after_a_publication_one_request_renders_the_others_get_the_copy_from_before(site):
    port, env = site
    get(port)
    assert get(port)[1:] == ("hit", OLD_TITLE)

    publish_title(env, "Wer wir sind")
    published = time.monotonic()
    responses = get_at_once(port)

    assert {status for status, _, _ in responses} == {200}
    assert len(renders(responses)) == 1, responses
    stale = [r for r in responses if r[1] == "stale"]
    assert stale, responses
    assert {title for _, _, title in stale} == {OLD_TITLE}
    # What came from the cache after the render is the new page.
    assert all(title == "Wer wir sind" for _, cached, title in responses if cached != "stale")

    # After the stale window, every visitor gets the new page.
    time.sleep(max(0.0, published + STALE_SECONDS + 0.5 - time.monotonic()))
    later = get_at_once(port)
    assert {(status, title) for status, _, title in later} == {(200, "Wer wir sind")}
    assert "stale" not in {cached for _, cached, _ in later}


def test_an_unpublished_page_is_never_served_from_before(site):
    port, env = site
    get(port)
    assert get(port)[:2] == (200, "hit")
    edit_about_page(env, "page.unpublish()")
    responses = get_at_once(port)
    assert {status for status, _, _ in responses} == {404}, responses


def publish_over_a_stored_copy(client, settings, capture_on_commit):
    """In-process, with a 60 s stale window: "Über uns" stored in the page cache, then
    published with a new title. Returns the page."""
    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_STALE_SECONDS = 60
    about = StandardPage.objects.get(locale__language_code="de", slug="ueber-uns")
    client.get(about.url)
    assert client.get(about.url)[STATUS] == "hit"
    about.title = "Wer wir sind"
    with capture_on_commit(execute=True):
        about.save_revision().publish()
    return about


def test_a_failing_render_does_not_keep_visitors_on_the_copy_from_before(
    client, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """The render lock is given back when the render fails: the next visitor gets the
    page rendered anew, not the old copy for the rest of the window."""
    about = publish_over_a_stored_copy(client, settings, django_capture_on_commit_callbacks)

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("the render failed")

    with monkeypatch.context() as patch:
        patch.setattr(StandardPage, "serve", broken)
        assert Client(raise_request_exception=False).get(about.url).status_code == 500
    response = client.get(about.url)
    assert response[STATUS] == "miss"
    assert "Wer wir sind" in response.content.decode()


def test_without_a_copy_from_before_pages_are_rendered_as_always(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 60
    about = StandardPage.objects.get(locale__language_code="de", slug="ueber-uns")
    about.title = "Wer wir sind"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    response = client.get(about.url)
    assert response[STATUS] == "miss"
    assert "Wer wir sind" in response.content.decode()
    assert client.get(about.url)[STATUS] == "hit"


def test_while_the_render_slots_are_taken_a_page_from_before_is_served_stale(
    client, settings, django_capture_on_commit_callbacks
):
    """After a publication every stored page is left behind: only PAGE_CACHE_STALE_RENDERS
    pages are rendered anew at once, a visitor of another page meanwhile gets its copy
    from before, and once a slot is free his page is rendered."""
    settings.PAGE_CACHE_STALE_RENDERS = 1
    about = publish_over_a_stored_copy(client, settings, django_capture_on_commit_callbacks)

    slot = take_render_slot(60)  # another page is being rendered anew
    response = client.get(about.url)
    assert response[STATUS] == "stale"
    assert OLD_TITLE in response.content.decode()

    caches["pages"].delete(slot)  # that render is done
    response = client.get(about.url)
    assert response[STATUS] == "miss"
    assert "Wer wir sind" in response.content.decode()
    assert take_render_slot(60) is not None  # the render gave its slot back
