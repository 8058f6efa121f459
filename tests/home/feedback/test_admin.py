"""Handling submissions in the admin: only the "Feedback" group (and admins) see them."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import GroupPagePermission

from home.models import Commune, Feedback
from strategy.models import ProjectPage
from tests.mail import deliver_mail

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/home/feedback/"


def make_feedback(commune, number, **fields):
    values = {
        "category": "idea",
        "subject": f"Idee Nummer {number}",
        "message": "Eine Nachricht",
        "name": "Anna Muster",
        "email": "anna@example.ch",
        "consent": True,
        **fields,
    }
    feedback = Feedback.objects.create(
        commune=commune, submission_token=f"token-{number:040d}", **values
    )
    feedback.assign_reference()
    return feedback


@pytest.fixture
def submission(wikon):
    return make_feedback(wikon, 1)


def make_user(django_user_model, username, *groups):
    user = django_user_model.objects.create_user(username, password="x" * 16)
    user.groups.add(*groups)
    return user


@pytest.fixture
def feedback_team(client, django_user_model):
    client.force_login(make_user(django_user_model, "team", Group.objects.get(name="Feedback")))
    return client


@pytest.fixture
def page_editor(client, django_user_model, home_page):
    editors = Group.objects.create(name="Seitenredaktion")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=editors, page=home_page, permission=Permission.objects.get(codename=codename)
        )
    client.force_login(make_user(django_user_model, "editor", editors))
    return client


@pytest.fixture
def superuser(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", password="x" * 16))
    return client


def test_feedback_group_may_view_and_change_submissions_and_enter_the_admin():
    codenames = set(
        Group.objects.get(name="Feedback").permissions.values_list("codename", flat=True)
    )
    # (and the addresses of e-mail subscriptions: home/subscriptions/privacy.py)
    assert codenames == {
        "view_feedback",
        "change_feedback",
        "access_admin",
        "view_subscriber",
        "delete_subscriber",
    }


def test_feedback_group_lists_inspects_and_changes_status_but_not_the_submission(
    feedback_team, submission
):
    listing = feedback_team.get(LIST_URL)
    assert listing.status_code == 200
    assert submission.reference in listing.content.decode()
    inspect = feedback_team.get(f"{LIST_URL}inspect/{submission.pk}/")
    assert inspect.status_code == 200 and "Eine Nachricht" in inspect.content.decode()
    edit_url = f"{LIST_URL}edit/{submission.pk}/"
    assert feedback_team.get(edit_url).status_code == 200
    response = feedback_team.post(
        edit_url,
        {"status": "in_review", "internal_notes": "Rückruf am Montag", "subject": "Geändert"},
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "in_review" and submission.internal_notes == "Rückruf am Montag"
    assert submission.subject == "Idee Nummer 1"  # the submission itself is read-only


def test_feedback_group_cannot_add_or_delete(feedback_team, submission):
    assert feedback_team.get(f"{LIST_URL}new/").status_code in (302, 403)
    feedback_team.post(f"{LIST_URL}delete/{submission.pk}/")
    assert Feedback.objects.filter(pk=submission.pk).exists()


def test_page_editor_sees_no_submissions_and_no_menu_item(page_editor, submission):
    for url in (
        LIST_URL,
        f"{LIST_URL}inspect/{submission.pk}/",
        f"{LIST_URL}edit/{submission.pk}/",
        f"{LIST_URL}?export=csv",
    ):
        response = page_editor.get(url)
        assert response.status_code in (302, 403), url
        assert submission.reference.encode() not in response.content
    dashboard = page_editor.get("/admin/").content.decode()
    assert LIST_URL not in dashboard
    assert submission.reference not in dashboard


def test_superuser_sees_the_menu_item_and_the_new_ones_on_the_dashboard(superuser, wikon):
    new = make_feedback(wikon, 7)
    done = make_feedback(wikon, 8, status="closed")
    dashboard = superuser.get("/admin/").content.decode()
    assert LIST_URL in dashboard and "Neue Ideen und Rückmeldungen" in dashboard
    assert new.reference in dashboard and done.reference not in dashboard
    assert superuser.get(f"{LIST_URL}new/").status_code in (302, 403)  # only the form adds


def test_dashboard_panel_for_the_feedback_group(feedback_team, submission):
    dashboard = feedback_team.get("/admin/").content.decode()
    assert "Neue Ideen und Rückmeldungen" in dashboard and submission.reference in dashboard


def test_list_filters_by_status_category_commune_and_date_and_searches(feedback_team, wikon):
    luzern = Commune.objects.get(name="Luzern")
    idea = make_feedback(wikon, 1)
    question = make_feedback(luzern, 2, category="question", status="answered")
    old = make_feedback(
        luzern,
        3,
        subject="Alte Frage zur Zügelmeldung",
        created_at=timezone.now().replace(year=2020),
    )

    def listed(query):
        html = feedback_team.get(f"{LIST_URL}?{query}").content.decode()
        return {f.reference for f in (idea, question, old) if f.reference in html}

    assert listed("status=answered") == {question.reference}
    assert listed("category=question") == {question.reference}
    assert listed(f"commune={luzern.pk}") == {question.reference, old.reference}
    today = timezone.localdate()
    after = (today - datetime.timedelta(days=1)).isoformat()
    assert listed(f"created_at_from={after}") == {idea.reference, question.reference}
    assert listed("created_at_to=2021-01-01") == {old.reference}
    assert listed("q=Zügelmeldung") == {old.reference}
    assert listed(f"q={question.reference}") == {question.reference}


def test_export_to_csv_and_xlsx(feedback_team, wikon):
    make_feedback(wikon, 1, subject='=HYPERLINK("http://evil.example")', role="Schreiberin")
    response = feedback_team.get(f"{LIST_URL}?export=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "ideen-und-feedback.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["Art"] == "Idee" and rows[0]["Gemeinde"] == "Wikon"
    assert rows[0]["E-Mail"] == "anna@example.ch"
    assert rows[0]["Betreff"].startswith("'=HYPERLINK")  # not run as a formula

    response = feedback_team.get(f"{LIST_URL}?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, first = list(sheet.values)[:2]
    assert "Referenznummer" in header and "Status" in header
    assert first[header.index("Status")] == "Neu"
    assert first[header.index("Funktion")] == "Schreiberin"


def test_admin_link_in_the_mail_opens_the_submission(feedback_team, submission):
    from home.feedback.notifications import admin_url

    assert admin_url(submission).endswith(
        reverse("wagtailsnippets_home_feedback:edit", args=[submission.pk])
    )
    assert feedback_team.get(admin_url(submission)).status_code == 200


def feedback_admin_urls(submission):
    """Every admin URL of the feedback snippet, by view name: its views and its chooser's
    (issue 16, item 6), with the submission's id where a URL takes one."""
    viewset = Feedback.snippet_viewset
    urls = {}
    for namespaced in (viewset, viewset.chooser_viewset):
        for pattern in namespaced.get_urlpatterns():
            kwargs = {"pk": submission.pk} if "pk" in pattern.pattern.converters else {}
            urls[pattern.name] = reverse(namespaced.get_url_name(pattern.name), kwargs=kwargs)
    urls["chosen_multiple"] += f"?id={submission.pk}"
    urls["export_csv"] = f"{LIST_URL}?export=csv"
    urls["export_xlsx"] = f"{LIST_URL}results/?export=xlsx"
    return urls


@pytest.fixture
def redaktion(client, django_user_model):
    client.force_login(
        make_user(django_user_model, "redaktion", Group.objects.get(name="Redaktion"))
    )
    return client


def test_no_feedback_view_is_reachable_without_the_feedback_permission(redaktion, submission):
    urls = feedback_admin_urls(submission)
    assert urls["choose"] == "/admin/snippets/choose/home/feedback/"
    for name, url in urls.items():
        response = redaktion.get(url)
        assert response.status_code in (302, 403), name
        assert submission.reference.encode() not in response.content, name
        assert b"Idee Nummer" not in response.content, name


def test_the_feedback_group_reaches_every_view_of_its_permission(feedback_team, submission):
    only_from_the_form = {"add", "delete", "create"}
    for name, url in feedback_admin_urls(submission).items():
        response = feedback_team.get(url)
        if name in only_from_the_form:
            assert response.status_code in (302, 403), name
        else:
            assert response.status_code == 200, name
    choose = feedback_team.get("/admin/snippets/choose/home/feedback/")
    assert submission.reference in choose.content.decode()


def test_the_admin_edits_answer_and_page_and_the_mail_follows(feedback_team, submitted):
    """What the submitter sees is edited beside the status; the status mail follows."""
    feedback, _confirmation = submitted
    project = ProjectPage.objects.get(locale__language_code="de", slug="eumzug-luzern")
    response = feedback_team.post(
        f"{LIST_URL}edit/{feedback.pk}/",
        {
            "status": "answered",
            "internal_notes": "",
            "public_answer": "Danke, umgesetzt.",
            "outcome_page": project.pk,
        },
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.public_answer == "Danke, umgesetzt." and feedback.outcome_page_id == project.pk
    (message,) = deliver_mail()
    assert message.subject.endswith("Beantwortet")
