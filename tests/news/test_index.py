import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import Topic
from tests.news.factories import make_news, make_news_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics(german):
    return {
        slug: Topic.objects.create(name=name, slug=slug, locale=german)
        for slug, name in [("alpha", "Alpha"), ("beta", "Beta")]
    }


@pytest.fixture
def index(home_page, topics, settings):
    settings.NEWS_PAGE_SIZE = 2
    index = make_news_index(home_page)
    make_news(index, "Alt Alpha", datetime.date(2022, 3, 1), [topics["alpha"]], ["eumzug"])
    make_news(index, "Mitte Beta", datetime.date(2023, 5, 1), [topics["beta"]], ["agov"])
    make_news(index, "Neu Alpha", datetime.date(2024, 6, 1), [topics["alpha"]], ["agov"])
    make_news(index, "Neu Beta", datetime.date(2024, 7, 1), [topics["beta"]], ["eumzug"])
    make_news(index, "Entwurf Alpha", datetime.date(2024, 8, 1), [topics["alpha"]], live=False)
    return index


def titles(response):
    return [item.title for item in response.context["news_items"]]


def test_index_lists_newest_first_and_paginates(client, index):
    first = client.get(index.url)
    assert first.status_code == 200
    assert titles(first) == ["Neu Beta", "Neu Alpha"]
    second = client.get(index.url, {"page": 2})
    assert titles(second) == ["Mitte Beta", "Alt Alpha"]


def test_index_hides_drafts(client, index):
    response = client.get(index.url, {"topic": "alpha"})
    assert "Entwurf Alpha" not in response.content.decode()
    assert response.context["news_items"].paginator.count == 2


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"topic": "alpha"}, ["Neu Alpha", "Alt Alpha"]),
        ({"tag": "agov"}, ["Neu Alpha", "Mitte Beta"]),
        ({"year": "2024"}, ["Neu Beta", "Neu Alpha"]),
        ({"topic": "beta", "year": "2024"}, ["Neu Beta"]),
        ({"topic": "alpha", "tag": "eumzug"}, ["Alt Alpha"]),
        ({"topic": "alpha", "tag": "agov", "year": "2024"}, ["Neu Alpha"]),
        ({"topic": "beta", "tag": "agov", "year": "2024"}, []),
    ],
)
def test_filters_alone_and_combined(client, index, params, expected):
    response = client.get(index.url, params)
    assert response.status_code == 200
    assert titles(response) == expected
    assert response.context["news_items"].paginator.count == len(expected)


def test_count_covers_every_page(client, index):
    response = client.get(index.url, {"page": 2})
    assert response.context["news_items"].paginator.count == 4
    assert response.context["news_items"].paginator.num_pages == 2


def test_pagination_links_keep_the_filters(client, index, topics):
    make_news(index, "Noch ein Alpha", datetime.date(2021, 1, 1), [topics["alpha"]])
    response = client.get(index.url, {"topic": "alpha"})
    html = response.content.decode()
    assert "?topic=alpha&amp;page=2" in html
    page_two = client.get(index.url, {"topic": "alpha", "page": 2})
    assert titles(page_two) == ["Noch ein Alpha"]


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "99999"},
        {"page": "0"},
        {"page": "-1"},
        {"year": "x"},
        {"year": "1999"},
        {"topic": "gibt-es-nicht"},
        {"tag": "<script>"},
    ],
)
def test_bad_parameters_give_404_not_500(client, index, params):
    response = client.get(index.url, params)
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_empty_selection_says_so(client, index):
    response = client.get(index.url, {"topic": "beta", "tag": "agov", "year": "2024"})
    assert "keine Nachrichten" in response.content.decode()


def test_filter_form_offers_only_values_in_use(client, index):
    response = client.get(index.url)
    filters = {f.name: [c.value for c in f.choices] for f in response.context["listing_filter"]}
    assert filters == {
        "topic": ["alpha", "beta"],
        "tag": ["agov", "eumzug"],
        "year": ["2024", "2023", "2022"],
    }


def _count_queries(client, url):
    client.get(url)  # the first view creates image renditions; count the steady state
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_index_query_count_does_not_grow_with_items(client, home_page, topics, settings):
    settings.NEWS_PAGE_SIZE = 200
    from home.demo.images import illustration

    image = illustration("Testbild", 1)
    counts = {}
    for size in (10, 100):
        index = make_news_index(home_page, slug=f"budget-{size}")
        for number in range(size):
            make_news(
                index,
                f"News {size} {number}",
                datetime.date(2020, 1, 1 + number % 28),
                topics=[topics["alpha"], topics["beta"]],
                tags=["eins", "zwei"],
                lead_image=image,
                slug=f"news-{size}-{number}",
            )
        counts[size] = _count_queries(client, index.url)
    assert counts[10] == counts[100], counts
