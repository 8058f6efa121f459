"""A link that shows a page's latest draft to someone without an account.

The link's secret is stored only as a SHA-256 hash: whoever reads the database cannot
open a draft with what is stored. The secret is random (256 bits), so a plain hash is
enough; the editor sees the full link once, when it is made.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_BYTES = 32
# secrets.token_urlsafe(32): 43 characters of [A-Za-z0-9_-].
TOKEN_PATTERN = r"[A-Za-z0-9_-]{43}"


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


class PreviewLinkQuerySet(models.QuerySet):
    def active(self, now=None):
        """Links that still open their page: not revoked, not expired, and the page not
        published since the link was made (the draft it was made for is then live)."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now).filter(
            Q(page__last_published_at__isnull=True) | Q(page__last_published_at__lt=F("created_at"))
        )


class PreviewLink(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Seite"),
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    note = models.CharField(_("Für wen"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Erstellt von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("Erstellt am"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("Gültig bis"), editable=False)
    revoked_at = models.DateTimeField(_("Widerrufen am"), null=True, blank=True, editable=False)

    objects = PreviewLinkQuerySet.as_manager()

    # Links do not "use" their pages (Wagtail's reference index).
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("Vorschau-Link")
        verbose_name_plural = _("Vorschau-Links")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self._meta.verbose_name} #{self.pk}"
