"""Listings whose cost does not grow with the site (issue 22): one page of news read
through the listing index, counts kept per content version and renewed by a publication,
the same results as before."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import Commune, Topic
from news.models import NewsIndexPage, NewsPage
from strategy.models import ProjectIndexPage, ProjectPage
from tests.editing import publish
from tests.news.factories import make_news
from tests.strategy.factories import make_project

pytestmark = pytest.mark.django_db

CACHE_TABLE = "vlgsite_cache"


def german(model):
    return model.objects.live().filter(locale__language_code="de").first()


def queries_of(client, url):
    """The SQL of the second request of url (caches warm), without the cache table's."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in captured if CACHE_TABLE not in q["sql"]], response


def listing_query(sql_list):
    """The query that reads the page of news."""
    return next(sql for sql in sql_list if 'FROM "news_newspage"' in sql and "LIMIT" in sql)


@pytest.mark.parametrize(
    "url",
    [
        lambda: german(NewsIndexPage).url,
        lambda: german(NewsIndexPage).url + "?page=2",
        lambda: german(NewsIndexPage).url + "?year=2025",
        lambda: german(NewsIndexPage).url + "feed/rss/",
        lambda: "/api/v2/pages/?type=news.NewsPage&locale=de",
        lambda: "/api/v2/pages/?type=news.NewsPage&locale=de&order=-date&offset=5",
    ],
    ids=["news index", "page 2", "year", "feed", "API", "API newest first, offset"],
)
def test_a_page_of_news_is_read_from_the_listing_index_without_sorting(client, url):
    sql_list, _response = queries_of(client, url())
    plan = query_plan(listing_query(sql_list))
    if connection.vendor == "sqlite":
        assert "USING INDEX news_listing_idx" in plan, plan
        assert "TEMP B-TREE" not in plan, plan
    else:
        assert "news_listing_idx" in plan, plan
        assert "Sort" not in plan, plan


def query_plan(sql):
    """The plan of `sql`, one string. PostgreSQL's planner prefers reading a small test
    table whole; with sequential scans and sorts priced out, a plan without a Sort node
    shows that the index gives the order (else it would still have to sort)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            return " | ".join(row[-1] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql)
        return " | ".join(row[0] for row in cursor.fetchall())


def test_api_total_count_is_kept_per_content_version_and_renewed_by_a_publication(
    client, django_capture_on_commit_callbacks
):
    url = "/api/v2/pages/?type=news.NewsPage&locale=de"
    sql_list, response = queries_of(client, url)
    assert not [sql for sql in sql_list if "COUNT(" in sql]
    before = response.json()["meta"]["total_count"]
    with django_capture_on_commit_callbacks(execute=True):
        draft = make_news(german(NewsIndexPage), "Zählmeldung", live=False)
    assert client.get(url).json()["meta"]["total_count"] == before  # a draft: no change
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft)
    assert client.get(url).json()["meta"]["total_count"] == before + 1


def test_catalogue_counts_are_kept_per_content_version_and_renewed(
    client, django_capture_on_commit_callbacks
):
    catalogue = german(ProjectIndexPage)
    url = catalogue.url + "?status=in_operation&level=kanton"
    sql_list, response = queries_of(client, url)
    assert not [sql for sql in sql_list if "COUNT(" in sql]
    before = response.context["projects"].paginator.count
    with django_capture_on_commit_callbacks(execute=True):
        project = make_project(
            catalogue, "Zählprojekt", slug="zaehlprojekt", status="in_operation", level_kanton=True
        )
        project.unpublish()
    assert client.get(url).context["projects"].paginator.count == before
    with django_capture_on_commit_callbacks(execute=True):
        publish(project)
    response = client.get(url)
    assert response.context["projects"].paginator.count == before + 1
    status = response.context["listing_filter"].by_name["status"]
    assert dict(status.counts)["in_operation"] == before + 1


def test_news_copies_of_language_and_state_follow_publishing(
    client, django_capture_on_commit_callbacks
):
    index = german(NewsIndexPage)
    news = make_news(index, "Kopiermeldung", date=datetime.date(2099, 1, 1), live=False)
    news.refresh_from_db()
    assert (news.listing_locale_id, news.listing_live) == (index.locale_id, False)
    assert "Kopiermeldung" not in client.get(index.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        publish(news)
    assert NewsPage.objects.get(pk=news.pk).listing_live
    assert client.get(index.url).context["news_items"][0].title == "Kopiermeldung"
    news.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        news.unpublish()
    assert not NewsPage.objects.get(pk=news.pk).listing_live
    assert "Kopiermeldung" not in client.get(index.url).content.decode()


def test_paging_and_order_are_those_of_the_site(client, settings):
    """First, middle and last page in date order (newest first, then the newer page);
    beyond the last page a 404, as before."""
    settings.NEWS_PAGE_SIZE = 3
    index = german(NewsIndexPage)
    for number in range(7):
        make_news(index, f"Ordnung {number}", date=datetime.date(2090, 1, 1 + number % 3))
    expected = list(
        NewsPage.objects.live()
        .filter(locale_id=index.locale_id)
        .order_by("-date", "-pk")
        .values_list("title", flat=True)
    )
    pages = -(-len(expected) // 3)
    for number in (1, 2, pages):
        response = client.get(index.url, {"page": number})
        titles = [item.title for item in response.context["news_items"]]
        assert titles == expected[(number - 1) * 3 : number * 3]
    assert client.get(index.url, {"page": pages + 1}).status_code == 404
    api = client.get("/api/v2/pages/?type=news.NewsPage&locale=de&limit=5&offset=3").json()
    assert [item["title"] for item in api["items"]] == expected[3:8]


def test_catalogue_filtered_by_topic_and_commune_reads_its_page_without_distinct(
    client, django_capture_on_commit_callbacks
):
    """Topic and commune are many-to-many: filtered by subqueries, not joins, a project is
    listed once without DISTINCT (which sorted every matching row on each request)."""
    catalogue = german(ProjectIndexPage)
    topics = list(Topic.objects.filter(locale=catalogue.locale)[:2])
    communes = list(Commune.objects.order_by("bfs_number")[:2])
    with django_capture_on_commit_callbacks(execute=True):
        both = make_project(catalogue, "Doppelt verknüpft", topics=topics, communes=communes)
        make_project(catalogue, "Nur Thema", topics=topics[:1])
        make_project(catalogue, "Nur Gemeinde", communes=communes[:1])
    url = f"{catalogue.url}?topic={topics[0].slug}&commune={communes[0].bfs_number}"
    sql_list, response = queries_of(client, url)
    listing = next(sql for sql in sql_list if "strategy_projectpage" in sql and "LIMIT" in sql)
    assert "DISTINCT" not in listing
    listed = [project.pk for project in response.context["projects"]]
    expected = set(
        ProjectPage.objects.live()
        .filter(locale=catalogue.locale, topics=topics[0], participating_communes=communes[0])
        .values_list("pk", flat=True)
    )
    assert both.pk in listed
    assert sorted(listed) == sorted(expected)  # each once
