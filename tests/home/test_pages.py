import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageViewRestriction

from home.models import StandardPage
from news.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db


def _get(client, page):
    response = client.get(page.url)
    assert response.status_code == 200, page.url
    return response.content.decode()


def test_home_page_shows_intro_latest_news_contact_and_feedback_call(client, home_page):
    html = _get(client, home_page)
    assert home_page.url == "/de/"
    assert "Prozesse und Informatik" in html
    latest = NewsPage.objects.live().filter(locale__language_code="de").order_by("-date").first()
    assert latest.title in html
    assert "Martina Winiger" in html
    assert home_page.feedback_call in html


@pytest.mark.parametrize("slug", ["ueber-uns", "kontakt", "impressum", "datenschutz"])
def test_standard_pages_render(client, home_page, slug):
    page = StandardPage.objects.child_of(home_page).get(locale__language_code="de", slug=slug)
    html = _get(client, page)
    assert f"<h1>{page.title}</h1>" in html


def test_news_index_and_news_page_render(client):
    index = NewsIndexPage.objects.get(locale__language_code="de", slug="aktuelles")
    assert "Aktuelles" in _get(client, index)
    news = NewsPage.objects.live().filter(locale__language_code="de").first()
    html = _get(client, news)
    assert news.title in html
    assert f'datetime="{news.date:%Y-%m-%d}"' in html


def test_every_page_has_skip_link_navigation_breadcrumbs_and_footer(client):
    news = NewsPage.objects.live().filter(locale__language_code="de").first()
    html = _get(client, news)
    assert 'class="skip-link" href="#main"' in html
    assert 'id="main"' in html
    assert 'aria-label="Hauptnavigation"' in html
    assert 'aria-label="Sie sind hier"' in html
    assert "Impressum" in html and "Datenschutz" in html
    assert 'action="/de/suche/"' in html


def test_main_navigation_comes_from_the_page_tree(client, home_page):
    html = _get(client, home_page)
    assert 'href="/de/aktuelles/"' in html
    hidden = StandardPage.objects.get(locale__language_code="de", slug="impressum")
    assert not hidden.show_in_menus  # in the footer, not the main navigation
    nav = html.split('aria-label="Hauptnavigation"')[1].split("</nav>")[0]
    assert "/de/aktuelles/" in nav and "/de/impressum/" not in nav


@pytest.mark.parametrize("language", ["de", "fr", "it", "en"])
def test_html_lang_follows_the_url_prefix(client, language):
    with translation.override(language):
        url = reverse("search")
    assert url.startswith(f"/{language}/")
    response = client.get(url)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


def test_root_redirects_to_the_visitors_language(client):
    assert client.get("/").headers["Location"] == "/de/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr-CH,fr;q=0.9").headers["Location"] == "/fr/"


def test_unknown_page_is_a_404_in_the_site_look(client):
    response = client.get("/de/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Seite nicht gefunden" in html
    assert 'class="site-header"' in html


def test_draft_is_not_shown_to_the_public(client):
    index = NewsIndexPage.objects.get(locale__language_code="de", slug="aktuelles")
    draft = NewsPage(title="Geheimer Entwurf", slug="geheimer-entwurf", live=False, teaser="x")
    index.add_child(instance=draft)
    assert client.get("/de/aktuelles/geheimer-entwurf/").status_code == 404
    assert "Geheimer Entwurf" not in _get(client, index)
    assert "Geheimer Entwurf" not in _get(client, index.get_parent().specific)


def test_private_page_is_not_shown_to_the_public(client):
    index = NewsIndexPage.objects.get(locale__language_code="de", slug="aktuelles")
    news = (
        NewsPage.objects.live()
        .filter(locale__language_code="de")
        .child_of(index)
        .order_by("-date")
        .first()
    )
    PageViewRestriction.objects.create(page=news, restriction_type="login")
    response = client.get(news.url)
    assert response.status_code == 302 and "login" in response.headers["Location"]
    assert news.title not in _get(client, index)
    assert news.title not in _get(client, index.get_parent().specific)
