"""The API's change notes (issue 17): `change_notes` and `last_significant_change`."""

import pytest
from django.utils import timezone

from home.models import ChangeKind
from news.models import NewsPage
from strategy.models import ProjectPage, StrategyPage
from tests.news.factories import make_news, make_news_index

CHANGE_NOTE_TYPES = [NewsPage, ProjectPage, StrategyPage]


@pytest.mark.parametrize("model", CHANGE_NOTE_TYPES, ids=lambda m: m._meta.label)
def test_change_note_fields_are_documented(api_description, model):
    schema = api_description["components"]["schemas"][model._meta.label.replace(".", "_")]
    properties = schema["allOf"][-1]["properties"] if "allOf" in schema else schema["properties"]
    assert properties["change_notes"]["type"] == "array"
    assert set(properties["change_notes"]["items"]["properties"]) == {"date", "note"}
    assert properties["last_significant_change"]["format"] == "date-time"


def test_change_notes_in_the_page_detail(api, validate, home_page):
    draft = make_news(make_news_index(home_page), "Neue Vernehmlassung", live=False)
    draft.save_revision().publish()
    page = NewsPage.objects.get(pk=draft.pk).get_latest_revision_as_object()
    page.change_kind = ChangeKind.SIGNIFICANT
    page.change_note = "Frist verlängert"
    page.save_revision().publish()
    page = NewsPage.objects.get(pk=page.pk)

    data = api(f"/api/v2/pages/{page.pk}/")
    validate(data, "news_NewsPage")
    assert [note["note"] for note in data["change_notes"]] == [
        "Frist verlängert",
        "Erstveröffentlichung",
    ]
    assert (
        data["change_notes"][0]["date"]
        == timezone.localdate(page.last_significant_change).isoformat()
    )
    assert data["last_significant_change"] is not None
    listing = api(f"/api/v2/pages/?type=news.NewsPage&fields=change_notes&id={page.pk}")
    assert listing["items"][0]["change_notes"] == data["change_notes"]
