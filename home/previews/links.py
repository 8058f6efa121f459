"""Making, finding and revoking preview links; what the page editor's history shows."""

import datetime
import re

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log

from .models import TOKEN_PATTERN, PreviewLink, new_token, token_hash

# How long a link may be valid, in days, as the editor chooses it.
VALIDITY_DAYS = (1, 7, 30)
DEFAULT_VALIDITY_DAYS = 7

CREATED = "home.preview_link.create"
REVOKED = "home.preview_link.revoke"

_TOKEN = re.compile(TOKEN_PATTERN)


def address(page, token):
    """The link's path, under the page's language prefix."""
    with translation.override(page.locale.language_code):
        return reverse("shared_preview", kwargs={"token": token})


def create(page, user, days, note=""):
    """A new link to the page's latest draft; returns it with its secret, which is not
    stored and so can be shown only now."""
    token = new_token()
    now = timezone.now()
    with transaction.atomic():
        link = PreviewLink.objects.create(
            page=page,
            token_hash=token_hash(token),
            note=note,
            created_by=user,
            created_at=now,
            expires_at=now + datetime.timedelta(days=days),
        )
        log(page, CREATED, user=user, data={"link": link.pk, "days": days})
    return link, token


def find_active(token):
    """The active link with this secret, with its page; None for anything else."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    links = PreviewLink.objects.active().select_related("page")
    return links.filter(token_hash=token_hash(token)).first()


def active_for(page):
    return PreviewLink.objects.active().filter(page=page).select_related("created_by")


def revoke(link, user):
    with transaction.atomic():
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        log(link.page, REVOKED, user=user, data={"link": link.pk})


class CreatedFormatter(LogFormatter):
    label = _("Vorschau-Link erstellt")

    def format_message(self, log_entry):
        return _("Vorschau-Link #%(link)s erstellt, gültig für %(days)s Tage") % {
            "link": log_entry.data.get("link", ""),
            "days": log_entry.data.get("days", ""),
        }


class RevokedFormatter(LogFormatter):
    label = _("Vorschau-Link widerrufen")

    def format_message(self, log_entry):
        return _("Vorschau-Link #%(link)s widerrufen") % {"link": log_entry.data.get("link", "")}


def register_log_actions(actions):
    actions.register_action(CREATED)(CreatedFormatter)
    actions.register_action(REVOKED)(RevokedFormatter)
