"""Fixtures of the feedback tests."""

import pytest
from django.core import mail

from home.models import Feedback
from tests.mail import deliver_mail


@pytest.fixture
def submitted(client, feedback_page, feedback_data):
    """A submission sent through the form; returns it and its confirmation mail."""
    client.post(feedback_page.url, feedback_data())
    confirmation = deliver_mail()[-1]
    mail.outbox.clear()  # from here on: the status mails
    return Feedback.objects.get(), confirmation
