"""Fixtures of the feedback tests."""

import pytest
from django.core import mail

from home.models import Feedback
from tests.mail import deliver_mail


@pytest.fixture(autouse=True)
def without_demo_submissions(db):
    """The tests here count submissions: the demo content's published ideas (home/demo)
    would be two more. test_published_ideas.py keeps them."""
    Feedback.objects.filter(submission_token__startswith="demo-").delete()


@pytest.fixture
def submitted(client, feedback_page, feedback_data):
    """A submission sent through the form; returns it and its confirmation mail."""
    client.post(feedback_page.url, feedback_data())
    confirmation = deliver_mail()[-1]
    mail.outbox.clear()  # from here on: the status mails
    return Feedback.objects.get(), confirmation
