import json
import re

import pytest

from home.models import StandardPage
from news.models import NewsPage
from strategy.models import ProjectPage, StrategyPage

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def structured(html):
    return {item["@type"]: item for item in map(json.loads, JSON_LD.findall(html))}


@pytest.mark.parametrize(
    ("get_page", "expected_type"),
    [
        (
            lambda: (
                NewsPage.objects.filter(locale__language_code="de")
                .filter(lead_image__isnull=False)
                .first()
            ),
            "NewsArticle",
        ),
        (
            lambda: ProjectPage.objects.get(locale__language_code="de", slug="eumzug-luzern"),
            "CreativeWork",
        ),
        (
            lambda: StrategyPage.objects.get(
                locale__language_code="de", slug="digitalstrategie-luzern"
            ),
            "CreativeWork",
        ),
        (lambda: StandardPage.objects.get(locale__language_code="de", slug="ueber-uns"), None),
    ],
    ids=["news", "project", "strategy", "standard"],
)
def test_each_page_type_has_meta_canonical_and_json_ld(client, get_page, expected_type):
    page = get_page()
    html = client.get(page.url).content.decode()
    assert f'<link rel="canonical" href="{page.full_url}">' in html
    assert f'<meta property="og:title" content="{page.seo_title or page.title}">' in html
    assert 'property="og:description"' in html
    data = structured(html)
    assert data["GovernmentOrganization"]["name"]
    if expected_type:
        assert (
            data[expected_type]["url" if expected_type != "NewsArticle" else "mainEntityOfPage"]
            == page.full_url
        )


def test_news_article_carries_date_author_and_lead_image(client):
    news = (
        NewsPage.objects.filter(locale__language_code="de").filter(lead_image__isnull=False).first()
    )
    html = client.get(news.url).content.decode()
    article = structured(html)["NewsArticle"]
    assert article["datePublished"] == news.date.isoformat()
    assert article["author"]["name"] == news.author.name
    assert article["image"][0].startswith("http://testserver/media/images/")
    assert f'<meta property="og:image" content="{article["image"][0]}">' in html
    assert 'content="summary_large_image"' in html


def test_search_description_overrides_the_teaser(client):
    page = StandardPage.objects.get(locale__language_code="de", slug="impressum")
    page.search_description = "Angaben zum Anbieter dieser Website."
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert '<meta name="description" content="Angaben zum Anbieter dieser Website.">' in html


def test_json_ld_cannot_be_broken_out_of(client):
    page = NewsPage.objects.first()
    page.search_description = "</script><script>alert(1)</script>"
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)" not in html
    assert "alert(1)" in structured(html)["NewsArticle"]["description"]
