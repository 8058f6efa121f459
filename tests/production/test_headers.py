"""Security headers on pages, the API and the admin; the site's pages under a strict
Content-Security-Policy (no inline script, handler or style of ours)."""

import re

import pytest
from django.contrib.auth.models import Group
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.models import StandardPage
from news.models import NewsPage
from strategy.models import ProjectPage, StrategyPage

STRICT = {
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "frame-ancestors": "'self'",
    "base-uri": "'self'",
}


def policy(response):
    directives = (
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    return {name: value for name, value in directives}


def assert_common_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/de/", "/api/v2/pages/"])
def test_site_and_api_have_a_strict_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_common_headers(response)
    directives = policy(response)
    for name, value in STRICT.items():
        assert directives[name] == value
    assert "unsafe" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_admin_login_has_the_admin_policy(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert_common_headers(response)
    directives = policy(response)
    # The admin's own templates run inline scripts and styles (docs/deployment.md) …
    assert directives["script-src"] == "'self' 'unsafe-inline'"
    assert directives["style-src"] == "'self' 'unsafe-inline'"
    # … but loads nothing from elsewhere and cannot be framed by other sites.
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'self'"
    assert directives["object-src"] == "'none'"


# Inline code that a strict policy blocks: <script> without src (JSON-LD data blocks are
# not executed and allowed), on…= handlers, style attributes and <style> elements.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE = re.compile(r"<[^>]+\sstyle\s*=|<style[\s>]", re.I)


def public_urls():
    urls = ["/de/", "/de/aktuelles/", "/de/projekte/", "/de/strategie/", "/de/suche/?q=strategie"]
    urls += ["/de/ideen-und-feedback/", "/fr/", "/en/"]
    for model in (NewsPage, ProjectPage, StrategyPage):
        urls.append(model.objects.live().filter(locale__language_code="de").first().url)
    return urls


@pytest.mark.django_db
def test_pages_need_no_inline_script_or_style(client):
    for url in public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not INLINE_SCRIPT.findall(html), url
        assert not HANDLER.findall(html), url
        assert not STYLE.findall(html), url


# X-Frame-Options and frame-ancestors say the same: our own origin may frame a response,
# nobody else (issue 16, item 13). Browsers that know both obey the policy; the others
# the header, so a DENY beside 'self' broke the admin's preview in older ones.
def assert_same_origin_framing(response):
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert policy(response)["frame-ancestors"] == "'self'"


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user("redaktion", password="x" * 16)
    user.groups.add(Group.objects.get(name="Redaktion"))
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/de/", "/de/suche/?q=strategie", "/api/v2/pages/"])
def test_site_and_api_allow_framing_by_their_own_origin_only(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_same_origin_framing(response)
    # a second request may come from the page cache, with the headers it stored
    assert_same_origin_framing(client.get(url))


@pytest.mark.django_db
def test_admin_and_its_page_preview_allow_same_origin_framing(editor):
    dashboard = editor.get("/admin/")
    assert dashboard.status_code == 200
    assert_same_origin_framing(dashboard)

    about = StandardPage.objects.get(locale__language_code="de", slug="ueber-uns")
    preview_url = f"/admin/pages/{about.pk}/edit/preview/"
    form = nested_form_data(
        {
            "title": "Vorschau im Rahmen",
            "slug": about.slug,
            "intro": about.intro,
            "body": streamfield([]),
            "seo_title": about.seo_title,
            "search_description": about.search_description,
        }
    )
    assert editor.post(preview_url, form).json()["is_valid"]
    preview = editor.get(preview_url)
    assert preview.status_code == 200 and "Vorschau im Rahmen" in preview.content.decode()
    assert_same_origin_framing(preview)
    # the editor's page that frames it
    assert_same_origin_framing(editor.get(f"/admin/pages/{about.pk}/edit/"))
