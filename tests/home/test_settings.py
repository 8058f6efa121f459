import threading

import pytest
from django.db.backends.sqlite3.base import DatabaseWrapper

from vlgsite.settings.base import sqlite_options


def _sqlite_connection(path):
    config = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": sqlite_options(),
        "TIME_ZONE": None,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "AUTOCOMMIT": True,
        "ATOMIC_REQUESTS": False,
    }
    return DatabaseWrapper(config, alias=f"wal-{path.name}")


@pytest.fixture(autouse=True)
def _own_databases(django_db_blocker):
    """These tests open their own SQLite files, outside the test database."""
    with django_db_blocker.unblock():
        yield


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    wrapper = _sqlite_connection(tmp_path / "wal.sqlite3")
    with wrapper.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20_000
    wrapper.close()


def test_concurrent_writers_wait_instead_of_failing(tmp_path):
    path = tmp_path / "writers.sqlite3"
    setup = _sqlite_connection(path)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE t (n INTEGER)")
    setup.close()
    errors = []

    def write(worker):
        wrapper = _sqlite_connection(path)
        try:
            for n in range(50):
                with wrapper.cursor() as cursor:
                    cursor.execute("BEGIN IMMEDIATE")
                    cursor.execute("INSERT INTO t VALUES (%s)", [worker * 100 + n])
                    cursor.execute("COMMIT")
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            errors.append(error)
        finally:
            wrapper.close()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    check = _sqlite_connection(path)
    with check.cursor() as cursor:
        assert cursor.execute("SELECT COUNT(*) FROM t").fetchone()[0] == 200
    check.close()
