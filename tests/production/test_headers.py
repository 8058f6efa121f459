"""Security headers on pages, the API and the admin; the site's pages under a strict
Content-Security-Policy (no inline script, handler or style of ours)."""

import re

import pytest

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
