"""What the feedback form receives: a submission, its kind and how far it is handled."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ANONYMISED = "[anonymisiert]"


class FeedbackCategory(models.TextChoices):
    IDEA = "idea", _("Idee")
    IMPROVEMENT = "improvement", _("Verbesserungsvorschlag")
    QUESTION = "question", _("Frage")
    PROBLEM = "problem", _("Problem")


class FeedbackStatus(models.TextChoices):
    NEW = "new", _("Neu")
    IN_REVIEW = "in_review", _("In Bearbeitung")
    ANSWERED = "answered", _("Beantwortet")
    CLOSED = "closed", _("Abgeschlossen")


def _days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


class FeedbackQuerySet(models.QuerySet):
    def past_retention(self, older_than_days, warning_days, include_anonymised=False):
        """Submissions received more than `older_than_days` ago, whatever their status:
        closed ones at once, open ones once their handlers were warned at least
        `warning_days` before (so a first run does not surprise anybody)."""
        warned_in_time = models.Q(retention_warning_sent_at__lte=_days_ago(warning_days))
        expired = self.filter(created_at__lt=_days_ago(older_than_days)).filter(
            models.Q(status=FeedbackStatus.CLOSED) | warned_in_time
        )
        return expired if include_anonymised else expired.filter(anonymised_at__isnull=True)

    def due_for_retention_warning(self, older_than_days, warning_days):
        """Open submissions that reach the retention period within `warning_days` and
        whose handlers have not been warned yet."""
        return self.filter(
            created_at__lt=_days_ago(older_than_days - warning_days),
            anonymised_at__isnull=True,
            retention_warning_sent_at__isnull=True,
        ).exclude(status=FeedbackStatus.CLOSED)

    def anonymise(self):
        for feedback in self.iterator():
            feedback.anonymise()


class Feedback(models.Model):
    """An idea, improvement proposal, question or problem sent by a commune's staff
    through the feedback form. Deliberately not in the search index (personal data)."""

    # NULL only inside the saving transaction, until the row has its number; two rows
    # with "" at the same time would collide on the unique index.
    reference = models.CharField(  # noqa: DJ001
        _("Referenznummer"), max_length=20, unique=True, null=True, editable=False
    )
    # The one-time token of the form that sent it: a repeated post finds this row.
    submission_token = models.CharField(max_length=64, unique=True, editable=False)
    page = models.ForeignKey(
        "home.FeedbackPage",
        verbose_name=_("Formularseite"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    language = models.CharField(_("Sprache"), max_length=10, default="de", editable=False)

    category = models.CharField(_("Art"), max_length=20, choices=FeedbackCategory.choices)
    subject = models.CharField(_("Betreff"), max_length=200)
    message = models.TextField(_("Nachricht"), max_length=5000)
    commune = models.ForeignKey(
        "home.Commune", verbose_name=_("Gemeinde"), on_delete=models.PROTECT, related_name="+"
    )
    # Blank only after anonymisation; the form requires name and email.
    name = models.CharField(_("Name"), max_length=120, blank=True)
    role = models.CharField(_("Funktion"), max_length=120, blank=True)
    email = models.EmailField(_("E-Mail"), max_length=254, blank=True)
    related_project = models.ForeignKey(
        "strategy.ProjectPage",
        verbose_name=_("Betroffenes Projekt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent = models.BooleanField(_("Datenschutzhinweis akzeptiert"), default=False)
    created_at = models.DateTimeField(
        _("Eingegangen am"), default=timezone.now, db_index=True, editable=False
    )

    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=FeedbackStatus.choices,
        default=FeedbackStatus.NEW,
        db_index=True,
    )
    internal_notes = models.TextField(
        _("Interne Notizen"),
        max_length=5000,
        blank=True,
        help_text=_("Nur für das Team sichtbar, nie für die Absenderin oder den Absender."),
    )
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)

    retention_warning_sent_at = models.DateTimeField(
        _("Hinweis auf Anonymisierung gesendet am"), null=True, editable=False
    )
    anonymised_at = models.DateTimeField(_("Anonymisiert am"), null=True, editable=False)

    objects = FeedbackQuerySet.as_manager()

    # What the sender fills in, in the order of the form.
    submitted_fields = [
        "category",
        "subject",
        "message",
        "related_project",
        "name",
        "role",
        "commune",
        "email",
        "consent",
    ]

    # Keeps submissions out of Wagtail's reference index ("usage" of communes, projects).
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("Rückmeldung")
        verbose_name_plural = _("Ideen und Rückmeldungen")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        # Only the reference: this label lands in admin logs and history.
        return self.reference or str(_("Rückmeldung ohne Nummer"))

    def assign_reference(self):
        """VLG-<year>-<number>: unique through the primary key, readable on the phone."""
        self.reference = f"VLG-{self.created_at:%Y}-{self.pk:06d}"
        type(self).objects.filter(pk=self.pk).update(reference=self.reference)

    def anonymise(self):
        """Remove what identifies the sender; keep category, commune, project, status and
        dates for statistics."""
        self.name = self.role = self.email = self.internal_notes = ""
        self.subject = self.message = ANONYMISED
        self.anonymised_at = timezone.now()
        self.save()
