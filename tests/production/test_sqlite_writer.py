"""While another process holds SQLite's write lock (an editor publishing, a cron job),
visitors still get pages, search results and /readyz at once: no GET writes to the
database while it answers, and /readyz bounds its checks by READYZ_TIMEOUT (2 s).

Through the live server (tests/live_server.py): gunicorn on a real SQLite file in WAL
mode; a second connection to that file holds `BEGIN IMMEDIATE` with a write pending.
Before the fix the search page waited for the lock (20 s, the site's SQLite timeout) to
count the query, and /readyz twice that for its test writes to the cache tables."""

import json
import sqlite3
import time
import urllib.request
import uuid

import pytest

from tests.live_server import LiveServer

# Well above a normal answer on a busy test machine, far below SQLite's 20 s.
BOUND_SECONDS = 3.0


def timed_get(url):
    start = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return status, body, time.monotonic() - start


@pytest.fixture
def write_lock(live_site):
    """A second connection to the server's database file, holding the write lock."""
    holder = sqlite3.connect(
        LiveServer.shared().directory / "db.sqlite3", timeout=5, isolation_level=None
    )
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE wagtailcore_page SET live = live WHERE id = 1")
    yield
    holder.execute("ROLLBACK")
    holder.close()


@pytest.fixture
def warm_site(live_site):
    """Each address once before the lock: image renditions are made on a first view."""
    for path in PATHS:
        timed_get(live_site + path)
    return live_site


PATHS = [
    "/de/",
    "/de/aktuelles/",
    "/de/aktuelles/my-lu-ch-online/",
    "/de/projekte/?status=in_operation",
    "/api/v2/pages/?search=Gemeinde&locale=de",
]


def test_pages_search_and_readyz_answer_while_a_writer_holds_the_lock(warm_site, write_lock):
    searches = [f"/de/suche/?q=Gemeinde+{uuid.uuid4().hex[:6]}", "/de/suche/?q=Gemeinde"]
    for path in ["/readyz", *PATHS, *searches]:
        status, body, seconds = timed_get(warm_site + path)
        assert status == 200, (path, status)
        assert seconds < BOUND_SECONDS, f"{path} took {seconds:.1f} s"
    status, body, _seconds = timed_get(warm_site + "/readyz")
    assert json.loads(body)["status"] == "ok"
    # Searching again after the lock was held: still fast (the log waited at most 0.1 s).
    status, _body, seconds = timed_get(warm_site + "/de/suche/?q=Gemeinde")
    assert status == 200 and seconds < BOUND_SECONDS
