"""Helpfulness votes under load, through a real server: gunicorn with two worker processes
on a fresh copy of the test database, as the feedback form's concurrency test does (whose
database copy and request helpers this uses). Every vote is stored, none twice, and the
rate limit holds across the processes."""

import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest

from tests.home.feedback.test_concurrency import (  # noqa: F401 (server_database: a fixture)
    SqliteCopy,
    gunicorn,
    request,
    server_database,
)

VOTE_PATH = "/de/hilfreich/"
VOTES = 200
PARALLEL = 20
EXTRA = 5  # the rate limit allows this many more than VOTES

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def server(server_database):  # noqa: F811
    """The site on the copied database, with a rate limit just above the test's votes."""
    limit = {"HELPFULNESS_RATE_LIMIT": f"{VOTES + EXTRA}/1h"}
    with gunicorn(server_database, limit, "gunicorn-helpfulness.log", "/de/") as port:
        yield port


def vote(port, page_id, number):
    body = urlencode(
        {
            "page": page_id,
            "helpful": "nein" if number % 2 else "ja",
            "comment": f"Kommentar Nummer {number}",
            "homepage": "",
        }
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded"}  # no cookie, no token
    return request(port, "POST", VOTE_PATH, body, headers)[0]


def rows(database, where="1=1"):
    return database.query(f"SELECT COUNT(*) FROM home_helpfulnessvote WHERE {where}")


def test_parallel_votes_through_gunicorn_are_all_stored(server, server_database):  # noqa: F811
    port = server
    if isinstance(server_database, SqliteCopy):
        assert server_database.query("PRAGMA journal_mode") == "wal"
    page_id = server_database.query(
        "SELECT p.id FROM wagtailcore_page p JOIN wagtailcore_locale l ON l.id = p.locale_id"
        " WHERE p.slug = 'my-lu-ch-online' AND l.language_code = 'de'"
    )
    started = time.monotonic()

    with ThreadPoolExecutor(PARALLEL) as pool:
        statuses = list(pool.map(lambda n: vote(port, page_id, n), range(VOTES)))
    assert statuses == [303] * VOTES, sorted(set(statuses))
    assert rows(server_database) == VOTES
    assert rows(server_database, f"page_id = {page_id} AND language = 'de'") == VOTES
    assert rows(server_database, "helpful") == VOTES // 2
    distinct = "SELECT COUNT(DISTINCT comment) FROM home_helpfulnessvote"
    assert server_database.query(distinct) == VOTES

    # The rate limit is counted in the database: both worker processes see one count.
    later = [vote(port, page_id, VOTES + n) for n in range(2 * EXTRA)]
    assert later == [303] * EXTRA + [429] * EXTRA
    assert rows(server_database) == VOTES + EXTRA
    print(f"\n{VOTES + 2 * EXTRA} votes in {time.monotonic() - started:.1f} s")
