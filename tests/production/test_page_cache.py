"""Whole pages for anonymous visitors (home/cache/pages.py)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.http import QueryDict
from django.test import Client
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.cache import memory
from home.models import FeedbackPage, StandardPage
from news.models import NewsIndexPage, NewsPage
from strategy.catalogue import catalogue_filter
from strategy.models import ProjectIndexPage
from tests.news.factories import make_news

STATUS = "X-Page-Cache"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture
def news_index(db):
    return NewsIndexPage.objects.get(slug="aktuelles", locale__language_code="de")


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("redaktion", password="x" * 16)
    user.groups.add(Group.objects.get(name="Redaktion"))
    return user


def test_second_anonymous_request_comes_from_the_cache(client, home_page):
    first = client.get(home_page.url)
    second = client.get(home_page.url)
    assert first[STATUS] == "miss"
    assert second[STATUS] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # Headers are added afresh to a page from the cache.
    assert "script-src 'self'" in second["Content-Security-Policy"]


def test_query_string_and_language_are_part_of_the_key(client, news_index):
    client.get(news_index.url)
    assert client.get(news_index.url + "?page=2")[STATUS] == "miss"
    assert client.get("/fr/")[STATUS] == "miss"
    assert client.get(news_index.url)[STATUS] == "hit"


def test_logged_in_editors_never_get_or_fill_the_cache(client, home_page, editor):
    client.get(home_page.url)
    client.force_login(editor)
    response = client.get(home_page.url)
    assert STATUS not in response
    assert b"wagtail-userbar" in response.content
    client.logout()
    anonymous = client.get(home_page.url)
    assert anonymous[STATUS] == "hit"
    assert b"wagtail-userbar" not in anonymous.content


def test_feedback_form_is_never_cached(client):
    page = FeedbackPage.objects.get(slug="ideen-und-feedback")
    for _ in range(2):
        response = client.get(page.url)
        assert response.status_code == 200
        assert STATUS not in response
    assert "csrftoken" in response.cookies


def test_search_is_not_page_cached_as_every_query_is_counted(client):
    for _ in range(2):
        assert STATUS not in client.get("/de/suche/?q=strategie")


def test_public_api_answers_are_cached_and_follow_publishing(
    client, news_index, django_capture_on_commit_callbacks
):
    url = "/api/v2/pages/?type=news.NewsPage&locale=de&fields=title&limit=50"
    assert client.get(url)[STATUS] == "miss"
    cached = client.get(url)
    assert cached[STATUS] == "hit"
    assert cached["Content-Type"] == "application/json"
    draft = make_news(news_index, "Neue API-Meldung", date=datetime.date.today(), live=False)
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    response = client.get(url)
    assert response[STATUS] == "miss"
    assert "Neue API-Meldung" in [item["title"] for item in response.json()["items"]]
    # Bad requests are answered afresh every time.
    for _ in range(2):
        assert STATUS not in client.get("/api/v2/pages/?limit=abc")


def test_zero_seconds_switches_the_cache_off(client, home_page, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(home_page.url)
    assert STATUS not in client.get(home_page.url)


def test_publishing_purges_the_page_and_the_pages_listing_it(
    client, home_page, news_index, django_capture_on_commit_callbacks
):
    title = "Neue Plattform für Baugesuche"
    draft = make_news(
        news_index, title, date=datetime.date.today() + datetime.timedelta(days=1), live=False
    )
    for url in (home_page.url, news_index.url):
        client.get(url)
        assert client.get(url)[STATUS] == "hit"
        assert title not in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()

    for url in (home_page.url, news_index.url):
        response = client.get(url)
        assert response[STATUS] == "miss"
        assert title in response.content.decode()
    assert client.get(draft.url)[STATUS] == "miss"


def test_unpublishing_purges_too(client, news_index, django_capture_on_commit_callbacks):
    page = NewsPage.objects.live().filter(locale=news_index.locale).order_by("-date").first()
    link = f'href="{page.url}"'
    client.get(news_index.url)
    assert link in client.get(news_index.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    response = client.get(news_index.url)
    assert response[STATUS] == "miss"
    assert link not in response.content.decode()


@pytest.fixture
def about(db):
    return StandardPage.objects.get(locale__language_code="de", slug="ueber-uns")


def cached(client, url):
    """The page as the page cache holds it (asked for until it comes from the cache)."""
    client.get(url)
    response = client.get(url)
    assert response[STATUS] == "hit"
    return response.content.decode()


def test_a_saved_draft_keeps_the_published_page_cached_publishing_refreshes(
    client, about, editor, django_capture_on_commit_callbacks
):
    published = cached(client, about.url)
    version = memory.shared_version()
    about.title = "Wer wir sind"
    with django_capture_on_commit_callbacks(execute=True):
        revision = about.save_revision(user=editor)
    response = client.get(about.url)
    assert response[STATUS] == "hit"
    assert response.content.decode() == published
    assert memory.shared_version() == version

    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    response = client.get(about.url)
    assert response[STATUS] == "miss"
    assert "Wer wir sind" in response.content.decode()


def test_a_draft_saved_in_the_admin_keeps_the_caches_warm(
    client, about, editor, django_capture_on_commit_callbacks
):
    published = cached(client, about.url)
    version = memory.shared_version()
    remembered_title = remembered_page_title(about.pk)
    editor_client = Client()
    editor_client.force_login(editor)
    form = nested_form_data(
        {
            "title": "Wer wir sind",
            "slug": about.slug,
            "intro": "Ein neuer Entwurf der Einleitung.",
            "body": streamfield([]),
            "seo_title": about.seo_title,
            "search_description": about.search_description,
            "loaded_revision_id": about.latest_revision_id,
            "loaded_revision_created_at": about.latest_revision_created_at.isoformat(),
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(f"/admin/pages/{about.pk}/edit/", form)
    assert response.status_code == 302, response.context and response.context["form"].errors
    about.refresh_from_db()
    assert about.has_unpublished_changes
    assert about.get_latest_revision_as_object().title == "Wer wir sind"
    # The visitor's page and what the process remembered stay as they were.
    response = client.get(about.url)
    assert response[STATUS] == "hit"
    assert response.content.decode() == published
    assert memory.shared_version() == version
    assert remembered_page_title(about.pk) == remembered_title == about.title

    with django_capture_on_commit_callbacks(execute=True):
        about.get_latest_revision().publish()
    response = client.get(about.url)
    assert response[STATUS] == "miss"
    assert "Ein neuer Entwurf der Einleitung." in response.content.decode()
    assert remembered_page_title(about.pk) == "Wer wir sind"


@memory.remembered
def remembered_page_title(page_id):
    return StandardPage.objects.get(pk=page_id).title


def stored_entries():
    """Entries of the page cache (pages, and what each path's pages read): without Redis
    it is this process's memory (LocMemCache keeps its entries in `_cache`)."""
    return len(caches["pages"]._cache)


def test_unknown_query_parameters_get_the_stored_page_and_store_nothing(
    client, home_page, news_index
):
    first = client.get(home_page.url)
    assert first[STATUS] == "miss"
    entries = stored_entries()
    for number in range(40):
        response = client.get(f"{home_page.url}?utm_source=x{number}&fbclid={number}")
        assert response[STATUS] == "hit"
        assert response.content == first.content
    assert stored_entries() == entries
    # A path not stored yet: the page is served, but stored only when asked for plainly.
    assert STATUS not in client.get(f"{news_index.url}?utm_campaign=1")
    assert stored_entries() == entries
    assert client.get(news_index.url)[STATUS] == "miss"
    assert client.get(f"{news_index.url}?utm_campaign=2")[STATUS] == "hit"


def test_a_listing_is_keyed_by_the_parameters_it_reads(client, news_index):
    assert client.get(f"{news_index.url}?page=2")[STATUS] == "miss"
    assert client.get(f"{news_index.url}?page=2&utm_source=x")[STATUS] == "hit"
    assert client.get(f"{news_index.url}?utm_source=x&page=2")[STATUS] == "hit"
    assert client.get(f"{news_index.url}?page=1")[STATUS] == "miss"
    assert client.get(news_index.url)[STATUS] == "miss"


def test_the_api_ignores_only_its_cache_buster(client):
    url = "/api/v2/pages/?type=news.NewsPage&locale=de&fields=title"
    assert client.get(url)[STATUS] == "miss"
    assert client.get(f"{url}&_=1733179200")[STATUS] == "hit"
    assert client.get(f"{url}&limit=5")[STATUS] == "miss"
    assert client.get(f"{url}&utm_source=x").status_code == 400


def test_stored_query_strings_per_path_are_capped(client, settings):
    settings.PAGE_CACHE_MAX_VARIANTS = 3
    url = "/api/v2/pages/?type=news.NewsPage&locale=de&fields=title"
    statuses = [client.get(f"{url}&limit={limit}").get(STATUS) for limit in range(1, 9)]
    assert statuses == ["miss"] * 3 + [None] * 5
    entries = stored_entries()
    for limit in range(9, 40):
        assert client.get(f"{url}&limit={limit}").status_code == 200
    assert stored_entries() == entries
    assert client.get(f"{url}&limit=2")[STATUS] == "hit"
    # The path without a query string is stored whatever the cap.
    assert client.get("/api/v2/pages/")[STATUS] == "miss"


def test_listings_declare_every_parameter_they_read(rf, news_index):
    news_filters = {f.name for f in news_index.news_filter(rf.get("/"))}
    assert NewsIndexPage.cached_query_parameters == news_filters | {"page"}
    catalogue = ProjectIndexPage.objects.first()
    catalogue_filters = {f.name for f in catalogue_filter(catalogue, QueryDict())}
    assert ProjectIndexPage.cached_query_parameters == catalogue_filters | {"sort", "page"}
