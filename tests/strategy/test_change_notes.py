"""Change notes on project and strategy pages (issue 17; the rules: tests/news)."""

import pytest
from django.core.exceptions import ValidationError

from home.models import ChangeKind
from home.models.change_notes import to_milliseconds
from tests.editing import publish
from tests.strategy.factories import (
    make_project,
    make_project_index,
    make_strategy,
    make_strategy_index,
)


@pytest.fixture(params=["project", "strategy"])
def draft(request, home_page):
    if request.param == "project":
        return make_project(make_project_index(home_page), "Neues Portal", live=False)
    return make_strategy(make_strategy_index(home_page), "Strategie 2030", live=False)


def test_significant_changes_are_listed_and_minor_ones_are_not(client, draft):
    first = publish(draft)
    assert len(first.change_note_list()) == 1
    minor = publish(first, title=f"{first.title} (korrigiert)")
    assert minor.last_significant_change == first.last_significant_change
    with pytest.raises(ValidationError):
        publish(minor, change_kind=ChangeKind.SIGNIFICANT)
    page = publish(minor, change_kind=ChangeKind.SIGNIFICANT, change_note="Zeitplan angepasst")
    assert [str(n.text) for n in page.change_note_list()] == [
        "Zeitplan angepasst",
        "Erstveröffentlichung",
    ]
    assert page.last_significant_change == to_milliseconds(page.last_published_at)
    html = client.get(page.url).content.decode()
    assert html.index("Zeitplan angepasst") < html.index("Erstveröffentlichung")
    assert "Zuletzt aktualisiert" in html
