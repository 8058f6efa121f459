"""The search reads what the page types declare (home.models.mixins.SearchType): their
types, dates, facets, downloads and indexed children; it names no page type itself."""

import datetime

from home.models import HomePage, StandardPage
from home.models.mixins import SitePageMixin
from news.models import NewsPage
from search import page_types
from search.signals import child_models
from strategy.models import (
    FocusArea,
    ProjectDocument,
    ProjectPage,
    ProjectStatus,
    StrategyDocument,
    StrategyPage,
)
from tests.news.factories import make_news, make_news_index
from tests.search.factories import make_standard_page


def test_the_type_filter_lists_the_declared_types_then_pages_and_documents(db):
    labels = page_types.type_labels()
    assert list(labels) == ["news", "strategy", "project", "page", "document"]
    assert [str(label) for label in labels.values()] == [
        "News",
        "Strategie",
        "Projekt",
        "Seite",
        "Dokument",
    ]
    assert page_types.search_type(StandardPage) is SitePageMixin.search_type


def test_the_status_facet_is_the_declared_choice_field(db):
    model, declared = page_types.status_type()
    assert (model, declared.key) == (ProjectPage, "project")
    assert page_types.status_choices() == list(ProjectStatus.choices)


def test_the_cluster_schema_is_built_from_the_declarations(db):
    schema = page_types.facet_schema()
    assert schema.types == (
        ("news", NewsPage),
        ("strategy", StrategyPage),
        ("project", ProjectPage),
    )
    assert schema.topics == ((NewsPage, "topics"), (ProjectPage, "topics"))
    assert schema.status == (ProjectPage, "status")
    assert schema.dates[:4] == (
        (NewsPage, "date"),
        (StrategyPage, "adopted_on"),
        (StrategyPage, "valid_from"),
        (ProjectPage, "start_date"),
    )


def test_downloads_and_declared_children_reindex_their_page(db):
    assert child_models() == {FocusArea: "page", StrategyDocument: "page", ProjectDocument: "page"}


def test_a_page_type_declares_its_short_texts_once_for_snippets_and_description(db):
    assert "hero_title" in HomePage.short_text_fields
    assert "hero_title" not in StandardPage.short_text_fields


def test_a_result_shows_the_declared_date(client, home_page):
    index = make_news_index(home_page, slug="typen-test", title="Typen-Test")
    make_news(index, "Kolibris am Futterhaus", date=datetime.date(2021, 5, 4), slug="kolibris")
    response = client.get("/de/suche/", {"q": "Kolibris", "sort": "date"})
    (result,) = response.context["search"].page.object_list
    assert (result.type, result.date) == ("news", datetime.date(2021, 5, 4))


def test_spelling_hints_know_the_words_of_a_page_published_a_moment_ago(client, home_page):
    """The site's words are remembered per content version, not for some minutes."""
    assert client.get("/de/suche/", {"q": "Kolibrischwarn"}).context["search"].suggestion == ""
    make_standard_page(home_page, "Kolibrischwarm im Garten", slug="kolibrischwarm")
    outcome = client.get("/de/suche/", {"q": "Kolibrischwarn"}).context["search"]
    assert (outcome.query, outcome.corrected_from) == ("Kolibrischwarm", "Kolibrischwarn")
    assert outcome.total == 1
