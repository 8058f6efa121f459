"""The catalogue's roadmap (zeitplan/): exactly the catalogue's filtered projects on one
time axis, the same facts as text, bad filters 404, a constant number of queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from strategy.models import ProjectIndexPage, StrategyPage
from strategy.roadmap import roadmap_rows
from tests.strategy.factories import make_project, make_project_index
from tests.strategy.test_catalogue import catalogue  # noqa: F401 (the catalogue's fixture)

pytestmark = pytest.mark.django_db


def roadmap_titles(response):
    assert response.status_code == 200
    return [row.project.title for row in response.context["rows"]]


def catalogue_titles(response):
    assert response.status_code == 200
    return [project.title for project in response.context["projects"]]


FILTERS = [
    {},
    {"status": "in_operation"},
    {"topic": "t1"},
    {"lead": "vlg", "topic": "t1"},
    {"level": "kanton"},
    {"strategy": "strat"},
    {"commune": "emmen"},
    {"status": "in_operation", "commune": "wikon"},
    {"q": "alp"},
    {"status": "planned", "commune": "emmen"},
    {"sort": "start"},
]


@pytest.mark.parametrize("params", FILTERS)
def test_roadmap_lists_exactly_the_catalogues_projects(client, catalogue, params):  # noqa: F811
    params = {key: catalogue.bfs.get(value, value) for key, value in params.items()}
    listed = catalogue_titles(client.get(catalogue.url, params))
    response = client.get(f"{catalogue.url}zeitplan/", params)
    assert roadmap_titles(response) == listed
    html = response.content.decode()
    rows = html.split('class="roadmap__rows"')[1] if listed else ""
    assert re.findall(r'<h2 class="roadmap__project"><a [^>]*>([^<]+)</a>', rows) == listed


DEMO_FILTERS = [
    {},
    {"status": "in_operation"},
    {"status": "in_progress", "level": "gemeinde"},
    {"lead": "vlg"},
    {"commune": "1061"},
    {"strategy": "digitalstrategie-luzern"},
    {"strategy": "digitalstrategie-luzern", "status": "in_progress"},
    {"topic": "basisdienste", "level": "kanton"},
]


@pytest.mark.parametrize("params", DEMO_FILTERS)
def test_demo_roadmap_matches_the_catalogue_in_german_and_french(client, params):
    for language in ("de", "fr"):
        index = ProjectIndexPage.objects.get(locale__language_code=language)
        if "strategy" in params:  # its slug in this language
            german = StrategyPage.objects.get(locale__language_code="de", slug=params["strategy"])
            params = {**params, "strategy": german.get_translation(index.locale).slug}
        listed = catalogue_titles(client.get(index.url, params))
        assert roadmap_titles(client.get(f"{index.url}zeitplan/", params)) == listed
        assert listed or params


@pytest.mark.parametrize(
    "params",
    [
        {"status": "kaputt"},
        {"commune": "abc"},
        {"commune": "99999"},
        {"focus": "x"},
        {"sort": "random"},
        {"q": "x" * 201},
        {"strategy": "<b>"},
        {"level": ["kanton", "welt"]},
    ],
)
def test_bad_roadmap_filters_give_404(client, catalogue, params):  # noqa: F811
    assert client.get(f"{catalogue.url}zeitplan/", params).status_code == 404


def test_list_and_roadmap_link_each_other_with_the_filters(client, catalogue):  # noqa: F811
    html = client.get(catalogue.url, {"lead": "vlg"}).content.decode()
    assert f'href="{catalogue.url}zeitplan/?lead=vlg"' in html
    roadmap = client.get(f"{catalogue.url}zeitplan/", {"lead": "vlg"}).content.decode()
    assert f'href="{catalogue.url}?lead=vlg"' in roadmap
    assert f'action="{catalogue.url}zeitplan/"' in roadmap
    assert '<option value="vlg" selected>' in roadmap
    assert 'aria-current="page">Zeitplan<' in roadmap


def test_rows_place_start_end_milestones_and_today_on_one_axis(home_page):
    index = make_project_index(home_page)
    make_project(
        index,
        "Eins",
        start_date=datetime.date(2020, 1, 1),
        planned_end=datetime.date(2021, 12, 31),
        milestones=[("2020-07-01", "Halbzeit", "2021-01-01"), ("2021-07-01", "Ende", False)],
    )
    make_project(index, "Ohne Daten")
    axis, rows = roadmap_rows(index.projects().order_by("title"), datetime.date(2023, 7, 2))
    assert [y.year for y in axis.years()] == [2020, 2021, 2022, 2023]
    first, empty = rows
    assert first.bar_x == 0.0 and 49 < first.bar_width < 50 and not first.open_end
    markers = [(m.milestone.title, m.x) for m in first.markers]
    assert markers == [("Halbzeit", 25.05), ("Ende", 37.44)]
    assert axis.x(datetime.date(2023, 7, 2)) == 87.47
    assert (empty.bar_x, empty.markers, empty.progress.total) == (None, [], 0)


def test_roadmap_tells_the_facts_as_text(client, home_page):
    index = make_project_index(home_page)
    make_project(
        index,
        "Textprojekt",
        start_date=datetime.date(2020, 1, 1),
        milestones=[("2020-06-01", "Pilot", "2020-09-01"), ("2099-01-01", "Ende", False)],
    )
    html = client.get(f"{index.url}zeitplan/").content.decode()
    facts = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.split("roadmap__facts")[1]))
    for fact in [
        "Start: Januar 2020",
        "Kein geplantes Ende",
        "1 von 2 Meilensteinen erreicht (50 %)",
        "Pilot: geplant Juni 2020 · erreicht September 2020 (3 Monate später)",
        "Ende: geplant Januar 2099",
    ]:
        assert fact in facts, fact
    assert re.search(r'<svg class="roadmap__track"[^>]*aria-hidden="true"', html)
    assert 'href="#roadmap-reached" x="' in html and 'href="#roadmap-planned" x="' in html
    # Positions are written with a decimal point, whatever the language.
    assert not re.search(r'x="\d+,\d+%"', html)


def test_roadmap_queries_do_not_grow_with_projects(client, home_page):
    index = make_project_index(home_page)

    def count():
        client.get(f"{index.url}zeitplan/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{index.url}zeitplan/").status_code == 200
        return len([q for q in captured if "vlgsite_cache" not in q["sql"]])

    make_project(index, "Erstes", milestones=[("2024-01-01", "M", True)])
    before = count()
    for number in range(8):
        make_project(
            index,
            f"Weiteres {number}",
            milestones=[("2024-01-01", "M", True), ("2030-01-01", "N", False)],
        )
    assert count() == before
