"""The commune pages (strategy/communes.py): the index of all communes, one page per
commune in every language with exactly the catalogue's projects of that commune, their
next milestones, the news about them, numbers of feedback and ideas, how to follow them;
bad slugs and filters are 404s; the project page, the search and the sitemap lead there."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.frontend_cache.utils import PurgeBatch

from home.communes import commune_slug, read_communes
from home.models import Commune, Feedback
from home.subscriptions.models import Subscription
from news.models import NewsIndexPage
from strategy.commune_links import commune_page_urls
from strategy.models import CommuneIndexPage, ProjectIndexPage, ProjectPage
from tests.news.factories import make_news
from tests.strategy.factories import make_project

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "fr", "it", "en"]
PROJECT_LISTS = re.compile(r'<ul class="commune-projects"[^>]*>(.*?)</ul>', re.S)
HREF = re.compile(r'href="([^"]+)"')
INDEX_ROW = re.compile(
    r'<tr>\s*<th scope="row"><a href="([^"]+)">([^<]+)</a></th>\s*<td>([^<]+)</td>\s*'
    r'<td class="commune-table__number">(\d+)</td>'
)


def live(model, language, **filters):
    return model.objects.live().filter(locale__language_code=language, **filters).get()


def shown_projects(html):
    """The paths of the projects a commune page lists by status."""
    return {href for block in PROJECT_LISTS.findall(html) for href in HREF.findall(block)}


def index_rows(html):
    """[(url, name, Wahlkreis, number of projects)] of the commune index's table."""
    return [(url, name, district, int(n)) for url, name, district, n in INDEX_ROW.findall(html)]


@pytest.fixture
def hochdorf():
    return Commune.objects.get(name="Hochdorf")


@pytest.fixture
def catalogue():
    return live(ProjectIndexPage, "de")


def test_every_commune_has_a_stable_unique_slug():
    communes = list(Commune.objects.all())
    assert len(communes) == 79
    assert len({commune.slug for commune in communes}) == 79
    slugs = {commune.name: commune.slug for commune in communes}
    assert slugs["Hochdorf"] == "hochdorf"
    assert slugs["Büron"] == "bueron"
    assert slugs["Aesch (LU)"] == "aesch-lu"
    assert slugs["Hergiswil bei Willisau"] == "hergiswil-bei-willisau"
    assert all(commune_slug(entry["name"]) == slugs[entry["name"]] for entry in read_communes())


def test_every_commune_page_shows_the_catalogues_projects_of_that_commune_in_every_language(
    client,
):
    compared = 0
    for language in LANGUAGES:
        index = live(CommuneIndexPage, language)
        catalogue = live(ProjectIndexPage, language)
        for commune in Commune.objects.all():
            response = client.get(f"{index.url}{commune.slug}/")
            assert response.status_code == 200, (language, commune.name)
            html = response.content.decode()
            assert commune.name in html
            export = client.get(f"{catalogue.url}export/json/?commune={commune.bfs_number}")
            expected = {urlsplit(row["url"]).path for row in export.json()["projects"]}
            assert shown_projects(html) == expected, (language, commune.name)
            compared += len(expected)
    assert compared > 4 * 79  # most communes take part in several projects


def test_the_index_lists_every_commune_with_its_number_of_projects(client):
    for language in ("de", "fr"):
        index = live(CommuneIndexPage, language)
        rows = index_rows(client.get(index.url).content.decode())
        assert len(rows) == 79
        urls = commune_page_urls(index.locale)
        for url, name, _district, count in rows:
            commune = Commune.objects.get(name=name)
            assert url == urls[commune.bfs_number] == f"{index.url}{commune.slug}/"
            expected = (
                ProjectPage.objects.live()
                .public()
                .filter(locale=index.locale, participating_communes=commune)
                .count()
            )
            assert count == expected, (language, name)


def test_the_index_filters_by_wahlkreis(client):
    index = live(CommuneIndexPage, "de")
    html = client.get(f"{index.url}?wahlkreis=hochdorf").content.decode()
    rows = index_rows(html)
    expected = {entry["name"] for entry in read_communes() if entry["wahlkreis"] == "Hochdorf"}
    assert {name for _url, name, _district, _n in rows} == expected
    assert {district for _url, _name, district, _n in rows} == {"Hochdorf"}
    assert 'value="luzern-land"' in html  # the filter offers every Wahlkreis


@pytest.mark.parametrize(
    "path",
    [
        "gibt-es-nicht/",
        "Hochdorf/",
        "hochdorf/weiter/",
        "h%C3%B6chdorf/",
        "1031/",
        "?wahlkreis=atlantis",
        "?wahlkreis=%00",
        "?wahlkreis=Hochdorf",
        "hochdorf/feed/rss/",
    ],
)
def test_bad_slugs_and_filters_are_a_404_never_a_500(client, path):
    index = live(CommuneIndexPage, "de")
    assert client.get(f"{index.url}{path}").status_code == 404


def test_a_commune_page_shows_milestones_news_feedback_and_how_to_follow(
    client, hochdorf, catalogue
):
    today = datetime.date.today()
    soon, later = today + datetime.timedelta(days=10), today + datetime.timedelta(days=400)
    project = make_project(
        catalogue,
        "Hochdorfer Testprojekt",
        communes=[hochdorf],
        status="in_progress",
        milestones=[
            (soon.isoformat(), "Bald geplant", False),
            (later.isoformat(), "Später geplant", False),
            (soon.isoformat(), "Schon erreicht", True),
            ("2020-01-01", "Längst vorbei", False),
        ],
    )
    news = make_news(live(NewsIndexPage, "de"), "Meldung zum Hochdorfer Projekt")
    news.related_projects.set([project])
    news.save()
    other = make_news(live(NewsIndexPage, "de"), "Meldung ohne Bezug")
    base = {"category": "idea", "subject": "S", "message": "M", "name": "N", "consent": True}
    Feedback.objects.create(submission_token="a", commune=hochdorf, **base)
    Feedback.objects.create(submission_token="b", commune=hochdorf, **base)
    published = {
        **base,
        "status": "answered",
        "published": True,
        "publication_consent": True,
        "public_subject": "Öffentlich",
        "public_text": "Text",
        "public_answer": "Antwort",
    }
    Feedback.objects.create(submission_token="c", commune=hochdorf, show_commune=True, **published)
    Feedback.objects.create(submission_token="d", commune=hochdorf, **published)  # unnamed
    Feedback.objects.create(submission_token="e", commune=Commune.objects.get(name="Emmen"), **base)

    index = live(CommuneIndexPage, "de")
    html = client.get(f"{index.url}hochdorf/").content.decode()

    assert project.url in shown_projects(html)
    assert re.search(r"<h3[^>]*>In Umsetzung \(\d+\)</h3>", html)
    milestones = html[html.index("commune-milestones-title") :]
    assert milestones.index("Bald geplant") < milestones.index("Später geplant")
    assert "Schon erreicht" not in html and "Längst vorbei" not in html
    assert news.title in html and other.title not in html
    assert "<dd>4</dd>" in html  # feedback sent from Hochdorf, numbers only
    assert "<dd>1</dd>" in html  # the published idea that may name Hochdorf
    assert "Öffentlich" not in html and "Antwort" not in html
    assert f'href="{catalogue.url}feed/rss/?commune={hochdorf.bfs_number}"' in html
    assert f'name="page" value="{catalogue.pk}"' in html
    assert f'name="query" value="commune={hochdorf.bfs_number}"' in html
    # Its own address in the page's frame: canonical, breadcrumbs, other languages.
    assert f'rel="canonical" href="http://localhost{index.url}hochdorf/"' in html
    assert f'aria-current="page">{hochdorf.name}</a>' in html
    assert 'hreflang="fr" href="http://localhost/fr/communes/hochdorf/"' in html


def test_subscribing_on_a_commune_page_follows_the_commune(client, hochdorf, catalogue):
    """The form posts the catalogue's commune target: the same subscription as the
    catalogue's `?commune=` offers."""
    response = client.post(
        "/de/abonnements/",
        {
            "email": "gemeinde@hochdorf.example.ch",
            "frequency": "weekly",
            "page": catalogue.pk,
            "query": f"commune={hochdorf.bfs_number}",
        },
    )
    assert response.status_code == 303
    subscription = Subscription.objects.get()
    assert (subscription.kind, subscription.key) == ("commune", str(hochdorf.bfs_number))


def test_the_project_page_links_its_communes_to_their_pages(client):
    for language, index_slug in (("de", "gemeinden"), ("fr", "communes")):
        project = live(ProjectPage, language, translation_key=_eumzug_key())
        html = client.get(project.url).content.decode()
        communes = html[html.index('id="communes-title"') :]
        communes = communes[: communes.index("</section>")]
        # The list and the map link the commune pages (the map's skip link stays on the page).
        links = [link for link in HREF.findall(communes) if not link.startswith("#")]
        assert links and all(link.startswith(f"/{language}/{index_slug}/") for link in links)
        for link in links:
            assert client.get(link).status_code == 200


def _eumzug_key():
    return ProjectPage.objects.get(locale__language_code="de", slug="eumzug-luzern").translation_key


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        ("de", "Emmen", "/de/gemeinden/emmen/"),
        ("de", "hochdorf", "/de/gemeinden/hochdorf/"),
        ("de", "Gemeinde Büron", "/de/gemeinden/bueron/"),
        ("de", "Aesch", "/de/gemeinden/aesch-lu/"),
        ("fr", "Emmen", "/fr/communes/emmen/"),
        ("it", "Hochdorf", "/it/comuni/hochdorf/"),
    ],
)
def test_a_search_for_a_commune_shows_its_page_first(client, language, query, expected):
    with translation.override(language):
        search_url = reverse("search")
    html = client.get(search_url, {"q": query}).content.decode()
    main = html[html.index('<main id="main"') :]
    first_link = re.search(r'<h2><a href="([^"]+)"', main).group(1)
    assert first_link == expected


def test_a_search_for_something_else_shows_no_commune_link(client):
    html = client.get("/de/suche/", {"q": "eUmzug"}).content.decode()
    assert "search-result--quick" not in html


def test_the_sitemap_lists_every_commune_page_in_every_language(client):
    for language, index_slug in (("de", "gemeinden"), ("fr", "communes")):
        xml = client.get(f"/{language}/sitemap.xml").content.decode()
        prefix = f"http://testserver/{language}/{index_slug}/"
        locations = re.findall(rf"<loc>{prefix}([^<]*)</loc>", xml)
        assert len([slug for slug in locations if slug]) == 79
        assert "http://testserver/it/comuni/hochdorf/" in xml  # alternates


def test_the_page_cache_follows_the_content(
    client, settings, hochdorf, catalogue, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 60
    index = live(CommuneIndexPage, "de")
    url = f"{index.url}hochdorf/"
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        project = make_project(catalogue, "Neu in Hochdorf", communes=[hochdorf])
        project.save_revision().publish()
    response = Client().get(url)
    assert response["X-Page-Cache"] == "miss"
    assert project.url in shown_projects(response.content.decode())


def test_a_cdn_purge_of_the_index_reaches_every_commune_page():
    """home/cache/pages.py purges the listing pages of a language on every publication."""
    index = live(CommuneIndexPage, "fr")
    batch = PurgeBatch()
    batch.add_page(index)
    assert len(batch.urls) == 80
    assert f"{index.full_url}hochdorf/" in batch.urls
