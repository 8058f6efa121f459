import datetime

import feedparser
import pytest

from home.models import Topic
from tests.news.factories import make_news, make_news_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home_page, german):
    index = make_news_index(home_page, slug="feed-news")
    alpha = Topic.objects.create(name="Alpha", slug="alpha", locale=german)
    make_news(index, "Älteste", datetime.date(2020, 1, 1), [alpha])
    make_news(index, "Neueste", datetime.date(2025, 1, 1))
    make_news(index, "Mittlere", datetime.date(2023, 1, 1), [alpha])
    make_news(index, "Entwurf", datetime.date(2026, 1, 1), [alpha], live=False)
    return index


@pytest.mark.parametrize(("kind", "version"), [("rss", "rss20"), ("atom", "atom10")])
def test_feed_is_valid_and_newest_first(client, index, kind, version):
    response = client.get(f"{index.url}feed/{kind}/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == version
    assert [entry.title for entry in feed.entries] == ["Neueste", "Mittlere", "Älteste"]
    assert feed.entries[0].link.endswith("/neueste/")


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_topic_feed_lists_only_that_topic(client, index, kind):
    feed = feedparser.parse(client.get(f"{index.url}feed/{kind}/alpha/").content)
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["Mittlere", "Älteste"]
    assert "Alpha" in feed.feed.title


@pytest.mark.parametrize("path", ["feed/json/", "feed/rss/unbekannt/"])
def test_unknown_feed_is_404(client, index, path):
    assert client.get(f"{index.url}{path}").status_code == 404


def test_feeds_are_linked_from_the_page_head(client, home_page):
    html = client.get(home_page.url).content.decode()
    assert 'type="application/rss+xml"' in html
    assert 'type="application/atom+xml"' in html
    assert "/de/aktuelles/feed/rss/" in html
