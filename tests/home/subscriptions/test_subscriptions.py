"""E-mail alerts (issue 17): double opt-in, a notice per significant change in the
language subscribed from, one-click unsubscribe, digests, and nothing sent twice."""

import datetime

import pytest
from django.core.mail import EmailMessage
from django.utils import timezone
from post_office.models import STATUS, Email
from wagtail.models import Locale

from home.models import Notice, Subscriber, Subscription
from strategy.models import ProjectPage
from tests.editing import publish, publish_significant
from tests.home.subscriptions.helpers import (
    confirm_link,
    html_of,
    links,
    publish_translation,
    run_command,
    subscribe,
    subscribe_and_confirm,
    text_of,
)
from tests.mail import deliver_mail, free_port, start_smtp, use_smtp

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    return ProjectPage.objects.get(locale__language_code="de", slug="eumzug-luzern")


@pytest.fixture
def french_project(project):
    return project.get_translation(Locale.objects.get(language_code="fr")).specific


def test_a_significant_french_publication_sends_one_french_mail(
    client, smtp_server, project, french_project
):
    html = client.get(french_project.url).content.decode()
    assert 'action="/fr/abonnements/"' in html
    response = subscribe(client, french_project, "Claire.Dupont@Example.CH")
    assert response.status_code == 303 and response["Location"] == "/fr/abonnements/angefordert/"
    deliver_mail()
    (confirmation,) = smtp_server.messages
    assert confirmation["Content-Language"] == "fr"
    assert confirmation["Subject"] == "Veuillez confirmer votre abonnement"
    assert confirmation["To"] == "claire.dupont@example.ch"
    assert french_project.title in text_of(confirmation)
    assert client.get(confirm_link(confirmation)).status_code == 200  # a button, not yet
    assert not Subscription.objects.get().confirmed_at
    assert client.post(confirm_link(confirmation)).status_code == 303
    assert Subscription.objects.get().confirmed_at

    publish_significant(project, "Neuer Zeitplan für die Einführung")
    run_command()
    assert len(smtp_server.messages) == 1  # German: no French mail yet
    publish_translation(
        project,
        "fr",
        {"Neuer Zeitplan für die Einführung": "Nouveau calendrier pour l’introduction"},
    )
    run_command()
    run_command()  # again: nothing twice
    assert len(smtp_server.messages) == 2
    notice = smtp_server.messages[-1]
    assert notice["Content-Language"] == "fr"
    assert notice["Subject"] == f"Modifié : {french_project.title}"
    assert "Nouveau calendrier pour l’introduction" in text_of(notice)
    assert "Nouveau calendrier pour l’introduction" in html_of(notice)
    assert "Neuer Zeitplan" not in text_of(notice)

    manage, unsubscribe = [link for link in links(notice) if "/bestaetigen/" not in link]
    assert manage.startswith("/fr/abonnements/verwalten/")
    assert french_project.title in client.get(manage).content.decode()
    assert notice["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert notice["List-Unsubscribe"].endswith(f"{unsubscribe}>")
    # RFC 8058: the mail program posts, without cookies or CSRF token.
    one_click = client.post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200
    assert not Subscription.objects.exists() and not Subscriber.objects.exists()


def test_a_minor_correction_sends_nothing(client, smtp_server, project):
    subscribe_and_confirm(client, smtp_server, project, "anna@example.ch")
    publish(project, title=f"{project.title} (Tippfehler)")
    run_command()
    assert len(smtp_server.messages) == 1  # the confirmation only
    assert not Notice.objects.exists()


def test_one_mail_lists_each_change_once_across_subscriptions(
    client, smtp_server, project, home_page
):
    """A change that matches several subscriptions of one person is one entry of one mail."""
    commune = project.participating_communes.order_by("name").first()
    index = project.get_parent().specific
    subscribe_and_confirm(client, smtp_server, project, "anna@example.ch")
    subscribe_and_confirm(
        client, smtp_server, index, "anna@example.ch", query=f"commune={commune.bfs_number}"
    )
    publish_significant(project, "Pilotgemeinden gewählt")
    run_command()
    notice = smtp_server.messages[-1]
    assert len(smtp_server.messages) == 3
    assert text_of(notice).count("Pilotgemeinden gewählt") == 1
    assert commune.name in text_of(notice)  # the subscriptions are named in the footer


def test_the_weekly_digest_gathers_several_changes_in_one_mail(client, smtp_server, project):
    other = ProjectPage.objects.get(locale__language_code="de", slug="einwohnerportal-my-lu-ch")
    index = project.get_parent().specific
    subscribe_and_confirm(client, smtp_server, index, "anna@example.ch", frequency="weekly")
    publish_significant(project, "Erste Änderung der Woche")
    publish_significant(other, "Zweite Änderung der Woche")
    run_command()
    assert len(smtp_server.messages) == 1  # not immediately
    run_command("--weekly")
    run_command("--weekly")
    assert len(smtp_server.messages) == 2
    digest = text_of(smtp_server.messages[-1])
    assert digest.index("Zweite Änderung") < digest.index("Erste Änderung")  # newest first
    assert "Wochenübersicht" in smtp_server.messages[-1]["Subject"]


def test_a_failing_mail_server_in_the_middle_loses_nothing_and_repeats_nothing(
    client, settings, project
):
    """Three subscribers; the server refuses the second notice; running the command and
    the outbox again delivers it, and nobody gets a mail twice."""
    controller, inbox = start_smtp(free_port())
    use_smtp(settings, controller.port)
    try:
        for name in ("anna", "beat", "carla"):
            subscribe_and_confirm(client, inbox, project, f"{name}@example.ch")
        publish_significant(project, "Betrieb gestartet")
        refused = []

        async def refuse_beat(server, session, envelope):
            if "beat@" in envelope.rcpt_tos[0] and not refused:
                refused.append(envelope)
                return "451 Temporarily unavailable"
            return await type(inbox).handle_DATA(inbox, server, session, envelope)

        inbox.handle_DATA = refuse_beat
        run_command()
        assert len(refused) == 1
        assert Email.objects.filter(status=STATUS.requeued).count() == 1
        Email.objects.update(scheduled_time=timezone.now())  # the retry interval is over
        run_command()
        run_command()
    finally:
        controller.stop()
    notices = [m["To"] for m in inbox.messages if "Betrieb gestartet" in text_of(m)]
    assert sorted(notices) == ["anna@example.ch", "beat@example.ch", "carla@example.ch"]


@pytest.mark.django_db
def test_mails_leave_the_outbox_in_the_order_they_were_queued(smtp_server):
    """A confirmation before the notice that follows it: mails of the same priority are
    sent first in, first out, also when some of them were changed in between (PostgreSQL
    returns rows of equal sort keys in the order it finds them)."""
    subjects = [f"Mitteilung {number}" for number in range(12)]
    for subject in subjects:
        EmailMessage(subject, "Guten Tag", to=["anna@example.ch"]).send()
    Email.objects.filter(subject__in=subjects[:6]).update(scheduled_time=timezone.now())
    deliver_mail()
    assert [message["Subject"] for message in smtp_server.messages] == subjects


def test_unconfirmed_subscriptions_are_deleted_after_seven_days(client, smtp_server, project):
    subscribe(client, project, "late@example.ch")
    subscribe_and_confirm(client, smtp_server, project, "early@example.ch")
    Subscription.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    run_command()
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["early@example.ch"]
    expired = confirm_link(smtp_server.messages[0])
    response = client.post(expired)
    assert response.status_code == 400
    assert "ungültig oder abgelaufen" in response.content.decode()


def test_an_expired_confirmation_link_is_refused(client, smtp_server, project, settings):
    subscribe(client, project, "anna@example.ch")
    deliver_mail()
    settings.SUBSCRIPTION_CONFIRM_DAYS = 0
    response = client.post(confirm_link(smtp_server.messages[0]))
    assert response.status_code == 400
    assert not Subscription.objects.get().confirmed_at


def test_new_and_existing_addresses_get_the_same_answer(client, smtp_server, project):
    subscribe_and_confirm(client, smtp_server, project, "known@example.ch")
    known = subscribe(client, project, "known@example.ch")
    new = subscribe(client, project, "new@example.ch")
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    page = client.get(new["Location"])
    assert page.status_code == 200 and "known@" not in page.content.decode()
    deliver_mail()
    exists, confirm = smtp_server.messages[-2:]
    assert (exists["To"], confirm["To"]) == ("known@example.ch", "new@example.ch")
    assert any("/verwalten/" in link for link in links(exists))  # only the owner reads it


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"email": "keine-adresse"}, "gültige E-Mail-Adresse"),
        ({"email": "a" * 10_000 + "@example.ch"}, "zu lang"),
        ({"email": ""}, "Bitte geben Sie Ihre E-Mail-Adresse ein"),
        ({"frequency": "hourly"}, "wie oft"),
        ({"page": "999999"}, "Dieses Abonnement gibt es nicht"),
        ({"page": "kein-seitenname"}, "Dieses Abonnement gibt es nicht"),
        ({"query": "commune=1"}, "Dieses Abonnement gibt es nicht"),
        ({"query": "status=vielleicht"}, "Dieses Abonnement gibt es nicht"),
    ],
)
def test_bad_input_gets_a_clear_answer(client, project, changes, message):
    index = project.get_parent().specific
    page = index if "query" in changes else project
    data = {"page": page.pk, "query": "", "email": "anna@example.ch", "frequency": "weekly"}
    response = client.post("/de/abonnements/", {**data, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("view", ["bestaetigen", "verwalten", "abmelden"])
def test_tampered_links_get_a_clear_answer(client, view):
    for token in ("x", "eyJhIjoxfQ:1abc:forged", "a" * 5000):
        for method in (client.get, client.post):
            response = method(f"/de/abonnements/{view}/{token}/")
            assert response.status_code == 400
            assert "ungültig oder abgelaufen" in response.content.decode()


def test_a_draft_or_private_page_offers_nothing(client, project):
    project.unpublish()
    response = subscribe(client, project, "anna@example.ch")
    assert response.status_code == 400


def test_subscribing_is_rate_limited_per_client_and_per_address(
    client, smtp_server, project, settings
):
    settings.SUBSCRIBE_RATE_LIMIT = "3/10m"
    settings.SUBSCRIBE_ADDRESS_RATE_LIMIT = "1/1h"
    for _attempt in range(3):
        assert subscribe(client, project, "target@example.ch").status_code == 303
    deliver_mail()
    assert len(smtp_server.messages) == 1  # one mail to the address, whatever was asked
    response = subscribe(client, project, "other@example.ch")
    assert response.status_code == 429
    assert "Minuten" in response.content.decode()


def test_the_hidden_field_filled_stores_nothing(client, project):
    data = {"page": project.pk, "email": "bot@example.ch", "frequency": "weekly", "homepage": "x"}
    assert client.post("/de/abonnements/", data).status_code == 303
    assert not Subscriber.objects.exists()


def test_the_manage_page_changes_and_ends_subscriptions(client, smtp_server, project):
    subscribe_and_confirm(client, smtp_server, project, "anna@example.ch")
    subscribe_and_confirm(client, smtp_server, project.get_parent(), "anna@example.ch")
    manage = client.post(confirm_link(smtp_server.messages[-1]))["Location"]
    html = client.get(manage).content.decode()
    assert "Ihr Abonnement ist bestätigt" in html and "anna@example.ch" in html
    project_subscription = Subscription.objects.get(kind="project")
    response = client.post(
        manage,
        {"subscription": project_subscription.pk, "frequency": "weekly", "action": "frequency"},
    )
    assert response.status_code == 303
    project_subscription.refresh_from_db()
    assert project_subscription.frequency == "weekly"
    client.post(
        manage, {"subscription": project_subscription.pk, "frequency": "weekly", "action": "delete"}
    )
    assert list(Subscription.objects.values_list("kind", flat=True)) == ["catalogue"]
    # Someone else's subscription cannot be changed through this link.
    other = Subscription.objects.create(
        subscriber=Subscriber.objects.create(email="beat@example.ch"),
        language="de",
        kind="news",
        label="Alle News",
        url="/de/",
    )
    response = client.post(
        manage, {"subscription": other.pk, "frequency": "weekly", "action": "delete"}
    )
    assert response.status_code == 400 and Subscription.objects.filter(pk=other.pk).exists()
    client.post(manage, {"action": "delete_all"})
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["beat@example.ch"]
    assert client.get(manage).status_code == 400  # the address is gone
