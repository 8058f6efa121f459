"""SQL queries per page type: a budget per type that does not depend on how much content
the site holds (the benchmark, `make bench`, measures the same pages at 10 000 news).

The budgets are today's counts for an anonymous visitor with warm caches; lower them
when a page gets cheaper. The site's target is at most 12 on every page (docs/deployment.md).
Reads of the shared cache are not counted: the suite keeps it in database tables, a
production site in Redis (the content version is read once per request).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import AccessibilityStatementPage, Commune, IdeasPage
from news.models import NewsIndexPage, NewsPage
from strategy.models import CommuneIndexPage, ProjectIndexPage, ProjectPage, StrategyPage
from tests.news.factories import make_news
from tests.strategy.factories import make_project

pytestmark = pytest.mark.django_db


def german(model, **filters):
    return model.objects.live().filter(locale__language_code="de", **filters).first()


URLS = {
    "home": lambda: "/de/",
    "home, French": lambda: "/fr/",
    "standard page": lambda: "/de/ueber-uns/",
    "news index": lambda: german(NewsIndexPage).url,
    "news page": lambda: german(NewsPage, slug="my-lu-ch-online").url,
    "strategy page": lambda: german(StrategyPage, slug="digitalstrategie-luzern").url,
    "catalogue, two filters": lambda: (
        german(ProjectIndexPage).url + "?status=in_operation&level=kanton"
    ),
    "catalogue roadmap, two filters": lambda: (
        german(ProjectIndexPage).url + "zeitplan/?status=in_operation&level=kanton"
    ),
    "project page": lambda: german(ProjectPage, slug="eumzug-luzern").url,
    "commune index": lambda: german(CommuneIndexPage).url + "?wahlkreis=hochdorf",
    "commune page": lambda: german(CommuneIndexPage).url + "hochdorf/",
    "ideas and answers": lambda: german(IdeasPage).url + "?status=answered",
    "search page": lambda: "/de/suche/?q=Gemeinde",
    "accessibility statement": lambda: german(AccessibilityStatementPage).url,
    "API news listing": lambda: "/api/v2/pages/?type=news.NewsPage&locale=de",
    "API news, newest first, deep": lambda: (
        "/api/v2/pages/?type=news.NewsPage&locale=de&order=-date&offset=3"
    ),
    "API projects": lambda: (
        "/api/v2/pages/?type=strategy.ProjectPage&locale=de&status=in_operation"
    ),
    "news index, page 2": lambda: german(NewsIndexPage).url + "?page=2",
    "news feed": lambda: german(NewsIndexPage).url + "feed/rss/",
    "catalogue": lambda: german(ProjectIndexPage).url,
    "API project": lambda: f"/api/v2/pages/{german(ProjectPage, slug='eumzug-luzern').pk}/",
    "API communes": lambda: "/api/v2/communes/?wahlkreis=hochdorf&locale=fr",
}
BUDGETS = {
    "home": 4,
    "home, French": 4,
    "standard page": 3,
    "news index": 6,
    "news page": 9,  # with its change notes (one query each for the next two as well)
    "strategy page": 10,  # with the lineage: the focus areas of the documents it replaced
    "catalogue, two filters": 5,  # the facet counts are kept per content version
    "catalogue roadmap, two filters": 5,  # all its projects' milestones in one query
    "project page": 11,
    "commune index": 3,  # the counts per commune are remembered per content version
    "commune page": 9,
    "ideas and answers": 8,
    "search page": 12,  # 11 on SQLite; PostgreSQL's ranking reads the hits' page types apart
    "accessibility statement": 3,
    "API news listing": 3,  # meta.total_count is kept per content version
    "API news, newest first, deep": 3,
    "API projects": 3,
    "news index, page 2": 6,
    "news feed": 7,  # with the change notes of its items
    "catalogue": 5,  # its facet counts are kept per content version
    "API project": 11,
    "API communes": 1,  # 0: everything it reads is remembered per content version
}
TARGET = 12
CACHE_TABLES = ("vlgsite_cache",)


def count_queries(client, url):
    assert client.get(url).status_code == 200  # renditions, caches: count the steady state
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return sum(1 for query in captured if not any(table in query["sql"] for table in CACHE_TABLES))


def add_content():
    news_index = german(NewsIndexPage)
    catalogue = german(ProjectIndexPage)
    for number in range(25):
        make_news(news_index, f"Budgetmeldung {number}", slug=f"budget-news-{number}")
    for number in range(10):
        make_project(
            catalogue,
            f"Budgetprojekt {number}",
            slug=f"budget-project-{number}",
            status="in_operation",
            level_kanton=True,
            # More projects on the commune page, with milestones ahead.
            communes=Commune.objects.filter(name="Hochdorf"),
            milestones=[("2099-01-01", f"Budgetmeilenstein {number}", False)],
        )


@pytest.mark.parametrize("name", URLS)
def test_queries_per_page_stay_within_budget_whatever_the_content(client, name):
    url = URLS[name]()
    budget = BUDGETS[name]
    before = count_queries(client, url)
    add_content()
    after = count_queries(client, url)
    assert after == before, f"{name}: {before} queries, {after} with more content"
    assert after <= budget, f"{name}: {after} queries, budget {budget}"
    assert budget <= TARGET


# The listings, at N and 5×N more news (issue 22): the same number of queries.
LISTINGS = [
    "news index",
    "news index, page 2",
    "news feed",
    "API news listing",
    "API news, newest first, deep",
    "catalogue, two filters",
]


def add_news(number, start):
    news_index = german(NewsIndexPage)
    for n in range(start, start + number):
        make_news(news_index, f"Skalenmeldung {n}", slug=f"scale-news-{n}")


@pytest.mark.parametrize("name", LISTINGS)
def test_listing_queries_are_the_same_at_n_and_five_times_n_news(client, name):
    url = URLS[name]()
    add_news(20, 0)
    at_n = count_queries(client, url)
    add_news(80, 20)
    at_5n = count_queries(client, url)
    assert at_5n == at_n, f"{name}: {at_n} queries at N news, {at_5n} at 5×N"
    assert at_5n <= BUDGETS[name]
