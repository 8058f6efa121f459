"""Strategy lineage: on a strategy document, what changed from each document it replaced
(strategy/lineage.py; the section templates/components/strategy_lineage.html; the API
field `lineage`)."""

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from home.text import collation_key
from strategy import lineage
from strategy.models import ProjectIndexPage, StrategyPage
from tests.api.conftest import api_description, validate  # noqa: F401
from tests.strategy.factories import make_project

DEMO = Path(__file__).resolve().parents[2] / "strategy" / "demo"
DIGITAL = "digitalstrategie-luzern"


def strategy(slug, language="de"):
    source = StrategyPage.objects.get(locale__language_code="de", slug=slug)
    return StrategyPage.objects.get(
        locale__language_code=language, translation_key=source.translation_key
    )


def demo_texts(language):
    """The demo strategies and projects as strings of this language ({slug: entry})."""
    strategies = {e["slug"]: e for e in json.loads((DEMO / "strategies.json").read_text())}
    projects = {e["slug"]: e for e in json.loads((DEMO / "projects.json").read_text())}
    if language == "de":
        return strategies, projects
    translated = json.loads((DEMO / "translations" / f"{language}.json").read_text())
    for slug, entry in strategies.items():
        values = translated["strategies"][slug]
        entry["title"] = values["title"]
        for area, title in zip(entry["focus_areas"], values["focus_areas"], strict=True):
            area["title"] = title["title"]
    for slug, entry in projects.items():
        entry["title"] = translated["projects"].get(slug, {}).get("title", entry["title"])
    return strategies, projects


def expected_lineage(language):
    """{predecessor title: {kind: [(area text, [project titles])]}} as the demo data says:
    a focus area carries over only where the data links it («continues»)."""
    strategies, projects = demo_texts(language)
    renamed = {
        "de": "«{previous}», fortgeführt als «{current}»",
        "fr": "« {previous} », poursuivi sous le titre « {current} »",
    }[language]

    def projects_of(*pairs):
        titles = {
            p["title"] for p in projects.values() if (p["strategy"], p["focus_area"]) in pairs
        }
        return sorted(titles, key=collation_key)

    current = strategies[DIGITAL]
    result = {}
    for slug, old in strategies.items():
        if old["superseded_by"] != DIGITAL:
            continue
        links = {
            a["slug"]: a["continues"]["focus_area"]
            for a in current["focus_areas"]
            if a.get("continues", {}).get("strategy") == slug
        }
        old_areas = {a["slug"]: a for a in old["focus_areas"]}
        carried = [
            (
                renamed.format(previous=old_areas[links[a["slug"]]]["title"], current=a["title"]),
                projects_of((slug, links[a["slug"]]), (DIGITAL, a["slug"])),
            )
            for a in current["focus_areas"]
            if a["slug"] in links
        ]
        added = [
            (a["title"], projects_of((DIGITAL, a["slug"])))
            for a in current["focus_areas"]
            if a["slug"] not in links
        ]
        dropped = [
            (a["title"], projects_of((slug, a["slug"])))
            for a in old["focus_areas"]
            if a["slug"] not in links.values()
        ]
        result[old["title"]] = {"carried": carried, "added": added, "dropped": dropped}
    return result


def shown_lineage(html):
    """The lineage sections of a page as {predecessor title: {kind: [(text, [projects])]}}."""
    soup = BeautifulSoup(html, "html.parser")
    shown = {}
    for section in soup.select("section.lineage"):
        heading = section.find("h2")
        title = heading.get_text().split("«", 1)[1].rsplit("»", 1)[0].strip()
        kinds = {}
        for kind in ("carried", "added", "dropped"):
            subheading = section.find(id=f"{heading['id']}-{kind}")
            listing = subheading.find_next_sibling()
            entries = []
            if listing.name == "ul":
                assert listing["aria-labelledby"] == subheading["id"]
                for item in listing.find_all("li", recursive=False):
                    nested = item.find("ul") or BeautifulSoup("", "html.parser")
                    projects = [a.get_text(strip=True) for a in nested.find_all("a")]
                    entries.append((item.find("a").get_text(strip=True), projects))
            kinds[kind] = entries
        shown[title] = kinds
    return shown


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "fr"])
def test_digitalstrategie_shows_what_changed_from_each_document_it_replaced(client, language):
    expected = expected_lineage(language)
    # The demo links one focus area (an example, so marked on the page), no more.
    carried = {title: kinds["carried"] for title, kinds in expected.items() if kinds["carried"]}
    assert len(carried) == 1 and len(next(iter(carried.values()))) == 1
    assert len(expected) == 3

    html = client.get(strategy(DIGITAL, language).url).content.decode()

    assert shown_lineage(html) == expected
    soup = BeautifulSoup(html, "html.parser")
    levels = [int(h.name[1]) for h in soup.find("article").find_all(["h1", "h2", "h3", "h4"])]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert {"de": "Beispielinhalt", "fr": "Contenu d'exemple"}[language] in html


@pytest.mark.django_db
def test_the_renamed_focus_area_is_listed_as_continued(client):
    html = client.get(strategy(DIGITAL).url).content.decode()
    text = " ".join(BeautifulSoup(html, "html.parser").get_text().split())
    assert (
        "Weitergeführte Schwerpunkte «Vertrauen und Wissen», fortgeführt als "
        "«Transparenz, Vertrauen und Sicherheit»"
    ) in text


@pytest.mark.django_db
def test_a_document_without_predecessor_has_no_lineage_section(client):
    html = client.get(strategy("e-government-strategie-luzern-2010").url).content.decode()
    assert 'class="lineage"' not in html
    assert "geändert hat" not in html


@pytest.mark.django_db
def test_drafts_and_private_projects_are_left_out(client):
    review = strategy("e-government-strategie-luzern-ueberpruefung-2020")
    dropped_area = review.focus_areas.get(slug="interaktion-und-partizipation")
    catalogue = ProjectIndexPage.objects.get(locale__language_code="de")
    make_project(catalogue, "Öffentliches Vorhaben", focus_area=dropped_area)
    make_project(catalogue, "Entwurfsvorhaben", focus_area=dropped_area, live=False)
    private = make_project(catalogue, "Internes Vorhaben", focus_area=dropped_area)
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    shown = shown_lineage(client.get(strategy(DIGITAL).url).content.decode())

    dropped = dict(shown[review.title]["dropped"])
    assert dropped["Interaktion und Partizipation"] == ["Öffentliches Vorhaben"]


@pytest.mark.django_db
def test_the_section_costs_no_query_per_focus_area(client):
    page = strategy(DIGITAL)
    url = page.url

    def queries():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    review = strategy("e-government-strategie-luzern-ueberpruefung-2020")
    for number in range(5):
        review.focus_areas.create(title=f"Zusätzlicher Schwerpunkt {number}", locale=review.locale)
    review.save_revision().publish()
    page.focus_areas.create(title="Neu dazu", locale=page.locale)
    page.save_revision().publish()
    html = client.get(url).content.decode()
    assert "Zusätzlicher Schwerpunkt 4" in html and "Neu dazu" in html
    assert queries() == before


# The API field


@pytest.mark.django_db
def test_api_lineage_field_names_the_areas_and_the_predecessor(client, validate):  # noqa: F811
    page = strategy(DIGITAL)
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    validate(data, "strategy_StrategyPage")
    review = strategy("e-government-strategie-luzern-ueberpruefung-2020")
    change = next(c for c in data["lineage"] if c["predecessor"]["id"] == review.pk)
    assert change["predecessor"]["url"].endswith(review.url)
    old = review.focus_areas.get(slug="vertrauen-und-wissen")
    new = page.focus_areas.get(slug="transparenz-vertrauen-sicherheit")
    [carried] = change["carried"]
    assert (carried["id"], carried["title"]) == (new.pk, new.title)
    assert carried["continues"] == {"id": old.pk, "title": old.title}
    assert carried["renamed"] is True
    assert [a["id"] for a in change["added"]] == [
        a.pk for a in page.focus_areas.all() if a.pk != new.pk
    ]
    assert [a["id"] for a in change["dropped"]] == [
        a.pk for a in review.focus_areas.all() if a.pk != old.pk
    ]
    assert {p["title"] for p in carried["projects"]} == {
        p.title for p in new.projects.live().public()
    }
    assert len(data["lineage"]) == 3
    assert (
        client.get(f"/api/v2/pages/{strategy('e-government-strategie-luzern-2010').pk}/").json()[
            "lineage"
        ]
        == []
    )


# The editor's link


@pytest.mark.django_db
def test_the_link_must_name_a_focus_area_of_a_replaced_document():
    page = strategy(DIGITAL)
    area = page.focus_areas.get(slug="chancengerechtigkeit")
    unrelated = strategy("e-government-strategie-luzern-ueberpruefung-2016")
    area.continues = unrelated.focus_areas.first()
    with pytest.raises(ValidationError) as error:
        area.full_clean()
    assert "continues" in error.value.message_dict
    area.continues = strategy("e-government-strategie-luzern-2010").focus_areas.first()
    area.full_clean()


# The pure comparison


def area(key, title):
    return SimpleNamespace(pk=key, translation_key=key, title=title)


def project(pk, title):
    return SimpleNamespace(pk=pk, title=title)


def summary(result):
    return {
        "carried": [(e.previous.translation_key, e.area.translation_key) for e in result.carried],
        "added": [e.area.translation_key for e in result.added],
        "dropped": [e.area.translation_key for e in result.dropped],
    }


OLD = [area("a", "Basisdienste"), area("b", "Vertrauen und Wissen"), area("c", "Portal")]


def test_an_explicit_link_carries_an_area_over_under_a_new_title():
    new = [area("x", "Sicherheit und Vertrauen"), area("y", "Chancengerechtigkeit")]
    projects = {"b": [project(1, "Zeta"), project(2, "Alpha")], "x": [project(2, "Alpha")]}
    result = lineage.compare_focus_areas("old", OLD, new, projects, {"x": "b"})
    assert summary(result) == {"carried": [("b", "x")], "added": ["y"], "dropped": ["a", "c"]}
    [carried] = result.carried
    assert carried.renamed
    assert [p.title for p in carried.projects] == ["Alpha", "Zeta"]  # both areas', once each
    assert result.predecessor == "old"


def test_a_shared_translation_key_carries_an_area_over():
    new = [area("c", "Portal"), area("a", "  basisdienste ")]
    result = lineage.compare_focus_areas("old", OLD, new, {}, {})
    assert summary(result) == {"carried": [("c", "c"), ("a", "a")], "added": [], "dropped": ["b"]}
    assert not any(entry.renamed for entry in result.carried)  # case and spacing ignored


def test_a_translation_key_match_with_a_new_title_is_a_rename():
    result = lineage.compare_focus_areas("old", OLD, [area("c", "Onlineschalter")], {}, {})
    assert result.carried[0].renamed


def test_the_explicit_link_wins_and_each_area_carries_over_once():
    new = [area("a", "Neu A"), area("z", "Auch Portal")]
    result = lineage.compare_focus_areas("old", OLD, new, {}, {"a": "c", "z": "c"})
    # a links to c explicitly (so a does not also take a); z's link to c is already used
    assert summary(result) == {"carried": [("c", "a")], "added": ["z"], "dropped": ["a", "b"]}


def test_titles_alone_do_not_match():
    result = lineage.compare_focus_areas("old", OLD, [area("q", "Portal")], {}, {})
    assert summary(result) == {"carried": [], "added": ["q"], "dropped": ["a", "b", "c"]}


def test_links_to_areas_of_another_document_are_ignored():
    result = lineage.compare_focus_areas("old", OLD, [area("x", "X")], {}, {"x": "elsewhere"})
    assert summary(result) == {"carried": [], "added": ["x"], "dropped": ["a", "b", "c"]}


def test_added_and_dropped_areas_keep_their_projects():
    projects = {"a": [project(1, "Basis")], "x": [project(2, "Neu")]}
    result = lineage.compare_focus_areas("old", OLD[:1], [area("x", "X")], projects, {})
    assert [p.title for p in result.added[0].projects] == ["Neu"]
    assert [p.title for p in result.dropped[0].projects] == ["Basis"]
