"""Query parameters: filters, ordering, limits; every bad parameter is a 400 with a JSON
{"message"}, never a 500."""

import datetime

import pytest

from news.models import NewsPage
from strategy.models import ProjectPage, ProjectStatus, StrategyPage


def test_filter_by_type_returns_only_that_type(api):
    data = api("/api/v2/pages/?type=strategy.ProjectPage&limit=50")
    assert data["items"] and {i["meta"]["type"] for i in data["items"]} == {"strategy.ProjectPage"}
    assert data["meta"]["total_count"] == ProjectPage.objects.live().public().count()


def test_latest_news_by_date(api, ids):
    data = api("/api/v2/pages/?type=news.NewsPage&locale=de&order=-date&fields=date&limit=5")
    dates = [item["date"] for item in data["items"]]
    assert dates == sorted(dates, reverse=True)
    newest = NewsPage.objects.live().filter(locale__language_code="de").order_by("-date").first()
    assert data["items"][0]["date"] == newest.date.isoformat()


def test_news_date_range(api):
    data = api(
        "/api/v2/pages/?type=news.NewsPage&date_from=2020-01-01&date_to=2022-12-31&fields=date"
        "&limit=50"
    )
    assert data["items"]
    assert all("2020-01-01" <= item["date"] <= "2022-12-31" for item in data["items"])
    expected = NewsPage.objects.live().filter(
        date__range=(datetime.date(2020, 1, 1), datetime.date(2022, 12, 31))
    )
    assert data["meta"]["total_count"] == expected.count()
    # Without a type, a date range means news.
    mixed = api("/api/v2/pages/?date_from=2020-01-01&date_to=2022-12-31&limit=50")
    assert {i["meta"]["type"] for i in mixed["items"]} == {"news.NewsPage"}


def test_topic_filter_on_news_and_projects(api, ids):
    data = api("/api/v2/pages/?topic=e-government&locale=de&limit=50")
    expected = set(
        NewsPage.objects.live()
        .filter(topics__slug="e-government", locale__language_code="de")
        .values_list("pk", flat=True)
    ) | set(
        ProjectPage.objects.live()
        .filter(topics__slug="e-government", locale__language_code="de")
        .values_list("pk", flat=True)
    )
    assert expected and set(ids(data)) == expected
    projects = api("/api/v2/pages/?type=strategy.ProjectPage&topic=e-government&limit=50")
    assert {i["meta"]["type"] for i in projects["items"]} == {"strategy.ProjectPage"}


def test_project_catalogue_by_status(api, ids):
    data = api("/api/v2/pages/?type=strategy.ProjectPage&status=in_operation&locale=de&limit=50")
    expected = ProjectPage.objects.live().filter(
        status=ProjectStatus.IN_OPERATION, locale__language_code="de"
    )
    assert expected.exists() and set(ids(data)) == set(expected.values_list("pk", flat=True))
    # Without a type, status means the project status.
    assert ids(api("/api/v2/pages/?status=in_operation&locale=de&limit=50")) == ids(data)
    strategies = api("/api/v2/pages/?type=strategy.StrategyPage&status=in_force&locale=de")
    assert set(ids(strategies)) == set(
        StrategyPage.objects.live()
        .filter(status="in_force", locale__language_code="de")
        .values_list("pk", flat=True)
    )


def test_field_filters_with_a_type(api):
    data = api("/api/v2/pages/?type=strategy.ProjectPage&lead=kanton&fields=lead&limit=50")
    assert data["items"] and {i["lead"] for i in data["items"]} == {"kanton"}
    tagged = api("/api/v2/pages/?type=news.NewsPage&tags=AGOV&fields=tags&limit=50")
    assert tagged["items"] and all("AGOV" in item["tags"] for item in tagged["items"])


def test_search_finds_pages_in_the_language_asked_for(api):
    data = api("/api/v2/pages/?search=eUmzug&locale=de&limit=50")
    assert data["items"]
    assert {i["meta"]["locale"] for i in data["items"]} == {"de"}
    assert any("eUmzug" in item["title"] for item in data["items"])
    ordered = api("/api/v2/pages/?search=eUmzug&locale=de&order=title&limit=50")
    titles = [i["title"] for i in ordered["items"]]
    assert titles == sorted(titles)


def test_search_with_syntax_characters_is_not_an_error(api):
    for query in ['"', '"eUmzug', "e-Umzug*", "(", "AND", "NOT OR", "%", "\\"]:
        api(f"/api/v2/pages/?search={query}")
    assert api('/api/v2/images/?search="')["items"] == []


def test_limit_is_capped(api):
    assert len(api("/api/v2/pages/?limit=50")["items"]) == 50
    assert api("/api/v2/pages/?limit=51", status=400)["message"] == "limit cannot be higher than 50"


def test_find_by_path_redirects_to_the_detail(client, api, home_page):
    response = client.get("/api/v2/pages/find/?html_path=/de/aktuelles/&fields=title")
    assert response.status_code == 302
    news_index = home_page.get_children().get(slug="aktuelles")
    assert response["Location"] == f"/api/v2/pages/{news_index.pk}/?fields=title"
    assert api(response["Location"])["title"] == news_index.title
    assert api("/api/v2/pages/find/?html_path=/", follow=True)["id"] == home_page.pk
    # Without the leading slash too.
    assert api("/api/v2/pages/find/?html_path=de/aktuelles/", follow=True)["id"] == news_index.pk


BAD = [
    "/api/v2/pages/?foo=bar",
    "/api/v2/pages/?format=api",
    "/api/v2/pages/?site=localhost",
    "/api/v2/pages/?search_operator=or",
    "/api/v2/pages/?type=unknown.App",
    "/api/v2/pages/?type=home.Feedback",
    "/api/v2/pages/?type=nonsense",
    "/api/v2/pages/?locale=xx",
    "/api/v2/pages/?locale=%00",
    "/api/v2/pages/?limit=-1",
    "/api/v2/pages/?limit=abc",
    "/api/v2/pages/?limit=51",
    "/api/v2/pages/?offset=abc",
    "/api/v2/pages/?offset=-1",
    "/api/v2/pages/?offset=99999999999999999999999",
    "/api/v2/pages/?child_of=abc",
    "/api/v2/pages/?child_of=99999999999999999999999",
    "/api/v2/pages/?child_of=999999",
    "/api/v2/pages/?descendant_of=-5",
    "/api/v2/pages/?ancestor_of=root",
    "/api/v2/pages/?translation_of=x",
    "/api/v2/pages/?order=nonexistent",
    "/api/v2/pages/?order=-",
    "/api/v2/pages/?order=title,,id",
    "/api/v2/pages/?order=random&offset=1",
    "/api/v2/pages/?type=strategy.ProjectPage&order=topics",
    "/api/v2/pages/?type=news.NewsPage&order=body",
    "/api/v2/pages/?fields=nonexistent",
    "/api/v2/pages/?fields=title(",
    "/api/v2/pages/?fields=title(foo)",
    "/api/v2/pages/?fields=parent",
    "/api/v2/pages/?type=news.NewsPage&fields=topics(nope)",
    "/api/v2/pages/?type=news.NewsPage&fields=topics(-slug)",
    "/api/v2/pages/?rich_text_format=pdf",
    "/api/v2/pages/?topic=does-not-exist",
    "/api/v2/pages/?type=strategy.StrategyPage&topic=e-government",
    "/api/v2/pages/?status=unknown",
    "/api/v2/pages/?status=in_force",
    "/api/v2/pages/?type=news.NewsPage&status=in_progress",
    "/api/v2/pages/?date_from=2024-13-01",
    "/api/v2/pages/?date_to=yesterday",
    "/api/v2/pages/?date_from=2025-01-01&date_to=2024-01-01",
    "/api/v2/pages/?type=strategy.ProjectPage&date_from=2024-01-01",
    "/api/v2/pages/?type=news.NewsPage&date=abc",
    "/api/v2/pages/?type=news.NewsPage&topics=1",
    "/api/v2/pages/?type=news.NewsPage&body=x",
    "/api/v2/pages/?type=strategy.ProjectPage&lead=nobody",
    "/api/v2/pages/?type=strategy.ProjectPage&focus_area=abc",
    "/api/v2/pages/?type=strategy.ProjectPage&partners=x",
    "/api/v2/pages/?id=99999999999999999999999",
    "/api/v2/pages/?first_published_at=abc",
    "/api/v2/pages/?title=%00",
    "/api/v2/pages/3/?foo=1",
    "/api/v2/pages/3/?fields=_,title(x)",
    "/api/v2/pages/find/",
    "/api/v2/pages/find/?id=abc",
    "/api/v2/pages/find/?html_path=/de/&foo=1",
    "/api/v2/pages/find/?html_path=%00",
    "/api/v2/images/?foo=1",
    "/api/v2/images/?order=file",
    "/api/v2/images/?width=wide",
    "/api/v2/images/?limit=1000",
    "/api/v2/documents/?order=-nonexistent",
    "/api/v2/documents/?file_size=big",
    "/api/v2/?x=1",
]


@pytest.mark.parametrize("url", BAD)
def test_bad_parameters_are_a_400_with_a_message(api, url):
    data = api(url, status=400)
    assert set(data) == {"message"} and data["message"]


NOT_FOUND = [
    "/api/v2/pages/999999/",
    "/api/v2/pages/99999999999999999999999/",
    "/api/v2/pages/abc/",
    "/api/v2/pages/find/?html_path=/de/gibt-es-nicht/",
    "/api/v2/pages/find/?html_path=/xx/",
    "/api/v2/pages/find/?id=999999",
    "/api/v2/images/999999/",
    "/api/v2/documents/999999/",
    "/api/v2/nothing/",
    "/api/v3/pages/",
]


@pytest.mark.parametrize("url", NOT_FOUND)
def test_unknown_addresses_are_a_json_404(api, url):
    assert set(api(url, status=404)) == {"message"}
