"""Mail in tests: the outbox and a real SMTP server.

Every mail is queued in the outbox (home/mail.py); `deliver_mail()` runs the cron command
that sends it. Through the test settings it lands in django.core.mail.outbox; with the
`smtp_server` fixture it goes over SMTP to a real aiosmtpd server on a free local port,
which keeps what it received.
"""

import email
import email.policy

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from post_office.mail import send_queued

from tests.servers import free_port

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def deliver_mail():
    """Send what is in the outbox as the cron job `send_queued_mail` does, without its lock
    file and without its closing of the database connection (which would end the test's
    transaction on PostgreSQL); returns the in-memory outbox of the test settings."""
    send_queued()
    return mail.outbox


class Inbox:
    """What the SMTP server received, as parsed messages."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(parsed)
        return "250 OK"


def use_smtp(settings, port):
    """Point the outbox's delivery at an SMTP server on this local port."""
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.POST_OFFICE = {**settings.POST_OFFICE, "BACKENDS": {"default": SMTP_BACKEND}}


def start_smtp(port):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, inbox


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) that the outbox delivers to; yields its Inbox."""
    controller, inbox = start_smtp(free_port())
    use_smtp(settings, controller.port)
    yield inbox
    controller.stop()
