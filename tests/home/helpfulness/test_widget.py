"""The widget under every content page, not elsewhere; the pages stay page-cacheable."""

import pytest
from django.test import Client
from wagtail.models import Page

from home.cache.pages import STATUS_HEADER

pytestmark = pytest.mark.django_db

WIDGET = "data-helpfulness"
FORM = 'action="/de/hilfreich/"'


def widget_of(html):
    start = html.index('<section class="helpfulness"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize("page_fixture", ["news_page", "project_page", "standard_page"])
def test_the_widget_is_under_content_pages(client, request, page_fixture):
    page = request.getfixturevalue(page_fixture)
    html = client.get(page.url).content.decode()
    widget = widget_of(html)
    assert "War diese Seite hilfreich?" in widget
    assert FORM in widget
    assert f'name="page" value="{page.pk}"' in widget
    assert 'value="ja"' in widget and 'value="nein"' in widget
    assert 'name="comment"' in widget and 'maxlength="500"' in widget
    assert 'name="homepage"' in widget
    # No CSRF token: the page is the same for every visitor.
    assert "csrfmiddlewaretoken" not in html
    assert "/static/home/js/helpfulness.js" in html


def test_index_and_home_pages_have_it_in_their_language(client):
    assert FORM in client.get("/de/").content.decode()
    assert 'action="/fr/hilfreich/"' in client.get("/fr/").content.decode()
    assert 'action="/fr/hilfreich/"' in client.get("/fr/").content.decode()
    news_index = Page.objects.get(slug="aktuelles", locale__language_code="de")
    assert FORM in client.get(news_index.url).content.decode()


def test_not_on_the_search_page_error_pages_or_the_feedback_form(client):
    assert WIDGET not in client.get("/de/suche/?q=Gemeinde").content.decode()
    missing = client.get("/de/gibt-es-nicht/")
    assert missing.status_code == 404
    assert WIDGET not in missing.content.decode()
    feedback = Page.objects.get(slug="ideen-und-feedback")
    assert WIDGET not in client.get(feedback.url).content.decode()


def test_the_page_with_the_widget_is_still_stored_by_the_page_cache(settings, news_page):
    settings.PAGE_CACHE_SECONDS = 60
    client = Client()
    first = client.get(news_page.url)
    second = client.get(news_page.url)
    assert first[STATUS_HEADER] == "miss"
    assert second[STATUS_HEADER] == "hit"
    assert "csrftoken" not in first.cookies
    assert FORM in second.content.decode()
