import datetime
import json
import re

import pytest

from home.models import Person, Topic
from news.models import NewsIndexPage, NewsPage
from tests.news.factories import make_news

pytestmark = pytest.mark.django_db


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


@pytest.fixture
def news(german):
    index = NewsIndexPage.objects.get(locale=german, slug="aktuelles")
    topic = Topic.objects.create(name="Seitenthema", slug="seitenthema", locale=german)
    author = Person.objects.create(name="Anna Autorin", role="Redaktion", locale=german)
    return make_news(
        index, "Seitenmeldung", datetime.date(2024, 3, 1), [topic], ["eumzug"], author=author
    )


def test_news_page_shows_topics_tags_author_and_their_json_ld(client, news):
    html = client.get(news.url).content.decode()
    assert "?topic=seitenthema" in html and "?tag=eumzug" in html
    assert "von Anna Autorin" in html and "Redaktion" in html
    article = next(data for data in json_ld(html) if data.get("@type") == "NewsArticle")
    assert article["keywords"] == ["Seitenthema"]
    assert article["author"]["name"] == "Anna Autorin"
    assert article["inLanguage"] == "de"


def test_preview_shows_the_drafts_author_and_topics(news, german):
    draft = NewsPage.objects.get(pk=news.pk)
    draft.author_id = Person.objects.create(name="Otto Entwurf", locale=german).pk
    draft.topics = [Topic.objects.create(name="Entwurfsthema", slug="entwurf", locale=german)]
    html = draft.make_preview_request().content.decode()
    assert "von Otto Entwurf" in html and "Anna Autorin" not in html
    assert "Entwurfsthema" in html and "Seitenthema" not in html
