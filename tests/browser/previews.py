"""A preview link to a draft on the live server, made as the admin makes one
(home/previews/): a row with the hash of a fresh secret in the server's own SQLite
database (tests/live_server.py)."""

import datetime
import secrets
import sqlite3
from contextlib import closing

from home.previews.models import new_token, token_hash
from tests.live_server import LiveServer

PAGE_ID = """
SELECT translated.id FROM wagtailcore_page AS german
JOIN wagtailcore_page AS translated ON translated.translation_key = german.translation_key
JOIN wagtailcore_locale AS locale ON locale.id = translated.locale_id
JOIN wagtailcore_locale AS german_locale ON german_locale.id = german.locale_id
WHERE german.slug = ? AND german_locale.language_code = 'de' AND locale.language_code = ?
"""
INSERT = """
INSERT INTO home_previewlink (page_id, token_hash, note, created_at, expires_at)
VALUES (?, ?, ?, ?, ?)
"""


def preview_path(locale, slug):
    """The path of a new, valid preview link to the page with this German slug, in the
    locale's translation."""
    token = new_token()
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    database = LiveServer.shared().directory / "db.sqlite3"
    with closing(sqlite3.connect(database, timeout=10)) as connection, connection:
        (page_id,) = connection.execute(PAGE_ID, [slug, locale]).fetchone()
        connection.execute(
            INSERT,
            [
                page_id,
                token_hash(token),
                f"browser test {secrets.token_hex(2)}",
                now.isoformat(" "),
                (now + datetime.timedelta(days=1)).isoformat(" "),
            ],
        )
    return f"/{locale}/vorschau/{token}/"
