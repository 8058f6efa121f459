"""Personal data in submissions: kept only as long as needed, never public, never logged."""

import datetime
import io
import logging

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from wagtail.search import index

from home.models import Feedback
from tests.mail import deliver_mail, free_port, use_smtp

from .test_admin import make_feedback

pytestmark = pytest.mark.django_db

SECRET_WORD = "Quaxelbrunnenplan"


def purge(*args):
    out = io.StringIO()
    call_command("purge_feedback", *args, stdout=out)
    return out.getvalue()


def test_purge_anonymises_closed_submissions_older_than_the_retention_period(wikon):
    long_ago = timezone.now() - datetime.timedelta(days=400)
    expired = make_feedback(
        wikon, 1, status="closed", created_at=long_ago, role="Schreiberin", internal_notes="Notiz"
    )
    recent = make_feedback(wikon, 2, status="closed")

    assert "1 submissions older than 365 days to anonymise" in purge()
    expired.refresh_from_db()
    assert (expired.name, expired.email, expired.role, expired.internal_notes) == ("", "", "", "")
    assert expired.subject == expired.message == "[anonymisiert]"
    assert expired.anonymised_at is not None
    # Kept for statistics:
    assert (expired.category, expired.commune, expired.status) == ("idea", wikon, "closed")
    assert expired.created_at == long_ago and expired.reference
    recent.refresh_from_db()
    assert recent.name == "Anna Muster" and recent.anonymised_at is None
    assert "0 submissions" in purge()  # idempotent


def test_open_submissions_are_anonymised_too_after_a_warning_a_month_before(wikon):
    """Whatever its status, no submission keeps personal data past the retention period;
    the handlers hear of open ones a month before, once."""
    days_ago = lambda days: timezone.now() - datetime.timedelta(days=days)  # noqa: E731
    soon = make_feedback(wikon, 1, status="in_review", created_at=days_ago(340))
    later = make_feedback(wikon, 2, status="new", created_at=days_ago(300))
    closed = make_feedback(wikon, 3, status="closed", created_at=days_ago(340))

    purge()
    (warning,) = deliver_mail()
    assert warning.to == ["prozesse-informatik@example.ch"]
    assert warning.subject == "1 offene Rückmeldung wird bald anonymisiert"
    assert soon.reference in warning.body and soon.subject in warning.body
    assert later.reference not in warning.body and closed.reference not in warning.body
    # The period ends in 25 days; the handlers get their full month.
    anonymised_on = timezone.localdate() + datetime.timedelta(days=30)
    assert anonymised_on.strftime("%d.%m.%Y") in warning.body
    purge()
    assert len(deliver_mail()) == 1  # warned once

    # A month later the open submission is past the period: anonymised, status kept.
    Feedback.objects.filter(pk=soon.pk).update(
        created_at=days_ago(366), retention_warning_sent_at=days_ago(30)
    )
    purge()
    soon.refresh_from_db()
    assert soon.anonymised_at and soon.name == "" and soon.status == "in_review"
    later.refresh_from_db()
    assert later.anonymised_at is None


def test_an_open_submission_is_not_anonymised_before_its_handlers_were_warned(wikon):
    """On a first run, an open submission already past the period gets its month."""
    old = make_feedback(
        wikon, 1, status="new", created_at=timezone.now() - datetime.timedelta(days=500)
    )
    purge()
    old.refresh_from_db()
    assert old.anonymised_at is None and old.retention_warning_sent_at
    assert len(deliver_mail()) == 1


def test_purge_period_is_configurable_and_can_delete(wikon):
    ten_days_ago = timezone.now() - datetime.timedelta(days=10)
    feedback = make_feedback(wikon, 1, status="closed", created_at=ten_days_ago)
    with override_settings(FEEDBACK_RETENTION_DAYS=30):
        purge()
    assert Feedback.objects.get(pk=feedback.pk).anonymised_at is None
    assert "1 submissions" in purge("--older-than-days=5", "--dry-run")
    assert Feedback.objects.get(pk=feedback.pk).anonymised_at is None
    purge("--older-than-days=5", "--delete")
    assert not Feedback.objects.filter(pk=feedback.pk).exists()


def test_submissions_are_not_in_the_site_search(client, feedback_page, feedback_data):
    assert not issubclass(Feedback, index.Indexed)
    data = feedback_data(subject=f"Der {SECRET_WORD}", message=f"Mehr zum {SECRET_WORD}.")
    assert client.post(feedback_page.url, data).status_code == 303
    call_command("update_index", stdout=io.StringIO())
    html = client.get(f"/de/suche/?q={SECRET_WORD}").content.decode()
    assert "0 Treffer" in html
    assert "Anna Muster" not in html and "anna.muster@wikon" not in html


def _public_patterns(resolver=None, prefix=""):
    """Every URL pattern outside the admin, with the view behind it."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if not route.startswith("admin/"):
                yield from _public_patterns(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.callback


def test_no_public_url_or_api_shows_submissions(client, feedback_page, feedback_data):
    data = feedback_data(subject=f"Der {SECRET_WORD} kommt")
    assert client.post(feedback_page.url, data).status_code == 303
    # (The search page repeats the word searched for, not more.)
    personal = [f"{SECRET_WORD} kommt", "Anna Muster", "anna.muster@wikon.example.ch"]
    # The headless API (if it is there yet) with a search and all fields of the form page.
    for url in (
        "/api/v2/",
        f"/api/v2/pages/?search={SECRET_WORD}",
        "/api/v2/pages/?type=home.FeedbackPage&fields=*",
        f"/api/v2/pages/{feedback_page.pk}/",
        f"/de/suche/?q={SECRET_WORD}",
        feedback_page.url,
    ):
        body = client.get(url).content.decode()
        assert not any(value in body for value in personal), url
    # No view outside the admin is built on the Feedback model.
    for route, view in _public_patterns():
        model = getattr(getattr(view, "view_class", None), "model", None)
        assert model is not Feedback, route


def test_logs_hold_references_but_no_personal_data(
    client, feedback_page, feedback_data, caplog, settings
):
    caplog.set_level(logging.DEBUG)
    data = feedback_data(subject=f"Der {SECRET_WORD}", message=f"Mehr zum {SECRET_WORD}.")
    client.post(feedback_page.url, data)
    client.post(feedback_page.url, feedback_data(homepage="spam"))
    use_smtp(settings, free_port())  # nobody listens: delivery fails and is logged
    deliver_mail()
    feedback = Feedback.objects.get()
    messages = [record.getMessage() for record in caplog.records]
    assert any(feedback.reference in message for message in messages)
    for record, message in zip(caplog.records, messages, strict=True):
        for value in (SECRET_WORD, "Anna Muster", "anna.muster", "Gemeindeschreiberin"):
            assert value not in message, message
        if record.name.startswith("home"):
            assert record.exc_info is None  # tracebacks can carry addresses
