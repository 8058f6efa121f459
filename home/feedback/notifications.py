"""The mails about a submission: one to the department, a confirmation to the sender.

They go out after the submission is committed. A failure never reaches the sender: it is
logged with the reference only (no personal data, not even the error text, which can
name addresses) and recorded on the submission, where the admin shows it as not notified;
`manage.py send_feedback_notifications` sends what is still pending.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from home.feedback.models import Feedback
from home.models.settings import SiteSettings

logger = logging.getLogger(__name__)

ADMIN_EDIT_URL_NAME = "wagtailsnippets_home_feedback:edit"


class NoRecipient(Exception):
    """The site settings have no address for the department."""


def notify(feedback_id):
    """Send the mails of one submission that have not gone out yet. Never raises; returns
    True when nothing is pending any more."""
    try:
        return _notify(feedback_id)
    except Exception as error:  # e.g. the database is gone: the retry command will try again
        logger.error("Feedback %s: notifications failed (%s)", feedback_id, type(error).__name__)
        return False


def _notify(feedback_id):
    feedback = (
        Feedback.objects.select_related("commune", "related_project", "page")
        .filter(pk=feedback_id, anonymised_at__isnull=True)
        .first()
    )
    if feedback is None:
        return True
    site_settings = SiteSettings.for_site(_site(feedback))
    mails = [
        ("department_notified_at", _("Team"), send_to_department),
        ("confirmation_sent_at", _("Bestätigung"), send_confirmation),
    ]
    sent, errors = {}, []
    for field, label, send in mails:
        if getattr(feedback, field):
            continue
        try:
            send(feedback, site_settings)
        except Exception as error:  # any mail or template failure leaves the mail pending
            errors.append(f"{label}: {type(error).__name__}")
            logger.warning(
                "Feedback %s: mail '%s' not sent (%s)",
                feedback.reference,
                field,
                type(error).__name__,
            )
        else:
            sent[field] = timezone.now()
    # update(), not save(): an editor may be changing status or notes at the same time.
    Feedback.objects.filter(pk=feedback.pk).update(
        notification_attempts=F("notification_attempts") + 1,
        notification_error="; ".join(errors)[:200],
        **sent,
    )
    if not errors:
        logger.info("Feedback %s: notifications sent", feedback.reference)
    return not errors


def _site(feedback):
    site = feedback.page.get_site() if feedback.page else None
    return site or Site.objects.filter(is_default_site=True).first()


def admin_url(feedback):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        ADMIN_EDIT_URL_NAME, args=[feedback.pk]
    )


def _send(template, context, subject, to, reply_to):
    """A German (or the sender's language) mail with a plain-text and an HTML part."""
    text = render_to_string(f"home/emails/{template}.txt", context)
    html = render_to_string(f"home/emails/{template}.html", context)
    message = EmailMultiAlternatives(
        subject, text, to=[to], reply_to=[reply_to] if reply_to else None
    )
    message.attach_alternative(html, "text/html")
    message.send()


def send_to_department(feedback, site_settings):
    recipient = site_settings.department_email or site_settings.email
    if not recipient:
        raise NoRecipient
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            "feedback_department",
            {"feedback": feedback, "admin_url": admin_url(feedback)},
            _("[%(reference)s] %(category)s: %(subject)s")
            % {
                "reference": feedback.reference,
                "category": feedback.get_category_display(),
                "subject": feedback.subject,
            },
            recipient,
            reply_to=feedback.email,
        )


def send_confirmation(feedback, site_settings):
    # Deliberately without the message: the form must not be a way to mail any text to
    # any address.
    with translation.override(feedback.language):
        _send(
            "feedback_confirmation",
            {"feedback": feedback, "site_settings": site_settings},
            _("Ihre Rückmeldung %(reference)s ist eingegangen") % {"reference": feedback.reference},
            feedback.email,
            reply_to=site_settings.department_email or site_settings.email,
        )
