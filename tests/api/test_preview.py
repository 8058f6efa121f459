"""Previews for headless clients (HEADLESS_PREVIEW_URL, wagtail-headless-preview)."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.test import override_settings
from wagtail_headless_preview.models import PagePreview

from home.models.base import RoutableSitePage, SitePage
from news.models import NewsPage

CLIENT = "https://vorschau.example.ch/preview"


@pytest.fixture
def headless(settings):
    settings.HEADLESS_PREVIEW_URL = CLIENT
    return settings


def preview_link(page):
    response = page.make_preview_request(preview_mode="headless")
    assert response.status_code == 302
    assert response["Location"].startswith(CLIENT + "?")
    query = parse_qs(urlsplit(response["Location"]).query)
    return query["content_type"][0], query["token"][0]


def test_preview_mode_only_with_a_client_url(db, page_of, settings):
    news = page_of(NewsPage)
    assert "headless" not in dict(news.preview_modes)
    settings.HEADLESS_PREVIEW_URL = CLIENT
    assert dict(news.preview_modes)["headless"] == "Headless-Client"
    assert news.default_preview_mode == ""  # the site's own preview stays first


def site_page_types():
    return sorted(
        (model for model in apps.get_models() if issubclass(model, (SitePage, RoutableSitePage))),
        key=lambda model: model._meta.label,
    )


@pytest.mark.parametrize("model", site_page_types(), ids=lambda model: model._meta.label)
def test_every_page_type_previews_on_the_site_and_in_the_headless_client(headless, page_of, model):
    page = page_of(model)
    assert page is not None, f"no live {model._meta.label} in the demo content"
    content_type, _token = preview_link(page)
    assert content_type == model._meta.label_lower
    # The site's own preview (for a routable page: its own route) stays the default.
    assert page.make_preview_request().status_code == 200


def test_editor_previews_a_draft_in_the_headless_client(headless, api, page_of):
    news = page_of(NewsPage)
    news.title = "Entwurf für den Client"
    news.teaser = "Noch nicht veröffentlicht."
    content_type, token = preview_link(news)
    assert content_type == "news.newspage"
    response_data = api(f"/api/v2/preview/?content_type={content_type}&token={token}")
    assert response_data["id"] == news.pk
    assert response_data["title"] == "Entwurf für den Client"
    assert response_data["teaser"] == "Noch nicht veröffentlicht."
    assert response_data["meta"]["type"] == "news.NewsPage"
    # The live page is unchanged and the draft is nowhere else in the API.
    assert api(f"/api/v2/pages/{news.pk}/")["title"] != "Entwurf für den Client"


def test_preview_responses_are_never_cached(headless, client, page_of):
    content_type, token = preview_link(page_of(NewsPage))
    response = client.get(f"/api/v2/preview/?content_type={content_type}&token={token}")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_bad_missing_or_expired_tokens(headless, api, page_of):
    news = page_of(NewsPage)
    content_type, token = preview_link(news)
    api("/api/v2/preview/", status=400)
    api(f"/api/v2/preview/?content_type={content_type}", status=400)
    api(f"/api/v2/preview/?content_type=home.feedback&token={token}", status=400)
    api(f"/api/v2/preview/?content_type={content_type}&token={token}x", status=404)
    api(f"/api/v2/preview/?content_type={content_type}&token={token}&foo=1", status=400)
    # A correctly signed token from two hours ago has expired.
    old = signing.b62_encode(int(time.time()) - 7200)
    expired = signing.Signer(salt="headlesspreview.token").sign(f"id={news.pk}:{old}")
    PagePreview.objects.create(
        token=expired,
        content_type=ContentType.objects.get_for_model(NewsPage),
        content_json=news.to_json(),
    )
    api(f"/api/v2/preview/?content_type={content_type}&token={expired}", status=404)


def test_preview_endpoint_is_closed_without_a_client(api, page_of, settings):
    settings.HEADLESS_PREVIEW_URL = CLIENT
    content_type, token = preview_link(page_of(NewsPage))
    with override_settings(HEADLESS_PREVIEW_URL=""):
        api(f"/api/v2/preview/?content_type={content_type}&token={token}", status=404)


def test_preview_of_a_new_page(headless, api, page_of):
    news = page_of(NewsPage)
    parent = news.get_parent()
    new = NewsPage(title="Ganz neue Meldung", slug="ganz-neue-meldung", locale=news.locale)
    new.depth = parent.depth + 1
    new.path = parent.get_last_child()._inc_path()
    new.set_url_path(parent)
    content_type, token = preview_link(new)
    data = api(f"/api/v2/preview/?content_type={content_type}&token={token}")
    assert data["id"] == 0 and data["title"] == "Ganz neue Meldung"
    assert data["meta"]["parent"]["id"] == parent.pk
    assert data["meta"]["html_url"].endswith("/ganz-neue-meldung/")
