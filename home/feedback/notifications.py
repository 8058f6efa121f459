"""The mails about a submission: one to the department, a confirmation to the sender.

Both are put in the outbox (home/mail.py) in the transaction that stores the submission:
the post never waits for a mail server, and a mail server that is down loses nothing.
"""

import logging

from django.conf import settings
from django.urls import reverse
from wagtail.models import Site

from home.feedback import status
from home.mail import queue_mail, site_root
from home.models.settings import SiteSettings

logger = logging.getLogger(__name__)

ADMIN_EDIT_URL_NAME = "wagtailsnippets_home_feedback:edit"


def queue_notifications(feedback):
    """The department's mail (when the site settings name an address) and the sender's
    confirmation."""
    site_settings = SiteSettings.for_site(_site(feedback))
    department = department_address(site_settings)
    if not department:
        logger.warning(
            "Feedback %s: no department address in the site settings", feedback.reference
        )
    else:
        queue_mail(
            "home/emails/feedback_department",
            {"feedback": feedback, "admin_url": admin_url(feedback), "site_root": site_root()},
            to=department,
            language=settings.LANGUAGE_CODE,
            reply_to=feedback.email,
        )
    # The address is not proven yet: the confirmation carries fixed wording, the
    # reference and what the sender chose from lists, never a text the sender typed —
    # the form must not be a way to mail any text to any address.
    queue_mail(
        "home/emails/feedback_confirmation",
        {
            "feedback": feedback,
            "site_settings": site_settings,
            "status_url": status.status_url(feedback),
        },
        to=feedback.email,
        language=feedback.language,
        reply_to=department,
    )


def department_address(site_settings):
    return site_settings.department_email or site_settings.email


def _site(feedback):
    site = feedback.page.get_site() if feedback and feedback.page else None
    return site or Site.objects.filter(is_default_site=True).first()


def admin_url(feedback):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        ADMIN_EDIT_URL_NAME, args=[feedback.pk]
    )


def queue_retention_warning(due):
    """One mail to the department listing open submissions and the day each will be
    anonymised: `due` holds (submission, date) pairs. False when the site settings name
    no address."""
    department = department_address(SiteSettings.for_site(_site(None)))
    if not department:
        return False
    queue_mail(
        "home/emails/feedback_retention_warning",
        {
            "submissions": [
                {"feedback": feedback, "admin_url": admin_url(feedback), "anonymised_on": day}
                for feedback, day in due
            ],
        },
        to=department,
        language=settings.LANGUAGE_CODE,
    )
    return True


def queue_status_mail(feedback, new_answer):
    """The submitter's mail about a new status or answer: the status and the link to the
    status page, where the answer stands; one click stops these mails (RFC 8058)."""
    site_settings = SiteSettings.for_site(_site(feedback))
    stop_url = status.status_url(feedback, "feedback_status_mails")
    queue_mail(
        "home/emails/feedback_status",
        {
            "feedback": feedback,
            "new_answer": new_answer,
            "status_url": status.status_url(feedback),
            "stop_url": stop_url,
            "site_settings": site_settings,
        },
        to=feedback.email,
        language=feedback.language,
        reply_to=department_address(site_settings),
        headers={
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
