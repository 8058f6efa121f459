import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Collection, CollectionViewRestriction

from strategy.models import StrategyIndexPage, StrategyPage
from tests.strategy.factories import (
    make_project,
    make_project_index,
    make_strategy,
    make_strategy_index,
)

pytestmark = pytest.mark.django_db


def test_index_shows_the_strategy_in_force_first(client):
    index = StrategyIndexPage.objects.get(locale__language_code="de", slug="strategie")
    html = client.get(index.url).content.decode()
    strategies = list(index.strategies())
    assert strategies[0].title == "Digitalstrategie Luzern"
    assert [s.status for s in strategies[1:]] == ["superseded"] * 4
    positions = [html.index(f'href="{s.url}"') for s in strategies]
    assert positions == sorted(positions)
    assert len(strategies) == 5


def test_superseded_strategy_shows_banner_and_links_to_successor(client):
    old = StrategyPage.objects.get(
        locale__language_code="de", slug="e-government-strategie-luzern-2010"
    )
    html = client.get(old.url).content.decode()
    assert "Dieses Dokument ist abgelöst." in html
    assert 'href="/de/strategie/digitalstrategie-luzern/"' in html


def test_successor_lists_what_it_supersedes(client):
    new = StrategyPage.objects.get(locale__language_code="de", slug="digitalstrategie-luzern")
    html = client.get(new.url).content.decode()
    assert "Dieses Dokument ist abgelöst." not in html
    assert "Löst ab" in html
    assert 'href="/de/strategie/e-government-strategie-luzern-2010/"' in html


def test_strategy_page_shows_its_fields(client, home_page):
    index = make_strategy_index(home_page)
    strategy = make_strategy(
        index,
        "Teststrategie",
        focus_areas=["Basisdienste"],
        kind="review",
        status="in_force",
        adopted_on=datetime.date(2020, 3, 13),
        valid_from=datetime.date(2020, 4, 1),
    )
    projects = make_project_index(home_page)
    make_project(
        projects,
        "Projekt am Schwerpunkt",
        focus_area=strategy.focus_areas.get(),
        status="in_operation",
    )
    html = client.get(strategy.url).content.decode()
    for text in [
        "Überprüfung",
        "In Kraft",
        "13. März 2020",
        "1. April 2020",
        "(unbefristet)",
        "Basisdienste",
        "Projekt am Schwerpunkt",
        "In Betrieb",
        "Zusammenfassung Teststrategie",
    ]:
        assert text in html, text


def test_strategy_documents_show_type_and_size(client):
    strategy = StrategyPage.objects.get(locale__language_code="de", slug="digitalstrategie-luzern")
    document = strategy.documents.get().document
    html = client.get(strategy.url).content.decode()
    assert document.url in html
    assert "(PDF, " in html and "KB" in html


def test_superseded_strategy_must_name_its_successor(home_page):
    index = make_strategy_index(home_page)
    with pytest.raises(ValidationError) as error:
        make_strategy(index, "Alt", status="superseded")
    assert "superseded_by" in error.value.message_dict


def test_validity_must_end_after_it_starts(home_page):
    index = make_strategy_index(home_page)
    with pytest.raises(ValidationError) as error:
        make_strategy(
            index,
            "Verkehrt",
            valid_from=datetime.date(2022, 1, 1),
            valid_to=datetime.date(2021, 1, 1),
        )
    assert "valid_to" in error.value.message_dict


def test_documents_of_a_restricted_collection_are_listed_neither_on_the_page_nor_in_the_api(
    client,
):
    strategy = StrategyPage.objects.get(locale__language_code="de", slug="digitalstrategie-luzern")
    document = strategy.documents.get().document
    collection = Collection.get_first_root_node().add_child(name="Intern")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    document.collection = collection
    document.save()
    assert document.url not in client.get(strategy.url).content.decode()
    assert client.get(f"/api/v2/pages/{strategy.pk}/").json()["documents"] == []
