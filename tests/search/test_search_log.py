"""The search log behind "Häufig gesucht": a query counts once per client and day, is
shown only when it found something and enough clients searched it, and is deleted after
the retention period (manage.py purge_search_log)."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion

from search.models import SearchLogEntry
from tests.search.factories import make_standard_page

SEARCH_URL = "/de/suche/"
NOTHING = "Zebrafingen"  # finds nothing, so the page shows "Häufig gesucht"


@pytest.fixture
def finches(home_page):
    make_standard_page(home_page, "Zebrafinken im Stadtpark", intro="Alles über Zebrafinken.")
    make_standard_page(home_page, "Spatzen im Stadtpark", intro="Alles über Spatzen.")


def search_from(client, query, address):
    response = client.get(SEARCH_URL, {"q": query}, REMOTE_ADDR=address)
    assert response.status_code == 200
    return response


def popular(client):
    # exact=1: the words as typed (a typo's correction would show results instead)
    response = client.get(SEARCH_URL, {"q": NOTHING, "exact": "1"}, REMOTE_ADDR="198.51.100.1")
    assert response.context["search"].total == 0
    return response.context["search"].popular, response.content.decode()


def test_one_client_repeating_a_phrase_does_not_make_it_popular(client, finches, settings):
    assert settings.SEARCH_POPULAR_MIN_CLIENTS == 3
    for _ in range(50):
        search_from(client, "Zebrafinken", "203.0.113.9")
    assert SearchLogEntry.objects.filter(query="zebrafinken").count() == 1
    terms, html = popular(client)
    assert "zebrafinken" not in terms
    assert "Häufig gesucht" not in html


def test_three_clients_make_a_phrase_popular(client, finches):
    for number in range(3):
        search_from(client, "Zebrafinken", f"203.0.113.{number}")
    terms, html = popular(client)
    assert terms == ["zebrafinken"]
    assert "Häufig gesucht" in html
    assert '<a href="?q=zebrafinken">zebrafinken</a>' in html


def test_a_query_without_results_is_never_popular(client, finches):
    # Two words the site uses (so the vocabulary would allow them), on no page together.
    for number in range(10):
        response = search_from(client, "Zebrafinken Spatzen", f"203.0.113.{number}")
        assert response.context["search"].total == 0
    assert SearchLogEntry.objects.filter(query="zebrafinken spatzen", had_results=False).exists()
    terms, _html = popular(client)
    assert "zebrafinken spatzen" not in terms


def test_no_address_is_stored_and_the_client_key_changes_daily(client, finches, monkeypatch):
    search_from(client, "Zebrafinken", "203.0.113.77")
    entry = SearchLogEntry.objects.get(query="zebrafinken")
    assert "203.0.113.77" not in entry.client and len(entry.client) == 32
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    search_from(client, "Zebrafinken", "203.0.113.77")
    keys = set(SearchLogEntry.objects.filter(query="zebrafinken").values_list("client", flat=True))
    assert len(keys) == 2


def test_purge_deletes_entries_past_the_retention_period(client, finches, settings, german):
    assert settings.SEARCH_LOG_RETENTION_DAYS == 90
    today = timezone.localdate()
    old, recent = today - dt.timedelta(days=91), today - dt.timedelta(days=89)
    for day, query in ((old, "alte suche"), (recent, "neue suche")):
        SearchLogEntry.objects.create(day=day, client="c", query=query, locale=german)
        Query.get(query).add_hit(date=day)
    promoted = Query.get("promoted")
    SearchPromotion.objects.create(query=promoted, external_link_url="https://example.ch/")
    out = io.StringIO()
    call_command("purge_search_log", stdout=out)
    assert list(SearchLogEntry.objects.values_list("query", flat=True)) == ["neue suche"]
    assert not QueryDailyHits.objects.filter(date__lt=today - dt.timedelta(days=90)).exists()
    assert not Query.objects.filter(query_string="alte suche").exists()
    assert Query.objects.filter(query_string="promoted").exists()  # editors' promotion stays
    assert "1" in out.getvalue()
