"""Planned versus actual: milestones with a planned and an actual date, the slip, a
project's progress, its budget; on the page (de, fr), in the API and the exports; the
data migration from the former date and "done" flag."""

import csv
import datetime
import importlib
import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from strategy.catalogue import EXPORT_COLUMNS
from strategy.models import Milestone, ProjectPage
from tests.news.test_change_notes import edit_form_data
from tests.strategy.factories import make_project, make_project_index

pytestmark = pytest.mark.django_db

migration = importlib.import_module("strategy.migrations.0005_milestones_planned_actual_budget")


def text_of(html):
    """What a reader sees: the page's text without tags, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" )", ")")


def days_ago(days):
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()


@pytest.fixture
def index(home_page):
    return make_project_index(home_page)


def project_with(index, milestones, **fields):
    return make_project(index, fields.pop("title", "Zeitprojekt"), milestones=milestones, **fields)


# Progress and slip, computed from the milestones.


def test_progress_counts_the_milestones_reached(index):
    project = project_with(
        index,
        [
            ("2024-01-10", "Eins", True),
            ("2024-06-01", "Zwei", "2024-09-15"),
            ("2025-01-01", "Drei", True),
            ("2030-01-01", "Vier", False),
            ("2031-01-01", "Fünf", False),
        ],
    )
    progress = project.progress()
    assert (progress.reached, progress.total, progress.percent) == (3, 5, 60)


def test_progress_without_milestones_has_no_percent(index):
    progress = project_with(index, []).progress()
    assert (progress.reached, progress.total, progress.percent) == (0, 0, None)


def test_progress_with_none_reached_is_zero(index):
    project = project_with(index, [("2030-01-01", "A", False), ("2031-01-01", "B", False)])
    assert project.progress().as_dict() == {"reached": 0, "total": 2, "percent": 0}


def test_slip_late_early_on_time_and_unknown(index):
    project = project_with(
        index,
        [
            ("2025-06-10", "Spät", "2025-09-02"),
            ("2025-06-10", "Früh", "2025-04-01"),
            ("2025-06-10", "Pünktlich", True),
            (None, "Ohne Plan", "2025-05-05"),
            ("2030-01-01", "Offen", False),
        ],
    )
    slips = {m.title: (m.slip_days, m.slip_months) for m in project.milestone_list()}
    assert slips == {
        "Spät": (84, 3),
        "Früh": (-70, -2),
        "Pünktlich": (0, 0),
        "Ohne Plan": (None, None),
        "Offen": (None, None),
    }


def test_overdue_is_a_pending_milestone_past_its_planned_date(index):
    project = project_with(
        index,
        [(days_ago(40), "Verpasst", False), (days_ago(40), "Erreicht", True)],
    )
    overdue = {m.title: m.overdue for m in project.milestone_list()}
    assert overdue == {"Verpasst": True, "Erreicht": False}
    assert project.next_milestone().title == "Verpasst"


# Validation: German messages for editors.


def test_a_milestone_cannot_be_reached_in_the_future(index):
    milestone = Milestone(
        page=project_with(index, []),
        title="Morgen",
        planned_date=datetime.date(2024, 1, 1),
        actual_date=timezone.localdate() + datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        milestone.full_clean(exclude=["page", "locale", "translation_key"])
    assert error.value.message_dict["actual_date"] == [
        "Ein Meilenstein kann nicht in der Zukunft erreicht werden."
    ]


def test_a_milestone_needs_a_date(index):
    milestone = Milestone(page=project_with(index, []), title="Irgendwann")
    with pytest.raises(ValidationError) as error:
        milestone.full_clean(exclude=["page", "locale", "translation_key"])
    assert "Bitte ein geplantes oder ein erreichtes Datum angeben." in str(error.value)


def test_financing_parts_may_not_exceed_the_budget(index):
    project = project_with(index, [], budget_total=100_000, budget_kanton=60_000)
    project.budget_gemeinden = 50_000
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert error.value.message_dict["budget_total"] == [
        "Die Anteile der Finanzierung sind zusammen grösser als das Budget."
    ]
    project.budget_gemeinden = 40_000
    project.full_clean()


# The page: both dates, the slip, the bar, the budget; in German and French.


def test_project_page_shows_planned_actual_and_slip(client, index):
    project = project_with(
        index,
        [
            ("2025-06-10", "Pilot", "2025-09-02"),
            ("2025-06-10", "Vorarbeit", "2025-04-01"),
            ("2025-03-03", "Konzept", True),
            (days_ago(400), "Gesetz", False),
            ("2099-01-01", "Abschluss", False),
        ],
        budget_total=1_200_000,
        budget_kanton=600_000,
        budget_gemeinden=600_000,
        budget_source="Regierungsratsbeschluss vom 4. März 2025",
    )
    text = text_of(client.get(project.url).content.decode())
    assert "Pilot geplant Juni 2025 · erreicht September 2025 (3 Monate später)" in text
    assert "Vorarbeit geplant Juni 2025 · erreicht April 2025 (früher als geplant)" in text
    assert "Konzept geplant März 2025 · erreicht März 2025 (wie geplant)" in text
    assert "Gesetz geplant " in text and "· überfällig" in text
    assert "Abschluss geplant Januar 2099" in text and "Abschluss geplant Januar 2099 ·" not in text
    assert "3 von 5 Meilensteinen erreicht (60 %)" in text
    assert "CHF 1'200'000" in text and "Kanton: CHF 600'000" in text
    assert "Regierungsratsbeschluss vom 4. März 2025" in text


def test_progress_bar_is_a_labelled_native_progress(client, index):
    project = project_with(index, [("2024-01-01", "A", True), ("2030-01-01", "B", False)])
    html = client.get(project.url).content.decode()
    bar = re.search(r'<label[^>]*for="(progress-\d+)"[^>]*>([^<]+)</label>\s*<progress[^>]*>', html)
    assert bar and f'id="{bar.group(1)}"' in bar.group(0)
    assert bar.group(2) == "1 von 2 Meilensteinen erreicht (50 %)"
    assert 'max="2" value="1"' in bar.group(0)


def test_project_without_milestones_says_so_without_a_bar(client, index):
    html = client.get(project_with(index, []).url).content.decode()
    assert "<progress" not in html
    assert "Für dieses Projekt sind noch keine Meilensteine erfasst." in html
    assert 'id="budget-title"' not in html


def demo_project(language, slug="einwohnerportal-my-lu-ch"):
    german = ProjectPage.objects.get(locale__language_code="de", slug=slug)
    return german.get_translation(german.locale.__class__.objects.get(language_code=language))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "geplant Januar 2022 · erreicht April 2024 (27 Monate später)"),
        ("fr", "prévu janvier 2022 · atteint avril 2024 (27 mois plus tard)"),
    ],
)
def test_demo_portal_launch_shows_its_slip_in_the_page_language(client, language, expected):
    text = text_of(client.get(demo_project(language).url).content.decode())
    assert expected in text


def test_demo_budget_only_where_the_sources_give_one(client):
    budgets = dict(
        ProjectPage.objects.filter(locale__language_code="de")
        .exclude(budget_total=None, budget_kanton=None)
        .values_list("slug", "budget_source")
    )
    assert set(budgets) == {"online-steuererklaerung-efiling", "eumzug-lu-agglo"}
    assert all(budgets.values())
    text = text_of(client.get(demo_project("fr", "eumzug-lu-agglo").url).content.decode())
    assert "Canton : CHF 30'000" in text


# The API and the exports.


def test_api_gives_planned_actual_progress_and_budget(client, index):
    project = project_with(
        index,
        [("2025-06-10", "Pilot", "2025-09-02"), ("2099-01-01", "Ende", False)],
        budget_total=500_000,
        budget_bund=100_000,
    )
    data = client.get(f"/api/v2/pages/{project.pk}/").json()
    assert data["milestones"] == [
        {
            "title": "Pilot",
            "planned_date": "2025-06-10",
            "actual_date": "2025-09-02",
            "reached": True,
            "slip_days": 84,
        },
        {
            "title": "Ende",
            "planned_date": "2099-01-01",
            "actual_date": None,
            "reached": False,
            "slip_days": None,
        },
    ]
    assert data["progress"] == {"reached": 1, "total": 2, "percent": 50}
    assert data["budget"] == {
        "total": 500_000,
        "kanton": None,
        "gemeinden": None,
        "bund": 100_000,
        "other": None,
        "source": "",
    }
    bare = client.get(f"/api/v2/pages/{project_with(index, [], title='Leer').pk}/").json()
    assert bare["budget"] is None and bare["progress"]["percent"] is None


def test_openapi_documents_the_new_fields(client):
    schema = client.get("/api/v2/openapi.json").json()
    text = json.dumps(schema)
    for name in ("planned_date", "actual_date", "slip_days", "gemeinden", "percent"):
        assert f'"{name}"' in text, name


NEW_COLUMNS = [
    "progress_percent",
    "milestones_reached",
    "milestones_total",
    "next_milestone",
    "next_milestone_date",
    "budget_chf",
    "budget_kanton_chf",
    "budget_gemeinden_chf",
    "budget_bund_chf",
    "budget_other_chf",
    "budget_source",
]


def test_exports_append_progress_and_budget_columns(client, index):
    project_with(
        index,
        [("2024-01-01", "A", True), ("2098-01-01", "B", False), ("2099-01-01", "C", False)],
        budget_total=900_000,
        budget_kanton=300_000,
        budget_source="Budget 2025",
    )
    assert EXPORT_COLUMNS[-len(NEW_COLUMNS) :] == NEW_COLUMNS
    assert EXPORT_COLUMNS.index("last_updated") == len(EXPORT_COLUMNS) - len(NEW_COLUMNS) - 1
    response = client.get(f"{index.url}export/csv/")
    row = next(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {key: row[key] for key in NEW_COLUMNS} == {
        "progress_percent": "33",
        "milestones_reached": "1",
        "milestones_total": "3",
        "next_milestone": "B",
        "next_milestone_date": "2098-01-01",
        "budget_chf": "900000",
        "budget_kanton_chf": "300000",
        "budget_gemeinden_chf": "",
        "budget_bund_chf": "",
        "budget_other_chf": "",
        "budget_source": "Budget 2025",
    }
    data = json.loads(client.get(f"{index.url}export/json/").content)["projects"][0]
    assert data["progress_percent"] == 33 and data["budget_chf"] == 900_000
    assert data["budget_gemeinden_chf"] is None and data["next_milestone"] == "B"


# The data migration keeps what milestones held.


def test_migration_turns_done_into_reached_on_the_date():
    assert migration.planned_and_actual(
        {"pk": 1, "date": "2021-03-01", "title": "Start", "done": True}
    ) == {"pk": 1, "planned_date": "2021-03-01", "actual_date": "2021-03-01", "title": "Start"}
    assert migration.planned_and_actual(
        {"pk": 2, "date": "2027-06-30", "title": "Ende", "done": False}
    ) == {"pk": 2, "planned_date": "2027-06-30", "actual_date": None, "title": "Ende"}
    content = {"title": "P", "milestones": [{"date": "2020-01-01", "title": "X", "done": True}]}
    assert migration.rewrite_milestones(content)
    assert content["milestones"][0]["actual_date"] == "2020-01-01"
    assert not migration.rewrite_milestones({"title": "ohne"})


# The editor's form: the same checks as German form errors.


def test_edit_form_refuses_a_future_actual_date_and_parts_above_the_budget(admin_client, index):
    project = project_with(index, [("2024-01-01", "Pilot", False)], budget_total=100)
    url = f"/admin/pages/{project.pk}/edit/"
    data = edit_form_data(admin_client.get(url).content.decode())
    planned = data["milestones-0-planned_date"][0]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    day_format = "%d.%m.%Y" if "." in planned else "%Y-%m-%d"
    data["milestones-0-actual_date"] = [tomorrow.strftime(day_format)]
    data.update(budget_kanton=["80"], budget_gemeinden=["30"])
    data["body-count"] = ["0"]
    html = admin_client.post(url, data).content.decode()
    assert "Ein Meilenstein kann nicht in der Zukunft erreicht werden." in html
    assert "Die Anteile der Finanzierung sind zusammen grösser als das Budget." in html
    project.refresh_from_db()
    assert project.budget_kanton is None
    assert project.milestones.get().actual_date is None


def test_upcoming_lists_pending_milestones_of_the_given_projects_next_first(index):
    first = project_with(
        index, [("2030-05-01", "Später", False), ("2024-01-01", "Erreicht", True)], title="Eins"
    )
    project_with(index, [("2029-01-01", "Anderes Projekt", False)], title="Zwei")
    draft = project_with(index, [("2028-01-01", "Entwurf", False)], title="Drei", live=False)
    mine = ProjectPage.objects.filter(pk__in=[first.pk, draft.pk]).live()
    assert [m.title for m in Milestone.objects.upcoming(mine)] == ["Später"]
    everything = ProjectPage.objects.child_of(index).live()
    upcoming = Milestone.objects.upcoming(everything)
    assert [(m.title, m.page.title) for m in upcoming] == [
        ("Anderes Projekt", "Zwei"),
        ("Später", "Eins"),
    ]
