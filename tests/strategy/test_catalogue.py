import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import Commune, Topic
from strategy.catalogue import EXPORT_COLUMNS
from strategy.models import ProjectIndexPage, ProjectPage
from tests.strategy.factories import (
    make_project,
    make_project_index,
    make_strategy,
    make_strategy_index,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(home_page, german):
    strategy = make_strategy(make_strategy_index(home_page), "Strat", focus_areas=["F1", "F2"])
    f1, f2 = strategy.focus_areas.order_by("sort_order")
    t1 = Topic.objects.create(name="T1", slug="t1", locale=german)
    t2 = Topic.objects.create(name="T2", slug="t2", locale=german)
    wikon, emmen = Commune.objects.get(name="Wikon"), Commune.objects.get(name="Emmen")
    index = make_project_index(home_page)
    make_project(
        index,
        "Alpha",
        status="in_operation",
        lead="kanton",
        level_kanton=True,
        topics=[t1],
        focus_area=f1,
        communes=[wikon, emmen],
        start_date=datetime.date(2020, 1, 1),
    )
    make_project(
        index,
        "Beta",
        status="in_operation",
        lead="vlg",
        level_gemeinde=True,
        topics=[t2],
        focus_area=f2,
        communes=[emmen],
        start_date=datetime.date(2022, 1, 1),
    )
    make_project(
        index,
        "Gamma",
        status="planned",
        lead="vlg",
        level_bund=True,
        level_kanton=True,
        topics=[t1],
        focus_area=f1,
        partners="eOperations Schweiz",
        start_date=datetime.date(2024, 1, 1),
    )
    make_project(
        index,
        "Delta Entwurf",
        status="in_operation",
        lead="vlg",
        topics=[t1],
        focus_area=f1,
        communes=[emmen],
        live=False,
    )
    index.focus = {"f1": str(f1.pk), "f2": str(f2.pk)}
    index.bfs = {"wikon": str(wikon.bfs_number), "emmen": str(emmen.bfs_number)}
    return index


def titles(response):
    assert response.status_code == 200
    return [project.title for project in response.context["projects"]]


def counts(response, name):
    listing_filter = next(f for f in response.context["listing_filter"] if f.name == name)
    return {choice.value: count for choice, count in listing_filter.choices_with_counts}


def test_lists_live_projects_by_name(client, catalogue):
    assert titles(client.get(catalogue.url)) == ["Alpha", "Beta", "Gamma"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "in_operation"}, ["Alpha", "Beta"]),
        ({"topic": "t1"}, ["Alpha", "Gamma"]),
        ({"lead": "vlg"}, ["Beta", "Gamma"]),
        ({"level": "kanton"}, ["Alpha", "Gamma"]),
        ({"level": "bund"}, ["Gamma"]),
        ({"focus": "f1"}, ["Alpha", "Gamma"]),
        ({"strategy": "strat"}, ["Alpha", "Beta", "Gamma"]),
        ({"commune": "emmen"}, ["Alpha", "Beta"]),
        ({"q": "eoperations"}, ["Gamma"]),
        ({"q": "alp"}, ["Alpha"]),
        ({"status": "in_operation", "commune": "wikon"}, ["Alpha"]),
        ({"lead": "vlg", "topic": "t1"}, ["Gamma"]),
        ({"status": "in_operation", "level": "gemeinde", "focus": "f2"}, ["Beta"]),
        ({"status": "planned", "commune": "emmen"}, []),
    ],
)
def test_filters_alone_and_combined(client, catalogue, params, expected):
    params = {
        key: catalogue.focus.get(value, catalogue.bfs.get(value, value))
        if key in ("focus", "commune")
        else value
        for key, value in params.items()
    }
    assert titles(client.get(catalogue.url, params)) == expected


def test_counts_beside_each_choice_follow_the_other_filters(client, catalogue):
    response = client.get(catalogue.url, {"status": "in_operation"})
    assert counts(response, "status") == {"in_operation": 2, "planned": 1}
    assert counts(response, "lead") == {"kanton": 1, "vlg": 1}
    assert counts(response, "level") == {"kanton": 1, "gemeinde": 1}
    assert counts(response, "commune") == {catalogue.bfs["emmen"]: 2, catalogue.bfs["wikon"]: 1}
    html = response.content.decode()
    assert "In Betrieb (2)" in html and "Geplant (1)" in html


def test_strategy_and_focus_counts_follow_the_other_filters(client, catalogue):
    f1, f2 = catalogue.focus["f1"], catalogue.focus["f2"]
    response = client.get(catalogue.url, {"focus": f1})
    assert counts(response, "strategy") == {"strat": 2}
    assert counts(response, "focus") == {f1: 2, f2: 1}
    assert response.context["projects"].paginator.count == 2
    response = client.get(catalogue.url, {"strategy": "strat", "lead": "vlg"})
    assert counts(response, "strategy") == {"strat": 2}
    assert counts(response, "focus") == {f1: 1, f2: 1}
    assert counts(response, "lead") == {"kanton": 1, "vlg": 2}
    assert response.context["projects"].paginator.count == 2


def test_counts_with_filters_on_several_topics_and_communes(client, catalogue):
    response = client.get(catalogue.url, {"topic": "t1", "commune": catalogue.bfs["emmen"]})
    assert titles(response) == ["Alpha"]
    assert response.context["projects"].paginator.count == 1
    assert counts(response, "status") == {"in_operation": 1}
    assert counts(response, "level") == {"kanton": 1}
    assert counts(response, "topic") == {"t1": 1, "t2": 1}
    assert counts(response, "commune") == {catalogue.bfs["emmen"]: 1, catalogue.bfs["wikon"]: 1}


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("name", ["Alpha", "Beta", "Gamma"]), ("start", ["Gamma", "Beta", "Alpha"])],
)
def test_sorting(client, catalogue, sort, expected):
    assert titles(client.get(catalogue.url, {"sort": sort})) == expected


def test_sort_by_last_update(client, catalogue):
    beta = ProjectPage.objects.get(title="Beta")
    beta.save_revision().publish()
    assert titles(client.get(catalogue.url, {"sort": "updated"}))[0] == "Beta"


def test_pagination_keeps_filters_and_sort(client, catalogue, monkeypatch):
    monkeypatch.setattr("strategy.catalogue.PROJECTS_PER_PAGE", 1)
    response = client.get(catalogue.url, {"lead": "vlg", "sort": "start"})
    assert titles(response) == ["Gamma"]
    assert "?lead=vlg&amp;sort=start&amp;page=2" in response.content.decode()
    assert titles(client.get(catalogue.url, {"lead": "vlg", "sort": "start", "page": 2})) == [
        "Beta"
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"status": "kaputt"},
        {"commune": "abc"},
        {"commune": "99999"},
        {"focus": "x"},
        {"level": "welt"},
        {"topic": "nix"},
        {"sort": "random"},
        {"page": "abc"},
        {"page": "5"},
        {"q": "x" * 201},
        {"strategy": "<b>"},
    ],
)
def test_bad_filter_values_give_404(client, catalogue, params):
    assert client.get(catalogue.url, params).status_code == 404


def test_filtered_view_is_shareable_by_url(client, catalogue):
    html = client.get(catalogue.url, {"lead": "vlg"}).content.decode()
    assert '<option value="vlg" selected>' in html
    assert "export/csv/?lead=vlg" in html


def test_csv_export_has_stable_columns_and_applies_filters(client, catalogue):
    response = client.get(f"{catalogue.url}export/csv/", {"status": "in_operation"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0].keys()) == EXPORT_COLUMNS
    assert [row["title"] for row in rows] == ["Alpha", "Beta"]
    alpha = rows[0]
    assert alpha["status"] == "in_operation" and alpha["lead"] == "kanton"
    assert alpha["commune_names"] == "Emmen; Wikon"
    assert alpha["focus_area"] == "F1" and alpha["strategy"] == "Strat"
    assert alpha["start_date"] == "2020-01-01"


def test_json_export_matches_the_listing(client, catalogue):
    response = client.get(f"{catalogue.url}export/json/", {"commune": catalogue.bfs["emmen"]})
    data = json.loads(response.content)
    assert data["count"] == 2
    assert [p["title"] for p in data["projects"]] == ["Alpha", "Beta"]
    assert set(data["projects"][0]) == set(EXPORT_COLUMNS)
    assert data["projects"][1]["commune_bfs_numbers"] == [int(catalogue.bfs["emmen"])]


def test_unknown_export_format_is_404(client, catalogue):
    assert client.get(f"{catalogue.url}export/xml/").status_code == 404
    assert client.get(f"{catalogue.url}export/csv/", {"status": "x"}).status_code == 404


def test_catalogue_query_count_does_not_grow_with_projects(client, home_page, german):
    strategy = make_strategy(make_strategy_index(home_page, "budget-s"), "S", focus_areas=["F"])
    topic = Topic.objects.create(name="Budget", slug="budget", locale=german)
    communes = list(Commune.objects.all()[:5])
    queries = {}
    for size in (10, 200):
        index = make_project_index(home_page, slug=f"budget-{size}")
        for number in range(size):
            make_project(
                index,
                f"P {size} {number}",
                slug=f"p-{size}-{number}",
                topics=[topic],
                communes=communes,
                focus_area=strategy.focus_areas.get(),
                status="in_operation",
                level_kanton=True,
            )
        url = f"{index.url}?status=in_operation&level=kanton"
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        queries[size] = len(captured)
    assert queries[10] == queries[200], queries


def test_visitor_finds_digitalstrategie_projects_in_operation(client):
    catalogue = ProjectIndexPage.objects.get(locale__language_code="de", slug="projekte")
    found = titles(
        client.get(
            catalogue.url,
            {
                "strategy": "digitalstrategie-luzern",
                "status": "in_operation",
            },
        )
    )
    expected = (
        ProjectPage.objects.live()
        .filter(focus_area__page__slug="digitalstrategie-luzern", status="in_operation")
        .order_by("title")
    )
    assert found == [p.title for p in expected] and found


FORMULAS = ['=HYPERLINK("http://evil.example")', "+1+2", "-3+4", "@SUM(A1)", "\t=1", "\r=1"]


def test_csv_export_writes_no_cell_that_runs_as_a_formula(client, home_page):
    strategy = make_strategy(
        make_strategy_index(home_page), "=1+1", slug="formel", focus_areas=["@Schwerpunkt"]
    )
    index = make_project_index(home_page)
    for number, title in enumerate(FORMULAS):
        make_project(
            index,
            title,
            slug=f"formel-{number}",
            teaser=title,
            partners=title,
            focus_area=strategy.focus_areas.get(),
        )
    response = client.get(f"{index.url}export/csv/")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(row["title"] for row in rows) == sorted(f"'{title}" for title in FORMULAS)
    for row in rows:
        assert row["strategy"] == "'=1+1" and row["focus_area"] == "'@Schwerpunkt"
        for column, value in row.items():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (column, value)
    # JSON is not opened by spreadsheet programs: the text as the editors typed it
    data = json.loads(client.get(f"{index.url}export/json/").content)
    assert sorted(project["title"] for project in data["projects"]) == sorted(FORMULAS)
