"""The feedback form under load, through a real server: gunicorn with two worker processes
on a fresh copy of the test database (a SQLite file in WAL mode, or on PostgreSQL a
database made from the test database as template). Nothing is lost, nothing doubled, and
the rate limit holds across the processes."""

import contextlib
import http.client
import os
import re
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from tests.servers import gunicorn_serving

PROJECT_DIR = Path(__file__).resolve().parents[3]
FORM_PATH = "/de/ideen-und-feedback/"
SUBMISSIONS = 200
PARALLEL = 20
EXTRA = 5  # the rate limit allows this many more than SUBMISSIONS
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN_FIELD = re.compile(r'name="submission_token" value="([^"]+)"')


# The mark makes pytest-django set up the test database even when this file runs alone.
pytestmark = pytest.mark.django_db


class SqliteCopy:
    """A new SQLite file with the test database's schema and demo content. Copied rather
    than migrated (migrating a new file takes a minute of CPU, copying it a second)."""

    def __init__(self, folder):
        self.path = folder / "db.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(self.path)
        connection.connection.backup(target)
        target.close()
        self.url = f"sqlite:///{self.path}"

    def query(self, statement):
        with sqlite3.connect(self.path) as db:
            return db.execute(statement).fetchone()[0]

    def drop(self):
        pass


class PostgresCopy:
    """A new PostgreSQL database with the test database as its template (a file copy on
    the server). The template must have no other connection meanwhile: ours is closed."""

    def __init__(self):
        params = connection.settings_dict
        self.name = f"{params['NAME']}_server"
        self._params = {
            "host": params["HOST"],
            "port": params["PORT"] or 5432,
            "user": params["USER"],
            "password": params["PASSWORD"],
        }
        connection.close()
        with self._admin() as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(self.name)))
            admin.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(self.name), sql.Identifier(params["NAME"])
                )
            )
        p = self._params
        self.url = f"postgres://{p['user']}:{p['password']}@{p['host']}:{p['port']}/{self.name}"

    def _admin(self):
        return psycopg.connect(dbname="postgres", autocommit=True, **self._params)

    def query(self, statement):
        with psycopg.connect(dbname=self.name, **self._params) as db:
            return db.execute(statement).fetchone()[0]

    def drop(self):
        with self._admin() as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name))
            )


@pytest.fixture(scope="module")
def server_database(tmp_path_factory, django_db_setup, django_db_blocker):
    """A copy of the test database for the server, made before the test's own
    transaction begins (which would block the copy)."""
    folder = tmp_path_factory.mktemp("feedback-server")
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            copy = PostgresCopy()
        else:
            assert connection.vendor == "sqlite", connection.vendor
            copy = SqliteCopy(folder)
    copy.folder = folder
    yield copy
    copy.drop()


@contextlib.contextmanager
def gunicorn(database, settings, log_name, ready_path):
    """gunicorn with 2 workers (4 threads each) on the copied database with these settings
    (environment variables); yields its port once `ready_path` answers 200. Fails, never
    skips, when it does not come up."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vlgsite.settings.test",
        "DATABASE_URL": database.url,
        "LOG_LEVEL": "WARNING",
        **settings,
    }
    options = ["--workers", "2", "--threads", "4", "--timeout", "120", "--graceful-timeout", "5"]
    with gunicorn_serving(
        env,
        database.folder / log_name,
        lambda port: request(port, "GET", ready_path)[0] == 200,
        options,
    ) as port:
        yield port


@pytest.fixture(scope="module")
def server(server_database):
    """The site on the copied database, with a rate limit just above the test's posts."""
    limit = {"FEEDBACK_RATE_LIMIT": f"{SUBMISSIONS + EXTRA}/1h"}
    with gunicorn(server_database, limit, "gunicorn.log", FORM_PATH) as port:
        yield port


def request(port, method, path, body=None, headers=None, source="127.0.0.1"):
    """One request on its own connection; returns (status, headers, text)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120, source_address=(source, 0))
    try:
        conn.request(method, path, body, headers or {})
        response = conn.getresponse()
        return response.status, response, response.read().decode()
    finally:
        conn.close()


def open_form(port, source="127.0.0.1"):
    """GET the form as a browser does: its CSRF cookie, CSRF token and one-time token."""
    status, response, html = request(port, "GET", FORM_PATH, source=source)
    assert status == 200, html[:500]
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    return cookie, CSRF_FIELD.search(html).group(1), TOKEN_FIELD.search(html).group(1)


def post_form(port, form, commune, number, source="127.0.0.1"):
    cookie, csrf, token = form
    body = urlencode(
        {
            "csrfmiddlewaretoken": csrf,
            "submission_token": token,
            "category": "idea",
            "subject": f"Idee Nummer {number}",
            "message": "Gleichzeitig gesendet.",
            "commune": commune,
            "name": "Anna Muster",
            "email": "anna.muster@wikon.example.ch",
            "consent": "on",
            "homepage": "",
        }
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={cookie}",
    }
    status, response, _ = request(port, "POST", FORM_PATH, body, headers, source=source)
    return status, response.getheader("Location")


def submit(port, commune, number):
    return post_form(port, open_form(port), commune, number)


def rows(database, where="1=1"):
    """Submissions stored by the test (the demo content's published ideas aside)."""
    return database.query(
        f"SELECT COUNT(*) FROM home_feedback WHERE ({where}) AND submission_token NOT LIKE 'demo-%'"
    )


def test_parallel_submissions_through_gunicorn_are_all_stored_exactly_once(server, server_database):
    port = server
    if isinstance(server_database, SqliteCopy):
        assert server_database.query("PRAGMA journal_mode") == "wal"
    commune = server_database.query("SELECT id FROM home_commune WHERE name = 'Wikon'")
    started = time.monotonic()

    with ThreadPoolExecutor(PARALLEL) as pool:
        results = list(pool.map(lambda n: submit(port, commune, n), range(SUBMISSIONS)))
    statuses = [status for status, _ in results]
    assert statuses.count(303) == SUBMISSIONS, sorted(set(statuses))
    assert all("/danke/VLG-" in location for _, location in results)
    assert len({location for _, location in results}) == SUBMISSIONS
    assert rows(server_database) == SUBMISSIONS
    references = rows(server_database, "reference LIKE 'VLG-%'")
    assert references == SUBMISSIONS

    # The rate limit is counted in the shared cache: both worker processes see one count.
    later = [submit(port, commune, SUBMISSIONS + n)[0] for n in range(2 * EXTRA)]
    assert later == [303] * EXTRA + [429] * EXTRA
    assert rows(server_database) == SUBMISSIONS + EXTRA

    # A double (tenfold) click from another client: one form, sent ten times at once.
    form = open_form(port, source="127.0.0.2")
    with ThreadPoolExecutor(10) as pool:
        clicks = list(
            pool.map(lambda _: post_form(port, form, commune, 999, source="127.0.0.2"), range(10))
        )
    assert {status for status, _ in clicks} == {303}
    assert len({location for _, location in clicks}) == 1
    assert rows(server_database) == SUBMISSIONS + EXTRA + 1
    assert rows(server_database, "subject = 'Idee Nummer 999'") == 1
    print(f"\n{SUBMISSIONS + 2 * EXTRA + 10} posts in {time.monotonic() - started:.1f} s")
