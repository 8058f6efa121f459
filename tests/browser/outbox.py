"""The live server's outbox, read as a subscriber or a feedback sender reads their
inbox: the mails the site queued, from post_office's Email table in the server's own SQLite database
(tests/live_server.py). The server's dev settings also print each mail to its log at
once; the table keeps it, with the address it went to."""

import re
import sqlite3
from contextlib import closing
from urllib.parse import urlsplit

from tests.live_server import LiveServer

LINK = re.compile(r"https?://[^\s<>\"]+/abonnements/[^\s<>\"]+")
STATUS_LINK = re.compile(r"https?://[^\s<>\"]+/rueckmeldung/[^\s<>\"/]+/")


def latest_mail(address):
    """The text part of the newest mail to this address."""
    database = LiveServer.shared().directory / "db.sqlite3"
    uri = f"file:{database}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True, timeout=10)) as connection:
        row = connection.execute(
            'SELECT message FROM post_office_email WHERE "to" = ? ORDER BY id DESC LIMIT 1',
            [address],
        ).fetchone()
    assert row, f"no mail to {address} in the live server's outbox"
    return row[0]


def confirm_path(address):
    """The path of the confirmation link in the newest mail to this address (the mail
    names the site's configured host; the tests open it on the live server)."""
    paths = [urlsplit(url).path for url in LINK.findall(latest_mail(address))]
    return next(path for path in paths if "/abonnements/bestaetigen/" in path)


def status_path(address):
    """The path of the status-page link in the newest mail to this address (the feedback
    confirmation)."""
    return urlsplit(STATUS_LINK.search(latest_mail(address)).group(0)).path
