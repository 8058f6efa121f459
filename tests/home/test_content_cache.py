"""What app processes remember between requests (home/cache/memory.py), and the page
routing that uses it (home/routing.py)."""

import pytest
from django.core.cache import cache
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Page, PageViewRestriction, Site

from home.cache import memory
from home.models import StandardPage
from home.routing import find_route
from news.models import NewsIndexPage

pytestmark = pytest.mark.django_db


def navigation(client):
    html = client.get("/de/").content.decode()
    return html.split('aria-label="Hauptnavigation"')[1].split("</nav>")[0]


def test_a_published_change_shows_at_once(client, django_capture_on_commit_callbacks):
    about = StandardPage.objects.get(locale__language_code="de", slug="ueber-uns")
    assert about.title in navigation(client)
    about.title = "Wer wir sind"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    assert "Wer wir sind" in navigation(client)


def test_a_change_made_by_another_process_shows_once_the_version_changed(client):
    """Another app process's change reaches this one through the shared content version
    only: until then this process serves what it remembered."""
    about = StandardPage.objects.get(locale__language_code="de", slug="ueber-uns")
    assert about.title in navigation(client)
    # What another process does: change the database (its signals run there, not here)...
    Page.objects.filter(pk=about.pk).update(title="Wer wir sind")
    assert "Wer wir sind" not in navigation(client)
    # ... and, once committed, store a new content version in the shared cache.
    cache.set(memory.VERSION_KEY, "changed-elsewhere", timeout=None)
    assert "Wer wir sind" in navigation(client)


def test_view_restrictions_added_later_are_enforced(client):
    news_index = NewsIndexPage.objects.get(locale__language_code="de")
    assert client.get(news_index.url).status_code == 200  # remembered: no restrictions
    PageViewRestriction.objects.create(page=news_index, restriction_type="login")
    response = client.get(news_index.url)
    assert response.status_code == 302 and "login" in response.headers["Location"]


def wagtail_route(request, path):
    """Wagtail's own routing, walking the tree level by level."""
    site = Site.find_for_request(request)
    components = [component for component in path.split("/") if component]
    return site.root_page.localized.specific.route(request, components)


def outcome(route, language, path):
    """What a routing function makes of a path: the page and its sub-route, or 404."""
    request = RequestFactory().get(f"/{language}/{path}")
    with translation.override(language):
        try:
            result = route(request, path)
        except Http404:
            return 404
    if result is None:
        return 404
    page, args, kwargs = result
    if args:  # a routable page's sub-route: (view method, its args, its kwargs)
        view, view_args, view_kwargs = args
        args = (view.__func__, view_args, view_kwargs)
    return (page.pk, type(page), args, kwargs)


def page_paths():
    """The path below the language prefix of every page of the demo, per language."""
    site = Site.objects.get(is_default_site=True)
    for root in [site.root_page, *site.root_page.get_translations()]:
        for page in Page.objects.descendant_of(root, inclusive=True):
            yield root.locale.language_code, page.url_path[len(root.url_path) :]


def test_routing_finds_every_page_as_wagtail_does():
    checked = 0
    for language, path in page_paths():
        expected = outcome(wagtail_route, language, path)
        assert outcome(find_route, language, path) == expected, (language, path)
        checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    "path",
    [
        "aktuelles/feed/rss/",  # a sub-route of the news index
        "aktuelles/feed/atom/",
        "aktuelles/feed/rss/digitalisierung/",
        "projekte/export/csv/",
        "gibt-es-nicht/",
        "aktuelles/gibt-es-nicht/",
        "aktuelles/feed/gibt-es-nicht/",
        "ueber-uns/gibt-es-nicht/",
    ],
)
def test_sub_routes_and_unknown_addresses_as_wagtail_does(path):
    assert outcome(find_route, "de", path) == outcome(wagtail_route, "de", path)


def test_a_page_that_is_not_live_is_a_404_but_its_live_children_are_served(client):
    news_index = NewsIndexPage.objects.get(locale__language_code="de")
    news = news_index.get_children().live().first()
    news_index.unpublish()
    assert client.get("/de/aktuelles/").status_code == 404
    # Wagtail serves live pages below an unpublished one (their URL still works).
    assert client.get(news.url).status_code == 200
