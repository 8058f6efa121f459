"""Roles, the four-eyes workflow, scheduled publishing and automatic redirects."""

import datetime
import time

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision, WorkflowState

from home.models import StandardPage
from news.models import NewsIndexPage, NewsPage
from strategy.models import ProjectPage, StrategyPage
from tests.mail import deliver_mail

pytestmark = pytest.mark.django_db

PAGES = {
    "news": lambda: NewsPage.objects.live().filter(locale__language_code="de").first(),
    "strategy": lambda: StrategyPage.objects.get(
        locale__language_code="de", slug="digitalstrategie-luzern"
    ),
    "project": lambda: ProjectPage.objects.get(locale__language_code="de", slug="eumzug-luzern"),
    "standard": lambda: StandardPage.objects.get(locale__language_code="de", slug="ueber-uns"),
}


def make_user(username, group=None, superuser=False):
    user = User.objects.create_user(
        username, email=f"{username}@example.ch", password="pw", is_superuser=superuser
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def users(db):
    return {
        "redaktion": make_user("redakteurin", "Redaktion"),
        "freigabe": make_user("freigeber", "Freigabe"),
        "feedback": make_user("feedbackteam", "Feedback"),
        "admin": make_user("chefin", superuser=True),
    }


# role → (edit draft, publish, delete, see feedback, change feedback, manage users)
MATRIX = {
    "redaktion": (True, False, False, False, False, False),
    "freigabe": (True, True, True, False, False, False),
    "feedback": (False, False, False, True, True, False),
    "admin": (True, True, True, True, True, True),
}


@pytest.mark.parametrize("page_type", PAGES)
@pytest.mark.parametrize("role", MATRIX)
def test_permission_matrix(users, role, page_type):
    user = users[role]
    page = PAGES[page_type]()
    permissions = page.permissions_for_user(user)
    actual = (
        permissions.can_edit(),
        permissions.can_publish(),
        permissions.can_delete(),
        user.has_perm("home.view_feedback"),
        user.has_perm("home.change_feedback"),
        user.has_perm("auth.change_user") and user.has_perm("auth.add_user"),
    )
    assert actual == MATRIX[role]


@pytest.mark.parametrize(
    ("role", "url", "allowed"),
    [
        ("redaktion", "edit", True),
        ("feedback", "edit", False),
        ("redaktion", "/admin/users/", False),
        ("freigabe", "/admin/users/", False),
        ("admin", "/admin/users/", True),
        ("redaktion", "/admin/images/multiple/add/", True),
        ("redaktion", "/admin/documents/multiple/add/", True),
    ],
)
def test_admin_views_follow_the_roles(client, users, role, url, allowed):
    client.force_login(users[role])
    if url == "edit":
        url = f"/admin/pages/{PAGES['news']().pk}/edit/"
    response = client.get(url)
    assert (response.status_code == 200) is allowed, response.status_code


def _submit(page, user, title):
    page.title = title
    revision = page.save_revision(user=user)
    workflow = page.get_workflow()
    assert workflow.name == "Redaktion → Freigabe"
    return revision, workflow.start(page, user)


def test_workflow_submit_approve_goes_live_and_notifies_moderators(users):
    page = PAGES["news"]()
    mail.outbox.clear()
    _revision, state = _submit(page, users["redaktion"], "Neuer Titel nach Freigabe")
    # Through the site's outbox, like every mail.
    assert any(users["freigabe"].email in message.to for message in deliver_mail())
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, users["freigabe"], "approve", comment="Gut")
    page.refresh_from_db()
    assert page.title == "Neuer Titel nach Freigabe" and page.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_workflow_reject_goes_back_to_the_author_with_a_comment(users):
    page = PAGES["project"]()
    live_title = page.title
    _revision, state = _submit(page, users["redaktion"], "Entwurf mit Fehler")
    task_state = state.current_task_state
    task_state.task.specific.on_action(
        task_state, users["freigabe"], "reject", comment="Bitte Quelle ergänzen"
    )
    state.refresh_from_db()
    task_state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert task_state.comment == "Bitte Quelle ergänzen"
    page.refresh_from_db()
    assert page.title == live_title  # the public still sees the approved version


def test_scheduled_page_appears_after_its_time(client):
    index = NewsIndexPage.objects.get(locale__language_code="de", slug="aktuelles")
    page = NewsPage(title="Geplante Meldung", slug="geplante-meldung", live=False, teaser="x")
    index.add_child(instance=page)
    go_live = timezone.now() + datetime.timedelta(seconds=2)
    page.go_live_at = go_live
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    assert client.get("/de/aktuelles/geplante-meldung/").status_code == 404
    call_command("publish_scheduled")
    assert client.get("/de/aktuelles/geplante-meldung/").status_code == 404
    time.sleep(max(0, (go_live - timezone.now()).total_seconds()) + 0.5)
    call_command("publish_scheduled")
    assert client.get("/de/aktuelles/geplante-meldung/").status_code == 200


def test_renaming_a_page_redirects_its_old_url(client, django_capture_on_commit_callbacks):
    page = StandardPage.objects.get(locale__language_code="de", slug="impressum")
    page.slug = "rechtliches"
    revision = page.save_revision()
    # publish as the admin does: from the stored revision, not the edited object; the
    # redirect is made by a task that runs when the transaction commits
    with django_capture_on_commit_callbacks(execute=True):
        Revision.objects.get(pk=revision.pk).publish()
    response = client.get("/de/impressum/")
    assert response.status_code in (301, 302)
    assert response.headers["Location"].endswith("/de/rechtliches/")


def test_moving_a_page_redirects_its_old_url(client):
    page = StandardPage.objects.get(locale__language_code="de", slug="datenschutz")
    old_url = page.url
    page.move(
        StandardPage.objects.get(locale__language_code="de", slug="ueber-uns"), pos="last-child"
    )
    response = client.get(old_url)
    assert response.status_code in (301, 302)
    assert response.headers["Location"].endswith("/de/ueber-uns/datenschutz/")


def test_dashboard_shows_projects_by_status_and_recent_publications(client, users):
    client.force_login(users["freigabe"])
    html = client.get("/admin/").content.decode()
    assert "Projekte nach Status" in html
    in_operation = ProjectPage.objects.filter(locale__language_code="de", status="in_operation")
    assert f"<td>In Betrieb</td><td>{in_operation.count()}</td>" in html
    assert "Zuletzt veröffentlicht" in html
    # Pages never published through a revision (the root) have no date and are not shown.
    published = Page.objects.live().filter(last_published_at__isnull=False)
    latest = published.order_by("-last_published_at").first()
    assert latest.title in html


def test_dashboard_panels_in_their_order(admin_client):
    html = admin_client.get("/admin/").content.decode()
    # The panels of home and strategy, each placed by its `order`.
    ids = ("new-feedback", "projects-by-status", "recently-published")
    positions = [html.index(f'id="{panel}-section"') for panel in ids]
    assert positions == sorted(positions)


def test_publishing_is_in_the_audit_log(users):
    page = PAGES["standard"]()
    page.save_revision(user=users["freigabe"]).publish(user=users["freigabe"])
    entry = PageLogEntry.objects.filter(page=page, action="wagtail.publish").latest("timestamp")
    assert entry.user == users["freigabe"]
