"""What app processes remember between requests (home/cache/memory.py), and the page
routing that uses it (HomePage.route, HomePage.localized)."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Collection, Page, PageViewRestriction, Site, TranslatableMixin

from home.cache import memory
from home.cache.middleware import site_for_request
from home.models import StandardPage
from news.models import NewsIndexPage, NewsPage

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


computed = []


@memory.remembered
def remembered_probe():
    """A remembered value: a new number each time it is worked out."""
    computed.append(None)
    return len(computed)


@pytest.mark.parametrize("model", [StandardPage, NewsPage])
def test_a_saved_draft_keeps_remembered_values(
    model, django_capture_on_commit_callbacks, admin_user
):
    # A news item too: its listing index's copies are not written with a draft.
    about = model.objects.filter(locale__language_code="de", live=True).first()
    version, value = memory.shared_version(), remembered_probe()
    about.title = "Wer wir sind (Entwurf)"
    with django_capture_on_commit_callbacks(execute=True):
        revision = about.save_revision(user=admin_user)
    assert (memory.shared_version(), remembered_probe()) == (version, value)
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    assert memory.shared_version() != version
    assert remembered_probe() != value


def test_a_change_to_a_collection_starts_a_new_content_version(
    django_capture_on_commit_callbacks,
):
    version, value = memory.shared_version(), remembered_probe()
    with django_capture_on_commit_callbacks(execute=True):
        Collection.get_first_root_node().add_child(name="Medienmitteilungen")
    assert memory.shared_version() != version
    assert remembered_probe() != value


def test_view_restrictions_added_later_are_enforced(client):
    news_index = NewsIndexPage.objects.get(locale__language_code="de")
    assert client.get(news_index.url).status_code == 200  # remembered: no restrictions
    PageViewRestriction.objects.create(page=news_index, restriction_type="login")
    response = client.get(news_index.url)
    assert response.status_code == 302 and "login" in response.headers["Location"]


def wagtail_route(request, path):
    """Wagtail's own routing, walking the tree level by level from the site's root page
    in the active language (Page.route on the home page, as without HomePage.route)."""
    site = Site.find_for_request(request)
    components = [component for component in path.split("/") if component]
    return Page.route(site.root_page.localized.specific, request, components)


def site_route(request, path):
    """The route Wagtail's serve view takes (Page.route_for_request, which calls
    HomePage.route), with the site from memory as the middleware hands it over."""
    request._wagtail_site = site_for_request(request)
    return Page.route_for_request(request, path)


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


def test_the_home_page_in_each_language_is_wagtails_localized(
    django_capture_on_commit_callbacks,
):
    """HomePage.localized answers from memory what Wagtail's would: the live translation
    in the active language, else the page itself."""
    home = Site.objects.get(is_default_site=True).root_page.specific

    def localized(language):
        with translation.override(language):
            return home.localized.pk, TranslatableMixin.localized.fget(home).pk

    languages = [code for code, _name in settings.LANGUAGES]
    assert all(ours == wagtails for ours, wagtails in map(localized, languages))
    assert len({ours for ours, _wagtails in map(localized, languages)}) == len(languages)
    french = home.get_translations().get(locale__language_code="fr")
    with django_capture_on_commit_callbacks(execute=True):
        french.unpublish()
    assert localized("fr") == (home.pk, home.pk)


def test_routing_finds_every_page_as_wagtail_does():
    checked = 0
    for language, path in page_paths():
        expected = outcome(wagtail_route, language, path)
        assert outcome(site_route, language, path) == expected, (language, path)
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
    assert outcome(site_route, "de", path) == outcome(wagtail_route, "de", path)


def test_a_page_that_is_not_live_is_a_404_but_its_live_children_are_served(client):
    news_index = NewsIndexPage.objects.get(locale__language_code="de")
    news = news_index.get_children().live().first()
    news_index.unpublish()
    assert client.get("/de/aktuelles/").status_code == 404
    # Wagtail serves live pages below an unpublished one (their URL still works).
    assert client.get(news.url).status_code == 200
