"""The editors' report: per page and language the votes, the share of "Nein" and the
latest comments; only for users with the permission; exportable as formula-safe CSV."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from home.models import HelpfulnessVote, HomePage

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/reports/hilfreich/"


def vote(page, helpful, comment="", language="de", days_ago=0):
    return HelpfulnessVote.objects.create(
        page=page,
        language=language,
        helpful=helpful,
        comment=comment,
        created_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


@pytest.fixture
def some_votes(news_page, project_page):
    french_home = HomePage.objects.get(locale__language_code="fr")
    for helpful in (True, False, False, False):
        vote(news_page, helpful)
    vote(news_page, False, "Die Frist fehlt.", days_ago=2)
    vote(news_page, False, '<img src=x onerror="alert(1)">', days_ago=1)
    vote(news_page, True, "Alt", days_ago=5)
    vote(news_page, True, "Ganz alt", days_ago=9)
    vote(project_page, True, '=HYPERLINK("https://evil.example")')
    vote(french_home, False, "Pas clair", language="fr")
    return news_page, project_page, french_home


def user_in(django_user_model, name, *groups):
    user = django_user_model.objects.create_user(name, password="x" * 16)
    user.groups.add(*groups)
    return user


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(user_in(django_user_model, "redaktion", Group.objects.get(name="Redaktion")))
    return client


def rows_of(html):
    table = html[html.index('<table class="listing helpfulness-report">') :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    return body.split("<tr>")[1:]


def test_editors_see_votes_and_share_of_no_per_page_and_language(editor, some_votes):
    news_page, project_page, french_home = some_votes
    response = editor.get(REPORT_URL)
    assert response.status_code == 200
    html = response.content.decode()
    rows = rows_of(html)
    assert len(rows) == 3
    news = rows[0]  # the most "Nein" first
    assert news_page.title in news
    assert "<td>8</td>" in news  # votes
    assert "62 % (5)" in news  # 5 of 8 said "Nein"
    # The three latest comments, newest first; the oldest is left out.
    assert news.index("onerror") < news.index("Die Frist") < news.index(": Alt")
    assert "Ganz alt" not in news
    # HTML in comments is shown as text.
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=" in html
    french = [row for row in rows if french_home.title in row]
    assert len(french) == 1 and "<td>fr</td>" in french[0] and "100 % (1)" in french[0]
    assert any(project_page.title in row and "0 % (0)" in row for row in rows)


def test_the_report_filters_by_language(editor, some_votes):
    rows = rows_of(editor.get(REPORT_URL + "?language=fr").content.decode())
    assert len(rows) == 1 and "Pas clair" in rows[0]


def test_csv_export_is_formula_safe(editor, some_votes):
    response = editor.get(REPORT_URL + "?export=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    table = list(csv.DictReader(io.StringIO(text)))
    assert len(table) == 3
    assert set(table[0]) >= {"Seite", "Sprache", "Rückmeldungen", "Anteil «Nein» in Prozent"}
    news = table[0]
    assert (news["Rückmeldungen"], news["Davon «Nein»"], news["Anteil «Nein» in Prozent"]) == (
        "8",
        "5",
        "62",
    )
    project = next(row for row in table if row["Rückmeldungen"] == "1" and row["Sprache"] == "de")
    assert project["Neueste Kommentare"].startswith("'=HYPERLINK")


def test_users_without_the_permission_see_neither_report_nor_comments(
    client, django_user_model, some_votes
):
    group = Group.objects.create(name="Nur Admin")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user_in(django_user_model, "ohne", group))
    for url in (REPORT_URL, REPORT_URL + "?export=csv", REPORT_URL + "results/"):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert b"Die Frist fehlt" not in response.content
    assert "hilfreich" not in client.get("/admin/").content.decode()
    client.logout()
    assert client.get(REPORT_URL).status_code == 302  # to the login


def test_editors_find_the_report_in_the_reports_menu(editor):
    assert REPORT_URL in editor.get("/admin/").content.decode()
    assert (
        Permission.objects.get(codename="view_helpfulnessvote")
        .group_set.filter(name="Freigabe")
        .exists()
    )
