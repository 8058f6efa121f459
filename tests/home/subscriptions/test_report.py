"""The report "Abonnements" in the admin: counts per target and language, exportable."""

import csv
import io

import pytest
from django.utils import timezone

from home.models import Subscriber, Subscription

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/abonnements/"


def add_subscriptions(email, *targets):
    """Subscriptions as the public forms store them: (kind, key, label, language,
    frequency, confirmed)."""
    subscriber, _ = Subscriber.objects.get_or_create(email=email)
    for kind, key, label, language, frequency, confirmed in targets:
        Subscription.objects.create(
            subscriber=subscriber,
            kind=kind,
            key=key,
            label=label,
            url=f"/{language}/{key}/",
            language=language,
            frequency=frequency,
            confirmed_at=timezone.now() if confirmed else None,
        )


@pytest.fixture
def subscriptions():
    portal = ("project", "k-portal", "Einwohnerportal", "de")
    add_subscriptions("a@example.ch", (*portal, "immediately", True))
    add_subscriptions("b@example.ch", (*portal, "weekly", True))
    add_subscriptions("c@example.ch", (*portal, "immediately", False))
    add_subscriptions(
        "d@example.ch",
        ("project", "k-portal", "Portail des habitants", "fr", "immediately", True),
        ("news", "", "Toutes les actualités", "fr", "weekly", True),
    )


def export(client, query=""):
    response = client.get(f"{REPORT_URL}?export=csv{query}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="abonnements.csv"'
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_the_report_counts_per_target_and_language(editor, subscriptions):
    html = editor.get(REPORT_URL).content.decode()
    assert "Einwohnerportal" in html and "Portail des habitants" in html
    assert "@example.ch" not in html
    heading, *rows = export(editor)
    assert heading == [
        "Art",
        "Bezeichnung",
        "Sprache",
        "Bestätigt",
        "Unbestätigt",
        "Sofort bei jeder Änderung",
        "Wöchentliche Zusammenfassung",
    ]
    assert rows == [
        ["Alle News", "Toutes les actualités", "Französisch", "1", "0", "0", "1"],
        ["Projekt", "Einwohnerportal", "Deutsch", "2", "1", "1", "1"],
        ["Projekt", "Portail des habitants", "Französisch", "1", "0", "1", "0"],
    ]


def test_the_report_filters_by_language_and_kind(editor, subscriptions):
    _, *french = export(editor, "&language=fr")
    assert [row[1] for row in french] == ["Toutes les actualités", "Portail des habitants"]
    _, *projects = export(editor, "&language=fr&kind=project")
    assert [row[1] for row in projects] == ["Portail des habitants"]
    html = editor.get(f"{REPORT_URL}?language=fr&kind=project").content.decode()
    assert "Portail des habitants" in html and "Einwohnerportal" not in html
    # The filter form refreshes the results alone.
    results = editor.get(f"{REPORT_URL}ergebnisse/?language=fr").content.decode()
    assert "Portail des habitants" in results and "Einwohnerportal" not in results
    # A filter value that does not exist is ignored, not an error.
    assert editor.get(f"{REPORT_URL}?language=xx&kind=%00").status_code == 200


def test_the_csv_export_never_holds_a_formula(editor):
    add_subscriptions(
        "e@example.ch",
        ("catalogue", "q=1", '=HYPERLINK("https://evil.example")', "de", "weekly", True),
    )
    _, row = export(editor)
    assert row[1] == '\'=HYPERLINK("https://evil.example")'


def test_the_report_is_in_the_reports_menu(editor, feedback_team):
    editor_menu = editor.get("/admin/").content.decode()
    assert f'"{REPORT_URL}"' in editor_menu
    assert f'"{REPORT_URL}personen/"' not in editor_menu
    team_menu = feedback_team.get("/admin/").content.decode()
    assert f'"{REPORT_URL}"' in team_menu and f'"{REPORT_URL}personen/"' in team_menu
