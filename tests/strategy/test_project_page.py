import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import PageViewRestriction

from home.models import Commune, Person, Topic
from news.models import NewsIndexPage, NewsPage
from strategy.models import ProjectPage
from tests.news.factories import make_news
from tests.strategy.factories import (
    make_project,
    make_project_index,
    make_strategy,
    make_strategy_index,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(home_page, german):
    strategy = make_strategy(make_strategy_index(home_page), "Strat", focus_areas=["Portal"])
    contact = Person.objects.create(name="Erika Muster", role="Projektleiterin", locale=german)
    topic = Topic.objects.create(name="Testthema", slug="testthema", locale=german)
    communes = Commune.objects.filter(name__in=["Wikon", "Emmen", "Römerswil"])
    return make_project(
        make_project_index(home_page),
        "Testprojekt",
        status="in_progress",
        lead="joint",
        partners="Kanton Luzern\nVLG",
        level_kanton=True,
        level_gemeinde=True,
        focus_area=strategy.focus_areas.get(),
        start_date=datetime.date(2021, 2, 1),
        planned_end=datetime.date(2027, 6, 30),
        service_url="https://example.ch/dienst",
        contact_person=contact,
        topics=[topic],
        communes=communes,
        milestones=[
            ("2023-05-01", "Pilot", True),
            ("2021-03-01", "Start", True),
            ("2027-06-30", "Abschluss", False),
        ],
    )


def test_project_page_shows_every_field(client, project):
    html = client.get(project.url).content.decode()
    for text in [
        "Testprojekt",
        "Kurztext Testprojekt",
        "In Umsetzung",
        "Gemeinsam",
        "Kanton Luzern",
        "<li>VLG</li>",
        "Kanton, Gemeinde",
        "Testthema",
        "Portal",
        "Strat",
        "1. Februar 2021",
        "30. Juni 2027",
        'href="https://example.ch/dienst"',
        "Erika Muster",
        "Projektleiterin",
        "3 von 79 Luzerner Gemeinden",
        "Wikon",
        "Emmen",
        "Römerswil",
    ]:
        assert text in html, text


def test_milestones_form_a_timeline_in_date_order_with_their_state(client, project):
    html = client.get(project.url).content.decode()
    assert html.index("Start") < html.index("Pilot") < html.index("Abschluss")
    assert html.count("timeline__item--done") == 2
    assert "geplant Juni 2027</time>" in html


def test_communes_are_listed_in_german_order(client, project):
    html = client.get(project.url).content.decode()
    section = html.split('id="communes-title"')[1]
    assert section.index("Emmen") < section.index("Römerswil") < section.index("Wikon")


def test_news_naming_the_project_appear_on_it(client, project):
    index = NewsIndexPage.objects.get(locale__language_code="de", slug="aktuelles")
    news = make_news(index, "Meldung zum Testprojekt", datetime.date(2024, 2, 2))
    news.related_projects.set([project])
    news.save()
    make_news(index, "Entwurf zum Testprojekt", live=False).related_projects.set([project])
    html = client.get(project.url).content.decode()
    assert "Meldung zum Testprojekt" in html
    assert "Entwurf zum Testprojekt" not in html
    assert "Testprojekt" in client.get(news.url).content.decode()


def test_demo_eumzug_lists_its_communes_and_news(client):
    eumzug = ProjectPage.objects.get(locale__language_code="de", slug="eumzug-luzern")
    html = client.get(eumzug.url).content.decode()
    assert "75 von 79 Luzerner Gemeinden" in html
    # The list names the participants only (the map below shows every commune).
    listed = html.split('class="commune-list"')[1].split("</ul>")[0]
    assert "Kriens" in listed and "Weggis</a>" not in listed
    news = eumzug.related_news()
    assert news
    assert all(n.title in html for n in news)


def test_planned_end_must_be_after_start(home_page):
    with pytest.raises(ValidationError) as error:
        make_project(
            make_project_index(home_page),
            "Rückwärts",
            start_date=datetime.date(2024, 1, 1),
            planned_end=datetime.date(2023, 1, 1),
        )
    assert "planned_end" in error.value.message_dict


def test_news_page_lists_the_projects_it_names(client):
    news = (
        NewsPage.objects.filter(locale__language_code="de")
        .filter(related_projects__isnull=False)
        .first()
    )
    html = client.get(news.url).content.decode()
    for project in news.related_projects.all():
        assert project.title in html


def test_commune_section_without_and_with_all_communes(client, home_page):
    index = make_project_index(home_page)
    none = make_project(index, "Ohne Gemeinden")
    every = make_project(index, "Alle Gemeinden", communes=Commune.objects.all())
    assert "Keine Gemeinden erfasst." in client.get(none.url).content.decode()
    html = client.get(every.url).content.decode()
    assert "Alle 79 Luzerner Gemeinden." in html and 'class="commune-list"' not in html


def test_preview_shows_the_drafts_relations_not_the_stored_ones(project, german):
    draft = ProjectPage.objects.get(pk=project.pk)
    draft.contact_person_id = Person.objects.create(name="Otto Entwurf", locale=german).pk
    draft.participating_communes = Commune.objects.filter(name="Kriens")
    draft.topics = [Topic.objects.create(name="Entwurfsthema", slug="entwurf", locale=german)]
    html = draft.make_preview_request().content.decode()
    assert "Otto Entwurf" in html and "Erika Muster" not in html
    assert "1 von 79 Luzerner Gemeinden" in html and "Kriens" in html
    assert "Entwurfsthema" in html and "Testthema" not in html


def test_focus_area_of_an_unpublished_strategy_is_named_without_a_link(client, project):
    strategy = project.focus_area.page
    strategy_link = f'href="{strategy.url}'
    assert strategy_link in client.get(project.url).content.decode()
    strategy.unpublish()
    html = client.get(project.url).content.decode()
    assert "Portal" in html and strategy_link not in html
    data = client.get(f"/api/v2/pages/{project.pk}/").json()["focus_area"]
    assert data["title"] == "Portal" and data["strategy"] is None


def test_a_private_project_is_not_linked_from_the_news_that_name_it(client, project):
    index = NewsIndexPage.objects.get(locale__language_code="de", slug="aktuelles")
    news = make_news(index, "Meldung mit privatem Projekt", datetime.date(2024, 2, 2))
    news.related_projects.set([project])
    news.save()
    assert project.url in client.get(news.url).content.decode()
    PageViewRestriction.objects.create(page=project, restriction_type="login")
    assert project.url not in client.get(news.url).content.decode()
