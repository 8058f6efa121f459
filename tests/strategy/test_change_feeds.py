"""Change feeds (issue 17, "Feeds for everything you can subscribe to"): RSS 2.0 and Atom
per project, strategy, commune and catalogue query, one entry per significant change with
its note (home/change_feeds.py, strategy/feeds.py)."""

import html
import xml.etree.ElementTree as ET

import feedparser
import polib
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction
from wagtail_localize.models import Translation, TranslationSource

from home.models import Commune
from strategy.models import ProjectIndexPage, ProjectPage
from tests.editing import publish, publish_significant
from tests.strategy.factories import (
    make_project,
    make_project_index,
    make_strategy,
    make_strategy_index,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
VERSIONS = {"rss": "rss20", "atom": "atom10"}


def read_feed(client, url, kind):
    """The feed at url, checked as valid RSS 2.0 or Atom by feedparser and the XML's
    structure; returns feedparser's result."""
    response = client.get(url)
    assert response.status_code == 200, url
    content_type = {"rss": "application/rss+xml", "atom": "application/atom+xml"}[kind]
    assert response["Content-Type"].startswith(content_type)
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == VERSIONS[kind]
    root = ET.fromstring(response.content)
    if kind == "rss":
        assert (root.tag, root.get("version")) == ("rss", "2.0")
        channel = root.find("channel")
        for name in ("title", "link", "description"):
            assert channel.findtext(name)
        items = channel.findall("item")
        for item in items:
            for name in ("title", "link", "description", "pubDate"):
                assert item.findtext(name), name
            assert item.find("guid").get("isPermaLink") == "false"
        ids = [item.findtext("guid") for item in items]
    else:
        assert root.tag == f"{ATOM}feed"
        for name in ("title", "id", "updated"):
            assert root.findtext(f"{ATOM}{name}")
        entries = root.findall(f"{ATOM}entry")
        for entry in entries:
            for name in ("title", "id", "updated", "summary"):
                assert entry.findtext(f"{ATOM}{name}"), name
            assert entry.find(f"{ATOM}link").get("href")
        ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(ids) == len(set(ids)) == len(feed.entries)
    return feed


def entries(feed):
    """(title, note) of each entry, in the feed's order, the note as readers show it."""
    return [(entry.title, html.unescape(entry.summary)) for entry in feed.entries]


@pytest.fixture
def communes(db):
    return Commune.objects.get(name="Hochdorf"), Commune.objects.get(name="Sursee")


@pytest.fixture
def catalogue(home_page, communes):
    """A catalogue with two projects, each with a first publication and one significant
    change, and one draft."""
    hochdorf, sursee = communes
    index = make_project_index(home_page, slug="feed-projekte")
    portal = make_project(
        index, "Portal", communes=[hochdorf], live=False, status="in_operation", level_kanton=True
    )
    portal = publish(portal)
    portal = publish(portal, teaser="Tippfehler korrigiert")  # a minor correction: no entry
    publish_significant(portal, "Zeitplan angepasst")
    archiv = make_project(
        index, "Archiv", communes=[sursee], live=False, status="planned", level_kanton=True
    )
    publish_significant(publish(archiv), "Partner ergänzt")
    make_project(index, "Entwurf", communes=[hochdorf], live=False, status="in_operation")
    return index


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_project_feed_carries_its_significant_changes_newest_first(client, catalogue, kind):
    portal = ProjectPage.objects.get(slug="portal", locale__language_code="de")
    feed = read_feed(client, f"{portal.url}feed/{kind}/", kind)
    assert entries(feed) == [("Portal", "Zeitplan angepasst"), ("Portal", "Erstveröffentlichung")]
    assert feed.entries[0].link.startswith(portal.full_url)
    assert "Portal" in feed.feed.title
    published = [note.date for note in portal.change_note_list()]
    assert [entry.published_parsed[:6] for entry in feed.entries] == [
        date.utctimetuple()[:6] for date in published
    ]


def test_a_minor_correction_adds_no_entry_and_a_significant_one_does(client, catalogue):
    portal = ProjectPage.objects.get(slug="portal", locale__language_code="de")
    url = f"{portal.url}feed/atom/"
    before = read_feed(client, url, "atom")
    portal = publish(portal, title="Portal (korrigiert)")
    after_minor = read_feed(client, url, "atom")
    assert [entry.id for entry in after_minor.entries] == [entry.id for entry in before.entries]
    publish_significant(portal, "Betrieb aufgenommen")
    after = read_feed(client, url, "atom")
    assert entries(after)[0] == ("Portal (korrigiert)", "Betrieb aufgenommen")
    # Each note keeps its id: readers do not see the older entries again as new.
    assert [entry.id for entry in after.entries[1:]] == [entry.id for entry in before.entries]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_note_reaches_readers_as_text_not_markup(client, catalogue, kind):
    portal = ProjectPage.objects.get(slug="portal", locale__language_code="de")
    publish_significant(portal, "Neu: <b>Formular</b> & Anleitung")
    feed = read_feed(client, f"{portal.url}feed/{kind}/", kind)
    assert "<b>" not in feed.entries[0].summary
    assert entries(feed)[0][1] == "Neu: <b>Formular</b> & Anleitung"


def test_a_feed_has_at_most_twenty_entries(client, catalogue):
    portal = ProjectPage.objects.get(slug="portal", locale__language_code="de")
    for number in range(20):
        portal = publish_significant(portal, f"Änderung {number}")
    feed = read_feed(client, f"{portal.url}feed/rss/", "rss")
    assert len(feed.entries) == 20
    assert entries(feed)[0] == ("Portal", "Änderung 19")


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_catalogue_query_feed_has_only_the_projects_it_selects(client, catalogue, kind):
    url = f"{catalogue.url}feed/{kind}/?status=in_operation&level=kanton"
    feed = read_feed(client, url, kind)
    assert entries(feed) == [("Portal", "Zeitplan angepasst"), ("Portal", "Erstveröffentlichung")]
    assert "Status: In Betrieb" in feed.feed.title
    unfiltered = read_feed(client, f"{catalogue.url}feed/{kind}/", kind)
    assert {title for title, _note in entries(unfiltered)} == {"Portal", "Archiv"}
    assert len(unfiltered.entries) == 4  # the draft has none


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_commune_feed_has_the_projects_it_takes_part_in(client, catalogue, communes, kind):
    hochdorf, sursee = communes
    feed = read_feed(client, f"{catalogue.url}feed/{kind}/?commune={sursee.bfs_number}", kind)
    assert entries(feed) == [("Archiv", "Partner ergänzt"), ("Archiv", "Erstveröffentlichung")]
    assert "Gemeinde: Sursee" in feed.feed.title
    feed = read_feed(client, f"{catalogue.url}feed/{kind}/?commune={hochdorf.bfs_number}", kind)
    assert {title for title, _note in entries(feed)} == {"Portal"}


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_strategy_feed_has_its_own_and_its_projects_changes(client, home_page, kind):
    strategies = make_strategy_index(home_page, slug="feed-strategie")
    strategy = publish(make_strategy(strategies, "Strategie 2030", ["Infrastruktur"], live=False))
    strategy = publish_significant(strategy, "Umsetzungsplan ergänzt")
    index = make_project_index(home_page, slug="feed-projekte")
    serving = make_project(
        index, "Netz", live=False, focus_area=strategy.focus_areas.get(title="Infrastruktur")
    )
    publish_significant(publish(serving), "Ausschreibung gestartet")
    publish(make_project(index, "Anderes", live=False))
    feed = read_feed(client, f"{strategy.url}feed/{kind}/", kind)
    assert entries(feed) == [
        ("Netz", "Ausschreibung gestartet"),
        ("Netz", "Erstveröffentlichung"),
        ("Strategie 2030", "Umsetzungsplan ergänzt"),
        ("Strategie 2030", "Erstveröffentlichung"),
    ]


def test_private_and_unpublished_projects_stay_out_of_the_feeds(client, catalogue):
    archiv = ProjectPage.objects.get(slug="archiv", locale__language_code="de")
    PageViewRestriction.objects.create(
        page=archiv, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    portal = ProjectPage.objects.get(slug="portal", locale__language_code="de")
    portal.unpublish()
    feed = read_feed(client, f"{catalogue.url}feed/rss/", "rss")
    assert feed.entries == []


@pytest.mark.parametrize(
    "query",
    ["?commune=99999", "?commune=abc", "?status=unbekannt", "?topic=gibt-es-nicht", "?sort=x"],
)
def test_a_bad_filter_value_or_unknown_commune_is_404(client, catalogue, query):
    assert client.get(f"{catalogue.url}feed/rss/{query}").status_code == 404


def test_an_unknown_format_is_404(client, catalogue, home_page):
    portal = ProjectPage.objects.get(slug="portal", locale__language_code="de")
    strategy = make_strategy(make_strategy_index(home_page, slug="s"), "Strategie")
    for base in (catalogue.url, portal.url, strategy.url):
        assert client.get(f"{base}feed/json/").status_code == 404


def test_a_french_translation_has_the_french_notes(client):
    german = ProjectPage.objects.get(locale__language_code="de", slug="eumzug-luzern")
    publish_significant(german, "Weitere Gemeinden angeschlossen")
    source = TranslationSource.objects.get_for_instance(german)
    source.update_from_db()
    translation = Translation.objects.get(
        source=source, target_locale=Locale.objects.get(language_code="fr")
    )
    po = translation.export_po()
    entry = next(e for e in po if e.msgid == "Weitere Gemeinden angeschlossen")
    entry.msgstr = "D'autres communes raccordées"
    translation.import_po(polib.pofile(str(po)))
    translation.save_target(publish=True)
    french = german.get_translation(translation.target_locale)

    for kind in ("rss", "atom"):
        french_feed = read_feed(client, f"{french.url}feed/{kind}/", kind)
        assert entries(french_feed)[0] == (french.title, "D'autres communes raccordées")
        assert "/fr/" in french_feed.entries[0].link
        assert "Weitere Gemeinden" not in str(french_feed)
        german_feed = read_feed(client, f"{german.url}feed/{kind}/", kind)
        assert entries(german_feed)[0][1] == "Weitere Gemeinden angeschlossen"
        # The same note in two languages: two entries with ids of their own.
        assert french_feed.entries[0].id != german_feed.entries[0].id
    catalogue = french.get_parent()
    feed = read_feed(client, f"{catalogue.url}feed/atom/?status=in_operation", "atom")
    assert "D'autres communes raccordées" in [note for _title, note in entries(feed)]


def alternates(html):
    soup = BeautifulSoup(html, "html.parser")
    return {
        link["type"]: link["href"]
        for link in soup.find_all("link", rel="alternate")
        if "/feed/" in link["href"] and "aktuelles" not in link["href"]
    }


def test_the_pages_link_their_feeds(client, catalogue, communes, home_page):
    portal = ProjectPage.objects.get(slug="portal", locale__language_code="de")
    strategy = make_strategy(make_strategy_index(home_page, slug="s"), "Strategie")
    hochdorf, _sursee = communes
    query = f"?status=in_operation&commune={hochdorf.bfs_number}"
    for url, feed_base in (
        (portal.url, portal.url),
        (strategy.url, strategy.url),
        (catalogue.url + query, catalogue.url),
    ):
        html = client.get(url).content.decode()
        links = alternates(html)
        suffix = query.replace("?", "").split("&")
        for kind in ("rss", "atom"):
            href = links[f"application/{kind}+xml"]
            assert href.startswith(f"{feed_base}feed/{kind}/")
            if feed_base == catalogue.url:
                assert all(part in href for part in suffix)
            # The visible links beside the changes or the filters.
            assert BeautifulSoup(html, "html.parser").find("a", href=href).text == (
                "RSS" if kind == "rss" else "Atom"
            )
            read_feed(client, href, kind)


def test_different_catalogue_queries_never_share_a_cached_feed(client, catalogue, settings):
    settings.PAGE_CACHE_SECONDS = 60
    base = f"{catalogue.url}feed/rss/"
    first = client.get(f"{base}?status=in_operation")
    assert first["X-Page-Cache"] == "miss"
    assert client.get(f"{base}?status=in_operation")["X-Page-Cache"] == "hit"
    other = client.get(f"{base}?status=planned")
    assert other["X-Page-Cache"] == "miss"
    assert {e.title for e in feedparser.parse(other.content).entries} == {"Archiv"}
    assert {e.title for e in feedparser.parse(first.content).entries} == {"Portal"}


def count_queries(client, url):
    assert client.get(url).status_code == 200  # warm caches: count the steady state
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return sum(1 for query in captured if "vlgsite_cache" not in query["sql"])


# Today's count (lower it when a feed gets cheaper): the pages along the path, the
# catalogue as its page type, the notes with their pages.
FEED_BUDGET = 3


def test_a_feed_costs_the_same_few_queries_whatever_the_content(client):
    catalogue = ProjectIndexPage.objects.get(locale__language_code="de")
    url = f"{catalogue.url}feed/atom/?status=in_operation&level=kanton"
    before = count_queries(client, url)
    for number in range(12):
        project = make_project(
            catalogue,
            f"Budgetprojekt {number}",
            live=False,
            status="in_operation",
            level_kanton=True,
        )
        publish_significant(publish(project), f"Änderung {number}")
    after = count_queries(client, url)
    assert after == before
    assert after <= FEED_BUDGET
    assert len(feedparser.parse(client.get(url).content).entries) == 20
