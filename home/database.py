"""Database helpers that several apps need."""

from contextlib import contextmanager

from django.db import connections, transaction


@contextmanager
def short_lock_wait(seconds, using="default"):
    """Wait at most `seconds` for another writer's lock instead of the site's usual busy
    timeout: SQLite's busy timeout for this connection, PostgreSQL's lock_timeout for
    this transaction. For work that must never hold up a page (the search log, /readyz)."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            previous = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {int(previous)}")
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('lock_timeout', %s, true)", [f"{int(seconds * 1000)}ms"]
                )
        yield
