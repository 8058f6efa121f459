"""The ideas-and-feedback form as commune staff use it: fill in, send, get a reference."""

import re
import socket
import time

import pytest
from django.core import mail
from django.core.cache import caches
from django.test import Client, override_settings
from django.utils import timezone
from post_office.models import STATUS, Email
from wagtail.models import Locale

from home import throttle
from home.feedback import ratelimit
from home.feedback.notifications import queue_notifications
from home.models import Feedback, FeedbackPage, HomePage, SiteSettings, ThrottleCounter
from strategy.models import ProjectPage
from tests.mail import deliver_mail, start_smtp, use_smtp

from .test_admin import make_feedback

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(r"VLG-\d{4}-\d{6}")


def send(client, page, data, **extra):
    return client.post(page.url, data, **extra)


def test_demo_site_has_the_form_in_the_menu_and_the_home_page_links_it(client, home_page):
    page = FeedbackPage.objects.child_of(home_page).get(slug="ideen-und-feedback")
    assert page.title == "Ideen und Feedback" and page.show_in_menus and page.live
    assert HomePage.objects.get(pk=home_page.pk).feedback_page_id == page.pk
    assert page.privacy_page.slug == "datenschutz"
    html = client.get("/de/").content.decode()
    nav = html.split('aria-label="Hauptnavigation"')[1].split("</nav>")[0]
    assert 'href="/de/ideen-und-feedback/"' in nav


def test_form_is_labelled_described_and_limited(client, feedback_page):
    html = client.get(feedback_page.url).content.decode()
    for field in ("subject", "message", "name", "role", "email", "commune", "consent"):
        assert f'for="id_{field}"' in html, field
    assert '<legend>Worum geht es? <span class="form-field__required">(Pflichtfeld)' in html
    assert 'id="id_subject_helptext"' in html
    assert 'aria-describedby="id_subject_helptext"' in html
    assert re.search(r'<input type="text" name="subject" maxlength="200"', html)
    assert re.search(r'<textarea name="message"[^>]*maxlength="5000"', html)
    assert re.search(r'name="name"[^>]*autocomplete="name"', html)
    assert re.search(r'name="email"[^>]*autocomplete="email"', html)
    assert "(Pflichtfeld)" in html.split('for="id_name"')[1].split("</label>")[0]
    assert "(Pflichtfeld)" not in html.split('for="id_role"')[1].split("</label>")[0]
    assert 'href="/de/datenschutz/">Datenschutzerklärung</a>' in html
    trap = html.split('class="form-trap"')[1].split("</div>")[0]
    assert 'aria-hidden="true"' in trap and 'tabindex="-1"' in trap
    assert "Nicht ausfüllen" in trap
    assert 'name="csrfmiddlewaretoken"' in html


def test_communes_of_the_canton_are_offered_in_german_order(client, feedback_page):
    html = client.get(feedback_page.url).content.decode()
    select = html.split('name="commune"')[1].split("</select>")[0]
    names = re.findall(r'<option value="\d+">([^<]+)</option>', select)
    assert len(names) == 79
    assert names.index("Römerswil") < names.index("Romoos") < names.index("Root")


def test_only_live_projects_of_the_current_language_are_offered(client, feedback_page):
    projects = ProjectPage.objects.live().filter(locale__language_code="de")
    hidden = projects.first()
    hidden.unpublish()
    project, fr = projects.exclude(pk=hidden.pk).first(), Locale.objects.get(language_code="fr")
    french = project.get_translation_or_none(fr) or project.copy_for_translation(
        fr, copy_parents=True
    )
    french.title = "Projet en français"
    french.save_revision().publish()
    html = client.get(feedback_page.url).content.decode()
    select = html.split('name="related_project"')[1].split("</select>")[0]
    offered = re.findall(r'<option value="(\d+)"', select)
    assert offered and hidden.title not in select and "Projet en français" not in select
    assert set(map(int, offered)) <= set(projects.values_list("pk", flat=True))


def test_valid_submission_is_stored_with_both_mails_in_the_outbox(
    client, feedback_page, feedback_data, django_capture_on_commit_callbacks
):
    project = ProjectPage.objects.live().first()
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, feedback_page, feedback_data(related_project=str(project.pk)))
    assert response.status_code == 303
    feedback = Feedback.objects.get()
    assert REFERENCE.fullmatch(feedback.reference)
    assert feedback.subject == "Gemeinsames Formular für Hundeanmeldungen"
    assert feedback.message.count("\r") == 0 and feedback.commune.name == "Wikon"
    assert feedback.related_project_id == project.pk and feedback.consent
    assert feedback.status == "new" and feedback.language == "de"
    # Queued with the submission, sent by the cron job: not a mail during the request.
    assert mail.outbox == [] and Email.objects.filter(status=STATUS.queued).count() == 2

    thanks = client.get(response.headers["Location"])
    assert thanks.status_code == 200
    assert feedback.reference in thanks.content.decode()

    department, confirmation = deliver_mail()
    assert department.to == ["prozesse-informatik@example.ch"]
    assert department.extra_headers["Reply-To"] == "anna.muster@wikon.example.ch"
    assert department.subject == f"[{feedback.reference}] Idee: {feedback.subject}"
    assert "Könnte der VLG eines anbieten?" in department.body
    assert "Anna Muster" in department.body
    assert f"/admin/snippets/home/feedback/edit/{feedback.pk}/" in department.body
    assert confirmation.to == ["anna.muster@wikon.example.ch"]
    assert confirmation.subject == f"Ihre Rückmeldung {feedback.reference} ist eingegangen"
    assert feedback.reference in confirmation.body and "Guten Tag" in confirmation.body
    for message in (department, confirmation):
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html" and feedback.reference in html
        assert message.extra_headers["Content-Language"] == "de"
    assert deliver_mail() == [department, confirmation]  # nothing sent twice


def test_the_confirmation_carries_no_text_the_sender_typed(client, feedback_page, feedback_data):
    """The address is not proven: the association's sender must not mail a stranger a
    text (or link) of the sender's choosing, in any field of the form."""
    typed = "Besuchen Sie https://evil.example/gewinn"
    data = feedback_data(name=typed, role=typed, subject=typed, message=typed)
    assert send(client, feedback_page, data).status_code == 303
    department, confirmation = deliver_mail()
    assert typed in department.body
    html, _ = confirmation.alternatives[0]
    for part in (confirmation.subject, confirmation.body, html):
        assert "evil.example" not in part and "Besuchen" not in part


@pytest.mark.parametrize(
    ("language", "greeting", "subject"),
    [
        ("fr", "Bonjour", "Nous avons bien reçu"),
        ("it", "Buongiorno", "Abbiamo ricevuto"),
        ("en", "Hello", "Your feedback"),
    ],
)
def test_the_confirmation_comes_in_the_language_of_the_form(
    feedback_page, wikon, language, greeting, subject
):
    feedback = make_feedback(wikon, 1, language=language, page=feedback_page)
    queue_notifications(feedback)
    department, confirmation = deliver_mail()
    assert department.extra_headers["Content-Language"] == "de"
    assert confirmation.extra_headers["Content-Language"] == language
    assert confirmation.body.startswith(greeting)
    assert confirmation.subject.startswith(subject)


def test_thank_you_page_shows_only_a_signed_reference(client, feedback_page):
    feedback = Feedback(reference="VLG-2026-000042")
    good = client.get(feedback_page.thanks_url(feedback))
    assert good.status_code == 200 and "VLG-2026-000042" in good.content.decode()
    assert 'name="robots" content="noindex"' in good.content.decode()
    forged = feedback_page.thanks_url(feedback).replace("000042", "000043")
    assert client.get(forged).status_code == 404


def test_a_silent_mail_server_delays_neither_the_post_nor_loses_the_mails(
    client, feedback_page, feedback_data, django_capture_on_commit_callbacks, settings
):
    """A mail server that accepts the connection and never answers: the post answers at
    once; the cron run gives up after EMAIL_TIMEOUT and keeps the mails; once a working
    server listens there, the next run delivers them, each once."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    port = silent.getsockname()[1]
    use_smtp(settings, port)
    settings.EMAIL_TIMEOUT = 1
    data = feedback_data()
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, feedback_page, data)
    assert response.status_code == 303 and time.monotonic() - started < 1

    started = time.monotonic()
    deliver_mail()
    assert time.monotonic() - started < 5  # one timeout, not one per mail and retry
    assert Email.objects.filter(status=STATUS.requeued).count() == 2
    silent.close()

    controller, inbox = start_smtp(port)
    try:
        Email.objects.update(scheduled_time=timezone.now())  # the retry interval is over
        deliver_mail()
        deliver_mail()
    finally:
        controller.stop()
    reference = Feedback.objects.get().reference
    assert sorted(m["To"] for m in inbox.messages) == [
        "anna.muster@wikon.example.ch",
        "prozesse-informatik@example.ch",
    ]
    assert all(reference in m["Subject"] for m in inbox.messages)
    assert Email.objects.filter(status=STATUS.sent).count() == 2


def test_without_a_department_address_the_confirmation_still_goes_out(
    client, feedback_page, feedback_data
):
    site_settings = SiteSettings.for_site(feedback_page.get_site())
    site_settings.department_email = site_settings.email = ""
    site_settings.save()
    send(client, feedback_page, feedback_data())
    assert [m.to for m in deliver_mail()] == [["anna.muster@wikon.example.ch"]]


def test_filled_honeypot_is_refused_with_400_and_nothing_is_saved(
    client, feedback_page, feedback_data
):
    response = send(client, feedback_page, feedback_data(homepage="https://spam.example"))
    assert response.status_code == 400
    assert "Eingabe nicht angenommen" in response.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("token", [None, "", "short", "x" * 65, "<script>alert(1)</script>" * 2])
def test_post_without_a_valid_form_token_is_refused(client, feedback_page, feedback_data, token):
    response = send(client, feedback_page, feedback_data(submission_token=token))
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_oversized_post_is_refused_with_400(client, feedback_page, feedback_data):
    response = send(client, feedback_page, feedback_data(message="x" * 70_000))
    assert response.status_code == 400
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("category", None, "Bitte wählen Sie, worum es geht."),
        ("category", "complaint", "Bitte wählen Sie eine der angebotenen Möglichkeiten."),
        ("subject", None, "Bitte geben Sie einen Betreff ein."),
        ("subject", "   ", "Bitte geben Sie einen Betreff ein."),
        ("subject", "x" * 201, "Bitte höchstens 200 Zeichen eingeben (jetzt 201)."),
        ("subject", "Betreff\nBcc: spam@example.com", "nur eine Zeile"),
        ("message", None, "Bitte schreiben Sie uns Ihre Nachricht."),
        ("message", "x" * 5001, "Bitte höchstens 5000 Zeichen eingeben (jetzt 5001)."),
        ("message", "Text mit \x1b Steuerzeichen", "Bitte entfernen Sie Steuerzeichen"),
        ("commune", None, "Bitte wählen Sie Ihre Gemeinde."),
        ("commune", "999999", "Bitte wählen Sie eine Gemeinde aus der Liste."),
        ("commune", "99999999999999999999999", "Bitte wählen Sie eine Gemeinde aus der Liste."),
        ("commune", "1 OR 1=1", "Bitte wählen Sie eine Gemeinde aus der Liste."),
        ("related_project", "3", "Bitte wählen Sie ein Projekt aus der Liste."),
        ("name", None, "Bitte geben Sie Ihren Namen an."),
        ("name", "x" * 121, "Bitte höchstens 120 Zeichen eingeben (jetzt 121)."),
        ("role", "x" * 121, "Bitte höchstens 120 Zeichen eingeben (jetzt 121)."),
        ("email", None, "Bitte geben Sie Ihre E-Mail-Adresse an."),
        ("email", "anna.muster(at)wikon", "Bitte geben Sie eine gültige E-Mail-Adresse ein"),
        ("email", "a" * 250 + "@b.ch", "Bitte höchstens 254 Zeichen eingeben (jetzt 255)."),
        ("consent", None, "Bitte bestätigen Sie, dass Sie einverstanden sind."),
    ],
)
def test_every_field_is_validated_with_an_error_bound_to_it(
    client, feedback_page, feedback_data, field, value, message
):
    response = send(client, feedback_page, feedback_data(**{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    error = html.split(f'id="id_{field}_error"')[1].split("</ul>")[0]
    assert message in error
    # The input points at its error, the summary at the top links to the input.
    target = f"id_{field}_0" if field == "category" else f"id_{field}"
    described = re.search(rf'aria-describedby="([^"]*)"[^>]*id="{target}"', html) or re.search(
        r'<fieldset class="form-field form-field--invalid" aria-describedby="([^"]*)"', html
    )
    assert f"id_{field}_error" in described.group(1)
    assert re.search(rf'aria-invalid="true"[^>]*id="{target}"', html)
    summary = html.split('class="form-errors"')[1].split("</div>")[0]
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert f'href="#{target}"' in summary
    assert not Feedback.objects.exists()


def test_form_with_errors_keeps_what_was_typed_and_its_token(client, feedback_page, feedback_data):
    data = feedback_data(email="kaputt")
    html = send(client, feedback_page, data).content.decode()
    assert 'value="Gemeinsames Formular für Hundeanmeldungen"' in html
    assert f'value="{data["submission_token"]}"' in html


def test_line_breaks_count_once_against_the_message_limit(client, feedback_page, feedback_data):
    message = ("x" * 99 + "\r\n") * 50  # 5000 characters as the browser counts them
    response = send(client, feedback_page, feedback_data(message=message.rstrip("\r\n") + "x"))
    assert response.status_code == 303
    assert len(Feedback.objects.get().message) == 5000


def test_same_form_sent_twice_gives_one_submission_and_the_same_thank_you_page(
    client, feedback_page, feedback_data, django_capture_on_commit_callbacks
):
    data = feedback_data()
    with django_capture_on_commit_callbacks(execute=True):
        first = send(client, feedback_page, data)
        second = send(client, feedback_page, data)  # reload, back button or double click
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert Feedback.objects.count() == 1
    assert len(deliver_mail()) == 2
    # A new form (new token) is a new submission.
    assert send(client, feedback_page, feedback_data()).status_code == 303
    assert Feedback.objects.count() == 2


def test_a_used_form_token_with_a_new_text_says_so_and_keeps_the_text(
    client, feedback_page, feedback_data
):
    data = feedback_data()
    assert send(client, feedback_page, data).status_code == 303
    changed = {**data, "message": "Noch ein zweiter Gedanke zum Formular."}
    response = send(client, feedback_page, changed)  # back button, text changed, sent again
    assert response.status_code == 409
    html = response.content.decode()
    assert "Diese Nachricht wurde bereits gesendet" in html
    assert "Noch ein zweiter Gedanke zum Formular." in html  # nothing typed is lost
    assert Feedback.objects.count() == 1 and "zweiter" not in Feedback.objects.get().message
    # The form now carries a fresh token: sending it again stores the new text.
    token = re.search(r'name="submission_token" value="([^"]+)"', html).group(1)
    assert token != data["submission_token"]
    assert send(client, feedback_page, {**changed, "submission_token": token}).status_code == 303
    assert Feedback.objects.filter(message__contains="zweiter").count() == 1


def test_rate_limit_refuses_the_sixth_submission_in_ten_minutes_and_keeps_the_input(
    client, feedback_page, feedback_data
):
    for _ in range(5):
        assert send(client, feedback_page, feedback_data()).status_code == 303
    response = send(client, feedback_page, feedback_data(subject="Die sechste Idee"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "in kurzer Zeit viele Rückmeldungen" in html and 'role="alert"' in html
    assert 'value="Die sechste Idee"' in html
    assert Feedback.objects.count() == 5
    # Another client is not affected.
    other = send(Client(REMOTE_ADDR="192.0.2.77"), feedback_page, feedback_data())
    assert other.status_code == 303


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_rate_limit_behind_a_proxy_counts_the_forwarded_client(rf):
    first = rf.post("/", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1")
    assert throttle.client_address(first) == "198.51.100.1"
    assert throttle.client_address(rf.post("/")) == "127.0.0.1"


def test_rate_limit_is_counted_in_the_database_not_the_cache(rf):
    request = rf.post("/", REMOTE_ADDR="198.51.100.23")
    assert [ratelimit.allow(request, "test", "3/1h") for _ in range(4)] == [
        True,
        True,
        True,
        False,
    ]
    assert throttle.parse_rate("5/10m") == (5, 600) and throttle.parse_rate("100/d") == (
        100,
        86400,
    )
    caches["default"].clear()  # what an evicting cache may do at any time
    assert ratelimit.allow(request, "test", "3/1h") is False
    # The address itself is not stored, only a keyed hash of it.
    keys = " ".join(ThrottleCounter.objects.values_list("key", flat=True))
    assert keys and "198.51.100.23" not in keys


@pytest.mark.parametrize(
    "data",
    [
        {"category": ["idea", "complaint"]},
        {"related_project": "abc", "commune": "-1"},
        {"message": "\x00" * 10, "subject": "\x00"},
        {"email": "a@b.ch\r\nBcc: x@y.ch"},
    ],
)
def test_hostile_posts_get_the_form_again_never_a_server_error(
    client, feedback_page, feedback_data, data
):
    response = send(client, feedback_page, feedback_data(**data))
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Angaben" in response.content.decode()
    assert not Feedback.objects.exists()


def test_broken_or_foreign_request_bodies_get_a_400(client, feedback_page):
    url = feedback_page.url
    json_post = client.post(url, '{"subject": "x"}', content_type="application/json")
    assert json_post.status_code == 400
    broken = client.generic(
        "POST", url, b"--xx\r\nbroken", content_type="multipart/form-data; boundary=xx"
    )
    assert broken.status_code == 400
    assert client.put(url, "x").status_code == 405
    assert not Feedback.objects.exists()


def test_wrong_csrf_token_gets_a_german_403(feedback_page, feedback_data):
    data = feedback_data()
    response = Client(enforce_csrf_checks=True).post(feedback_page.url, data)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Sicherheitsprüfung fehlgeschlagen" in html and '<html lang="de">' in html
    assert not Feedback.objects.exists()
