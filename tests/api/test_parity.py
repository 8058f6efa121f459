"""The site and the API list the same things: for every live page of every page type,
in every language, the pages and documents of this site that the page's HTML links in
its main content are exactly those that its API detail (/api/v2/pages/<id>/) links.

Both sides go through one definition of each relation (the page types' methods and
home/localization.py); this test holds them to it. Compared are paths of this site
(pages and documents), not titles or order. Left out, by design of the API:

- The frame around <main> (header, navigation, breadcrumbs, footer, language switcher)
  and, in the JSON, `meta` (the page's own URLs, its parent, its translations): the
  same frame.
- Links to other sites, e-mail addresses and phone numbers: not pages of this site.
- Links with a query string: the catalogue or news listing filtered by a topic, tag or
  commune. The API gives topics, tags and communes as data (slug, name, BFS number).
- The fragment of a link (`#focus-12` on a focus area): the API gives the area's id
  beside its strategy's URL.
- Links to the page itself and to its routes (feeds, open-data export): views of the
  page, not related pages.
- What an index page lists (its child pages): the API lists children with
  `?child_of=<id>`, not in the index page's detail.
- The start page's latest news and the link to all news: the API offers news as a
  listing (`?type=news.NewsPage&order=-date`), not as fields of the start page.
- Images: the site shows them (`src`), it does not link them; the API's renditions.
- A project page shows its ten newest related news, the API all of them: the API's
  first ten are compared.
- Commune pages (sub-routes of the commune index) and the index itself: a project page
  links its communes (the map of the canton every commune), the catalogue links the
  index; the API gives each participating commune's page as its `url`, and all of them
  in /api/v2/communes/.
- The catalogue's link to its DCAT-AP CH metadata (/opendata/): a view of the data, not
  a page.
"""

import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest
from wagtail.models import Locale, Page, get_page_models

from news.models import NewsIndexPage
from strategy.models import (
    CommuneIndexPage,
    ProjectIndexPage,
    ProjectPage,
    StrategyIndexPage,
    StrategyPage,
)
from tests.news.factories import make_news
from tests.strategy.factories import make_project, make_strategy

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "fr", "it", "en"]
SITE_HOSTS = {"", "testserver", "localhost"}
# Regions of the HTML (by their heading's id) that show an API listing of their own.
LISTING_REGIONS = {"latest-news-title"}
# JSON keys left out: the frame, and image files.
FRAME_KEYS = {"meta", "renditions"}
RELATED_NEWS_SHOWN = 10
HREF = re.compile(r"<a\b[^>]*\bhref=\"([^\"]*)\"")


class MainLinks(HTMLParser):
    """The href of every link inside <main>, outside the listing regions."""

    def __init__(self):
        super().__init__()
        self.in_main = 0
        self.skipped_tag, self.skipped_depth = None, 0
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.in_main += 1
        if self.skipped_tag:
            self.skipped_depth += tag == self.skipped_tag
        elif attrs.get("aria-labelledby") in LISTING_REGIONS:
            self.skipped_tag, self.skipped_depth = tag, 1
        elif self.in_main and tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main -= 1
        if self.skipped_tag == tag:
            self.skipped_depth -= 1
            if not self.skipped_depth:
                self.skipped_tag = None


def site_path(url):
    """The path of a link to a page or document of this site, else None."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in SITE_HOSTS:
        return None
    if parts.query or not parts.path:
        return None
    return unquote(parts.path)


def html_links(html):
    parser = MainLinks()
    parser.feed(html)
    return {path for path in map(site_path, parser.links) if path}


def api_links(node, key=None):
    """Every URL of the JSON ("url" values, links in HTML strings), outside FRAME_KEYS."""
    if isinstance(node, dict):
        return {
            path
            for name, value in node.items()
            if name not in FRAME_KEYS
            for path in api_links(value, name)
        }
    if isinstance(node, list):
        items = node[:RELATED_NEWS_SHOWN] if key == "related_news" else node
        return {path for item in items for path in api_links(item, key)}
    if isinstance(node, str):
        urls = [node] if key == "url" else HREF.findall(node)
        return {path for path in map(site_path, urls) if path}
    return set()


def is_commune_page(path, commune_indexes):
    return any(path.startswith(index) for index in commune_indexes)


def is_compared(path, commune_indexes):
    return not (is_commune_page(path, commune_indexes) or path.startswith("/opendata/"))


def differences(page, html, data, page_paths):
    """(linked only by the HTML, linked only by the API) for one page."""
    own = site_path(page.url)
    commune_indexes = {site_path(index.url) for index in CommuneIndexPage.objects.live()}
    shown = {
        path
        for path in html_links(html)
        if path != own and not (path.startswith(own) and path not in page_paths)
    }
    if getattr(page.specific_class, "lists_other_pages", False):
        shown -= {site_path(child.url) for child in page.get_children()}
    shown = {path for path in shown if is_compared(path, commune_indexes)}
    linked = {path for path in api_links(data) if is_compared(path, commune_indexes)}
    return sorted(shown - linked), sorted(linked - shown)


def fetch(client, page):
    response = client.get(page.url)
    assert response.status_code == 200, page.url
    detail = client.get(f"/api/v2/pages/{page.pk}/")
    assert detail.status_code == 200, page.url
    return response.content.decode(), detail.json()


def live_pages(language):
    return Page.objects.live().public().filter(locale__language_code=language, depth__gt=1)


def site_page_paths():
    return {site_path(page.url) for page in Page.objects.live().filter(depth__gt=1)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_links_what_its_api_detail_links(client, language):
    page_paths = site_page_paths()
    mismatches, types, compared = [], set(), 0
    for page in live_pages(language).order_by("path"):
        html, data = fetch(client, page)
        only_html, only_api = differences(page, html, data, page_paths)
        if only_html or only_api:
            mismatches.append(
                f"{page.url} ({data['meta']['type']}): only in the HTML {only_html}, "
                f"only in the API {only_api}"
            )
        types.add(page.specific_class)
        compared += len(api_links(data))
    assert not mismatches, "\n".join(mismatches)
    assert types == {model for model in get_page_models() if model is not Page}
    assert compared > 50  # the walk compared links, not empty pages


def without_url(node, url):
    """The JSON without the objects whose "url" is `url`."""
    if isinstance(node, dict):
        return {key: without_url(value, url) for key, value in node.items()}
    if isinstance(node, list):
        return [
            without_url(item, url)
            for item in node
            if not (isinstance(item, dict) and item.get("url") == url)
        ]
    return node


def test_the_comparison_notices_a_related_page_that_one_side_lacks(client):
    german = StrategyPage.objects.get(locale__language_code="de", slug="digitalstrategie-luzern")
    strategy = StrategyPage.objects.get(
        locale__language_code="fr", translation_key=german.translation_key
    )
    page_paths = site_page_paths()
    html, data = fetch(client, strategy)
    assert differences(strategy, html, data, page_paths) == ([], [])

    area = next(area for area in data["focus_areas"] if area["projects"])
    dropped = area["projects"].pop()
    # The lineage shows the same project again (with the focus area that it serves).
    data["lineage"] = without_url(data["lineage"], dropped["url"])
    assert differences(strategy, html, data, page_paths) == ([site_path(dropped["url"])], [])

    linked = api_links(data)
    other = next(
        page for page in live_pages("fr").filter(depth=4) if site_path(page.url) not in linked
    )
    data["supersedes"].append({"id": other.pk, "title": other.title, "url": other.full_url})
    assert differences(strategy, html, data, page_paths)[1] == [site_path(other.url)]


def test_pages_without_translation_are_listed_alike_in_every_language(client, german):
    """German pages that are not translated, related to translated ones: every language
    lists them, in German, on the page and in its API detail."""
    strategy = StrategyPage.objects.get(locale=german, slug="digitalstrategie-luzern")
    eumzug = ProjectPage.objects.get(locale=german, slug="eumzug-luzern")
    project = make_project(
        ProjectIndexPage.objects.get(locale=german),
        "Nur deutsches Projekt",
        focus_area=strategy.focus_areas.first(),
    )
    news = make_news(NewsIndexPage.objects.get(locale=german), "Nur deutsche Meldung")
    news.related_projects.set([eumzug])
    news.save()
    earlier = make_strategy(
        StrategyIndexPage.objects.get(locale=german),
        "Nur deutsche Vorgängerin",
        status="superseded",
        superseded_by=strategy,
    )
    page_paths = site_page_paths()
    for language in LANGUAGES:
        for page in (strategy, eumzug):
            translated = page.get_translation(Locale.objects.get(language_code=language))
            html, data = fetch(client, translated)
            assert differences(translated, html, data, page_paths) == ([], []), translated.url
            expected = {project, earlier} if page is strategy else {news}
            expected = {site_path(related.url) for related in expected}
            assert expected <= html_links(html), (translated.url, expected)
