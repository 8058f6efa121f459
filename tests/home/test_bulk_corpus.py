"""The benchmark's bulk-written corpus (tests/benchmarks/bulk_pages.py) is a real site:
a valid tree, pages served and found by the site search, French pages that are the German
ones' translations, revisions the editor opens. The benchmark measures nothing if the
pages it loads are not what Wagtail would have saved."""

import random

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale, Page

from news.models import NewsPage
from strategy.models import ProjectPage
from tests.benchmarks.corpus import build_site_corpus

pytestmark = pytest.mark.django_db


def test_a_bulk_corpus_is_a_real_site(client):
    """One corpus (building it replaces the demo content: a minute), every check on it."""
    counts, paths = build_site_corpus(random.Random(22), news=300, projects=20, strategies=2)
    corpus = {"counts": counts, "paths": paths}
    check_the_tree_is_valid(corpus)
    check_every_measured_page_is_served(corpus, client)
    check_pages_are_served_and_listed(client)
    check_the_site_search_finds_the_pages(client)
    check_the_french_page_is_the_translation(client)
    check_the_editor_opens_the_page(client)


def german_news(slug):
    return NewsPage.objects.get(locale__language_code="de", slug=slug)


def check_the_tree_is_valid(corpus):
    assert corpus["counts"]["news"] == 600
    assert Page.find_problems() == ([], [], [], [], [])
    news = german_news("n150")
    assert news.get_parent().specific.title == "Aktuelles"
    assert news.get_parent().numchild == 300
    assert [page.slug for page in news.get_parent().get_children()[:2]] == ["n0", "n1"]
    # A page added the usual way after the bulk ones lands in the same tree.
    extra = news.get_parent().add_child(instance=NewsPage(title="Nachher", slug="nachher"))
    assert extra.get_prev_sibling().slug == "n299"
    assert Page.find_problems() == ([], [], [], [], [])


def check_every_measured_page_is_served(corpus, client):
    for name, path in corpus["paths"].items():
        assert client.get(path).status_code == 200, name


def check_pages_are_served_and_listed(client):
    news = german_news("n150")
    response = client.get(news.url)
    assert response.status_code == 200
    assert news.title in response.text
    listing = client.get("/de/aktuelles/").text
    newest = [german_news(f"n{number}").url for number in range(10)]  # dated today
    assert any(f'href="{url}"' in listing for url in newest)
    assert f'href="{german_news("n299").url}"' not in listing  # the oldest
    project = ProjectPage.objects.filter(locale__language_code="de").first()
    assert f'href="{project.url}"' in client.get("/de/projekte/").text


def check_the_site_search_finds_the_pages(client):
    news = german_news("n150")
    response = client.get("/de/suche/", {"q": news.title})
    assert response.status_code == 200
    assert news.url in response.text


def check_the_french_page_is_the_translation(client):
    news = german_news("n150")
    french = news.get_translation(Locale.objects.get(language_code="fr"))
    assert french.slug == news.slug
    assert french.url.startswith("/fr/")
    assert client.get(french.url).status_code == 200
    assert f'hreflang="fr" href="http://localhost{french.url}"' in client.get(news.url).text


def check_the_editor_opens_the_page(client):
    news = german_news("n150")
    assert news.live_revision_id == news.latest_revision_id is not None
    assert news.latest_revision.as_object().title == news.title
    editor = get_user_model().objects.create_superuser("chefin", "chefin@example.ch", "x")
    client.force_login(editor)
    response = client.get(f"/admin/pages/{news.pk}/edit/")
    assert response.status_code == 200
    assert news.title in response.text
