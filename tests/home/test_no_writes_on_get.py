"""Anonymous GETs never write to the database while the response is produced: every
page type, listings with filters, feeds, the open-data export, search, autocomplete, the
API, sitemaps, robots.txt and the health checks. (A write on a GET makes the page wait for
any other writer: SQLite lets one write at a time.)

The requests go through Django's handler as a WSGI server runs them: the response is
complete (and sent) before the server closes it; only then may the search log write
(search/log.py). The database cache (no Redis configured) counts: its rows are writes too.

One known exception: Wagtail creates an image rendition the first time a size of an image
is shown (one row per image and size, ever); the first round may write those, the second
round must write nothing.
"""

import re

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.models import Page

from news.models import NewsIndexPage
from search import log
from strategy.models import ProjectIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_search_log():
    log.forget()
    yield
    log.forget()


WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
RENDITIONS = "home_customrendition"
SEARCH_LOG_TABLES = ("search_searchlogentry", "wagtailsearchpromotions_")


def german(model):
    return model.objects.live().filter(locale__language_code="de").first()


def anonymous_urls():
    urls = [page.url for page in Page.objects.live().public().specific() if page.url]
    news, catalogue = german(NewsIndexPage), german(ProjectIndexPage)
    urls += [
        f"{news.url}feed/rss/",
        f"{news.url}feed/atom/",
        f"{news.url}?topic=e-government",
        f"{catalogue.url}?status=in_operation&level=kanton",
        f"{catalogue.url}export/csv/",
        "/de/suche/?q=Gemeinde",
        "/de/suche/?q=Gemeinde&type=news&sort=date",
        "/de/suche/?q=Zebrafingen",  # no results: hints and "Häufig gesucht"
        "/de/suche/?q=" + " ".join("abcdefghijklmnopqrstuvwxyz" * 4),  # shortened
        "/de/suche/autocomplete/?q=Gem",
        "/api/v2/pages/",
        "/api/v2/pages/?search=Gemeinde&locale=de",
        "/api/v2/pages/?type=news.NewsPage&locale=de&order=-date",
        f"/api/v2/pages/{german(NewsIndexPage).pk}/",
        "/api/v2/pages/find/?html_path=/de/",
        "/api/v2/images/",
        "/api/v2/documents/",
        "/sitemap.xml",
        "/de/sitemap.xml",
        "/robots.txt",
        "/healthz",
        "/readyz",
    ]
    urls += [document.url for document in get_document_model().objects.all()[:3]]
    return urls


def get(handler, url):
    """(status, SQL written while producing the response, SQL written when closing it)."""
    request = RequestFactory().get(url)
    with CaptureQueriesContext(connection) as producing:
        response = handler.get_response(request)
        b"".join(response) if response.streaming else response.content  # noqa: B018
    # As Django's test client: a real server's request_finished would also close the
    # database connection, ending the test's transaction (on PostgreSQL).
    request_finished.disconnect(close_old_connections)
    try:
        with CaptureQueriesContext(connection) as closing:
            response.close()
    finally:
        request_finished.connect(close_old_connections)
    writes = [
        [q["sql"] for q in captured if WRITE.match(q["sql"])] for captured in (producing, closing)
    ]
    return response.status_code, *writes


def test_anonymous_gets_write_nothing_while_the_response_is_produced():
    handler = WSGIHandler()
    urls = anonymous_urls()
    assert len(urls) > 40
    for round_ in (1, 2):
        for url in urls:
            status, writes, after = get(handler, url)
            assert status in {200, 301, 302}, (url, status)
            if round_ == 1:
                writes = [sql for sql in writes if RENDITIONS not in sql]
            assert writes == [], (round_, url, writes)
            # After the response, only the search log may write.
            assert all(any(t in sql for t in SEARCH_LOG_TABLES) for sql in after), (url, after)


def test_the_search_log_is_written_after_the_response():
    handler = WSGIHandler()
    status, writes, after = get(handler, "/de/suche/?q=Gemeinde")
    assert status == 200
    assert writes == []
    assert any("search_searchlogentry" in sql for sql in after)
