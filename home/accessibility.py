"""The site's own accessibility checks as facts: what the browser tests (tests/browser/)
run, and the record of their last complete run. The accessibility statement
(home/models/accessibility.py) shows these facts; the browser tests import the axe tags
from here and write the record, so the page never claims more than was checked."""

import datetime
import functools
import json
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_lazy as _

# The axe-core rule tags every axe check of the browser tests runs: WCAG 2.0 and 2.1,
# levels A and AA (eCH-0059 v3 builds on WCAG 2.1 AA).
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

# The paths through the site the browser tests walk with the keyboard alone: the name of
# each test (in tests/browser/) and what it covers, as the statement lists it.
KEYBOARD_PATHS = {
    "test_skip_link_moves_focus_to_the_main_content": _("Sprunglink «Zum Inhalt springen»"),
    "test_focus_is_visible_at_every_tab_stop": _(
        "Sichtbarer Fokus an jedem Halt im Projektkatalog und im Feedback-Formular"
    ),
    "test_main_navigation_works_with_the_keyboard": _("Hauptnavigation"),
    "test_search_suggestions_work_with_the_keyboard": _("Suche mit Vorschlägen"),
    "test_catalogue_filters_work_with_the_keyboard": _("Filter im Projektkatalog"),
    "test_feedback_form_works_with_the_keyboard": _("Formular «Ideen und Feedback»"),
    "test_the_status_page_stops_its_mails_with_the_keyboard": _("Statusseite einer Rückmeldung"),
    "test_the_ideas_filter_and_the_project_link_work_with_the_keyboard": _(
        "Filter in «Ideen und Antworten»"
    ),
    "test_subscribing_works_with_the_keyboard": _("E-Mail-Benachrichtigungen abonnieren"),
    "test_the_management_page_works_with_the_keyboard": _("Benachrichtigungen verwalten"),
    "test_with_javascript_the_keyboard_vote_needs_no_reload": _(
        "Frage «War diese Seite hilfreich?»"
    ),
}

# Written by the browser tests after a complete run of the axe checks without failures.
RECORD_PATH = Path(__file__).resolve().parent / "data" / "accessibility_checks.json"


@dataclass(frozen=True)
class CheckRecord:
    """The last complete, passing run of the axe checks."""

    checked_on: datetime.date
    axe_version: str
    page_states: int  # (page state, language) pairs axe checked
    languages: tuple


def write_record(checked_on, axe_version, page_states, languages, path=RECORD_PATH):
    record = {
        "checked_on": checked_on.isoformat(),
        "axe_version": axe_version,
        "axe_tags": list(AXE_TAGS),
        "page_states": page_states,
        "languages": list(languages),
    }
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


@functools.cache
def last_check(path=RECORD_PATH):
    """The record (read once per process: it changes with a deployment), or None when it
    is missing or unreadable: the statement then says that no check is recorded."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return CheckRecord(
            checked_on=datetime.date.fromisoformat(data["checked_on"]),
            axe_version=str(data["axe_version"]),
            page_states=int(data["page_states"]),
            languages=tuple(data["languages"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
