"""An answer to "War diese Seite hilfreich?". Nothing about the visitor is kept: no
address, no browser, no session — only the page, its language, yes or no and the
optional comment, which `purge_feedback` blanks after FEEDBACK_RETENTION_DAYS."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

COMMENT_MAX_LENGTH = 500


class HelpfulnessVoteQuerySet(models.QuerySet):
    def comments_past_retention(self, older_than_days):
        """Votes with a comment received more than `older_than_days` ago."""
        cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
        return self.filter(created_at__lt=cutoff).exclude(comment="")

    def blank_comments(self):
        """Remove the comments, keep the votes (they count in the report)."""
        return self.update(comment="")


class HelpfulnessVote(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Seite"),
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
    )
    language = models.CharField(_("Sprache"), max_length=10, editable=False)
    helpful = models.BooleanField(_("Hilfreich"), editable=False)
    comment = models.TextField(
        _("Kommentar"), max_length=COMMENT_MAX_LENGTH, blank=True, editable=False
    )
    created_at = models.DateTimeField(
        _("Eingegangen am"), default=timezone.now, db_index=True, editable=False
    )

    objects = HelpfulnessVoteQuerySet.as_manager()

    # Votes do not "use" the pages they are about (Wagtail's reference index).
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("Hilfreich-Rückmeldung")
        verbose_name_plural = _("Hilfreich-Rückmeldungen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["page", "language"])]

    def __str__(self):
        return str(_("Ja") if self.helpful else _("Nein"))
