"""The submitter's status page and status mails (issue 18): a signed link shows one
submission and nothing else; a new status or answer sends exactly one mail in the
submission's language; one click stops them; anonymisation ends the link."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from home.feedback.status import status_token
from home.models import Feedback
from news.models import NewsPage
from strategy.models import ProjectPage
from tests.mail import deliver_mail

pytestmark = pytest.mark.django_db

STATUS_LINK = re.compile(r"https?://\S+/rueckmeldung/[^\s/]+/")


def status_path(message):
    return urlsplit(STATUS_LINK.search(message.body).group(0)).path


def handle(feedback, **changes):
    """A handler's change, as the admin saves it."""
    feedback = Feedback.objects.get(pk=feedback.pk)
    for name, value in changes.items():
        setattr(feedback, name, value)
    feedback.save()
    return feedback


def test_the_confirmation_links_the_status_page_of_that_submission(client, submitted):
    feedback, confirmation = submitted
    page = client.get(status_path(confirmation))
    html = page.content.decode()
    assert page.status_code == 200
    assert feedback.reference in html and feedback.subject in html
    assert "Eingegangen" in html and "Noch keine Antwort" in html
    assert 'name="robots" content="noindex"' in html
    for private in ("Anna Muster", "anna.muster@wikon.example.ch", "Gemeindeschreiberin"):
        assert private not in html


def test_internal_notes_and_handlers_never_show(client, submitted, django_user_model):
    feedback, confirmation = submitted
    handle(feedback, internal_notes="Vertraulich: Rückruf bei Herrn Meier", status="in_review")
    html = client.get(status_path(confirmation)).content.decode()
    assert "Vertraulich" not in html and "Meier" not in html
    assert "In Prüfung" in html


@pytest.mark.parametrize("tamper", ["other", "changed", "expired", "anonymised", "garbage"])
def test_a_wrong_link_shows_no_data(client, submitted, wikon, settings, tamper):
    feedback, confirmation = submitted
    path = status_path(confirmation)
    if tamper == "other":
        other = Feedback.objects.create(
            commune=wikon,
            subject="Fremde Idee",
            message="x",
            email="b@example.ch",
            submission_token="t" * 40,
        )
        # The other submission's link with its signature broken (its last two letters
        # changed: a signature may end in "xx" itself, 1 in 4,096).
        other_token = status_token(other)
        broken = other_token[:-2] + ("yy" if other_token.endswith("xx") else "xx")
        path = path.replace(status_token(feedback), broken)
    elif tamper == "changed":
        # Another submission's number with this link's secret and signature.
        token = status_token(feedback)
        payload, rest = token.split(":", 1)
        other_payload = signing.b64_encode(
            f'[{feedback.pk + 1},"{feedback.status_secret}"]'.encode()
        )
        assert other_payload.decode() != payload
        path = path.replace(token, f"{other_payload.decode()}:{rest}")
    elif tamper == "expired":
        settings.FEEDBACK_RETENTION_DAYS = 0
    elif tamper == "anonymised":
        feedback.anonymise()
    else:
        path = "/de/rueckmeldung/%3Cscript%3E" + "x" * 3000 + "/"
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Statusseite gibt es nicht" in html
    assert feedback.subject not in html and "Fremde Idee" not in html


def test_a_status_change_and_an_answer_each_send_one_mail(client, submitted):
    feedback, _confirmation = submitted
    handle(feedback, status="in_review")
    handle(feedback, internal_notes="nur intern")  # no message
    handle(feedback, public_answer="Wir nehmen die Idee ins Programm Digitale Gemeinde auf.")
    handle(feedback, public_answer="Wir nehmen die Idee ins Programm  Digitale Gemeinde auf.")
    mails = deliver_mail()
    deliver_mail()
    assert [m.subject for m in mails] == [
        f"Ihre Rückmeldung {feedback.reference}: In Prüfung",
        f"Ihre Rückmeldung {feedback.reference}: In Prüfung",
    ]
    assert "geantwortet" in mails[1].body and "geantwortet" not in mails[0].body
    assert all(m.to == ["anna.muster@wikon.example.ch"] for m in mails)
    html = client.get(status_path(mails[1])).content.decode()
    assert "Digitale Gemeinde auf." in html
    history = html[html.index("Verlauf") :]
    assert history.index("Eingegangen") < history.index("In Prüfung")  # the history, dated


def test_the_mails_come_in_the_language_of_the_submission(client, submitted):
    feedback, _confirmation = submitted
    Feedback.objects.filter(pk=feedback.pk).update(language="fr")
    handle(feedback, status="answered", public_answer="Merci, c'est prévu.")
    (message,) = deliver_mail()
    assert message.extra_headers["Content-Language"] == "fr"
    assert status_path(message).startswith("/fr/rueckmeldung/")
    assert message.subject == f"Votre retour {feedback.reference} : Répondu"


def test_one_click_stops_the_status_mails(client, submitted):
    feedback, _confirmation = submitted
    handle(feedback, status="in_review")
    (message,) = deliver_mail()
    stop = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    stop_path = urlsplit(stop).path
    assert client.get(stop_path).status_code == 200  # asks, stops nothing
    assert Feedback.objects.get().status_mails
    assert Client().post(stop_path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    handle(feedback, status="answered", public_answer="Erledigt.")
    assert deliver_mail() == [message]
    assert "Erledigt." in client.get(status_path(message)).content.decode()  # page still there


def test_the_page_the_idea_went_into_shows_on_the_status_page(client, submitted):
    feedback, confirmation = submitted
    project = ProjectPage.objects.get(locale__language_code="de", slug="eumzug-luzern")
    handle(feedback, outcome_page=project)
    html = client.get(status_path(confirmation)).content.decode()
    assert f"Projekt «{project.title}»" in html and project.url in html
    news = NewsPage.objects.filter(locale__language_code="de").first()
    news.unpublish()
    handle(feedback, outcome_page=news)
    assert news.title not in client.get(status_path(confirmation)).content.decode()


def test_purging_ends_the_status_link(client, submitted):
    feedback, confirmation = submitted
    handle(feedback, status="closed")
    Feedback.objects.filter(pk=feedback.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )
    call_command("purge_feedback", stdout=open("/dev/null", "w"))
    assert client.get(status_path(confirmation)).status_code == 404
