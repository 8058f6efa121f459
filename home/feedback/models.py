"""What the feedback form receives: a submission, its kind and how far it is handled."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ANONYMISED = "[anonymisiert]"


class FeedbackCategory(models.TextChoices):
    IDEA = "idea", _("Idee")
    IMPROVEMENT = "improvement", _("Verbesserungsvorschlag")
    QUESTION = "question", _("Frage")
    PROBLEM = "problem", _("Problem")
    # Linked from the accessibility statement and the footer, chosen in advance.
    ACCESSIBILITY = "accessibility", _("Barriere melden")


class FeedbackStatus(models.TextChoices):
    NEW = "new", _("Neu")
    IN_REVIEW = "in_review", _("In Bearbeitung")
    ANSWERED = "answered", _("Beantwortet")
    CLOSED = "closed", _("Abgeschlossen")


# What the submitter reads on the status page and in mails (the admin keeps its own words).
PUBLIC_STATUS_LABELS = {
    FeedbackStatus.NEW: _("Eingegangen"),
    FeedbackStatus.IN_REVIEW: _("In Prüfung"),
    FeedbackStatus.ANSWERED: _("Beantwortet"),
    FeedbackStatus.CLOSED: _("Abgeschlossen"),
}


def new_status_secret():
    return secrets.token_urlsafe(16)


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

    def published_ideas(self):
        """What the public list "Ideen und Antworten" shows: published, answered, consented
        (checked again here, whatever was saved)."""
        return self.filter(
            published=True,
            publication_consent=True,
            anonymised_at__isnull=True,
            status__in=[FeedbackStatus.ANSWERED, FeedbackStatus.CLOSED],
        ).exclude(public_answer="")


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
    # A path on this site (home/feedback/forms.py checks it), chiefly for barrier reports.
    page_address = models.CharField(_("Seite mit der Barriere"), max_length=500, blank=True)
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
    # Published ideas: the sender's consent on the form (default off), then the handler's
    # decision (`published`) with the texts as the department edited them.
    publication_consent = models.BooleanField(
        _("Die Idee darf ohne meinen Namen veröffentlicht werden"), default=False
    )
    show_commune = models.BooleanField(_("Dabei darf meine Gemeinde genannt werden"), default=False)
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

    # What the submitter sees of the handling (home/feedback/status.py).
    public_answer = models.TextField(
        _("Antwort an die Absenderin oder den Absender"),
        max_length=5000,
        blank=True,
        help_text=_(
            "Erscheint auf der Statusseite der Rückmeldung; eine neue oder geänderte Antwort "
            "wird per E-Mail gemeldet. Interne Notizen gehören nicht hierher."
        ),
    )
    outcome_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Eingeflossen in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Das Projekt oder die Meldung, in die die Idee eingeflossen ist."),
    )
    published = models.BooleanField(
        _("In «Ideen und Antworten» veröffentlicht"),
        default=False,
        help_text=_(
            "Nur mit dem Einverständnis der Absenderin oder des Absenders und mit einer "
            "Antwort. Veröffentlicht werden Titel, Text und Antwort wie hier bearbeitet, nie "
            "Name oder E-Mail."
        ),
    )
    public_subject = models.CharField(_("Veröffentlichter Titel"), max_length=200, blank=True)
    public_text = models.TextField(
        _("Veröffentlichter Text der Idee"),
        max_length=5000,
        blank=True,
        help_text=_("Von der Redaktion bearbeitet: ohne Namen und Angaben zu Personen."),
    )
    # Chosen in the source language; the list filters by translation key.
    topics = models.ManyToManyField(
        "home.Topic",
        verbose_name=_("Themen"),
        blank=True,
        related_name="+",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    published_at = models.DateTimeField(_("Veröffentlicht am"), null=True, editable=False)
    # Status mails: the submitter can stop them with one click.
    status_mails = models.BooleanField(_("Statusmeldungen per E-Mail"), default=True)
    # Part of every status link; anonymisation blanks it, which ends their access.
    status_secret = models.CharField(max_length=32, default=new_status_secret, editable=False)

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
        "page_address",
        "related_project",
        "name",
        "role",
        "commune",
        "email",
        "publication_consent",
        "show_commune",
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

    def save(self, *args, **kwargs):
        if self.published and not self.published_at:
            self.published_at = timezone.now()
        elif not self.published:
            self.published_at = None
        # The status history and a status mail (home/feedback/updates.py, post_save) are
        # stored with the change or not at all.
        with transaction.atomic():
            super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not self.published:
            return
        missing = {}
        if not self.publication_consent:
            missing["published"] = _(
                "Die Absenderin oder der Absender hat einer Veröffentlichung nicht zugestimmt."
            )
        elif self.status not in (FeedbackStatus.ANSWERED, FeedbackStatus.CLOSED):
            missing["published"] = _("Veröffentlicht werden nur beantwortete Ideen.")
        for name in ("public_subject", "public_text", "public_answer"):
            if not getattr(self, name).strip():
                missing[name] = _("Für die Veröffentlichung nötig.")
        if missing:
            raise ValidationError(missing)

    @classmethod
    def from_db(cls, db, field_names, values):
        # Remember what was stored, so that a save can tell what changed (status mails).
        instance = super().from_db(db, field_names, values)
        if {"status", "public_answer"} <= set(field_names):
            instance.stored_state = instance.public_state()
        if "published" in field_names:
            instance.stored_published = instance.published
        return instance

    def public_state(self):
        """What a change of sends the submitter a mail."""
        return (self.status, " ".join(self.public_answer.split()))

    @property
    def public_status_label(self):
        return PUBLIC_STATUS_LABELS[self.status]

    def assign_reference(self):
        """VLG-<year>-<number>: unique through the primary key, readable on the phone."""
        self.reference = f"VLG-{self.created_at:%Y}-{self.pk:06d}"
        type(self).objects.filter(pk=self.pk).update(reference=self.reference)

    def anonymise(self):
        """Remove what identifies the sender; keep category, commune, project, status and
        dates for statistics."""
        self.name = self.role = self.email = self.internal_notes = self.status_secret = ""
        self.published = False
        self.subject = self.message = ANONYMISED
        self.anonymised_at = timezone.now()
        self.save()


class FeedbackStatusChange(models.Model):
    """One step of a submission's status history, shown to the submitter with its date."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("Status"), max_length=20, choices=FeedbackStatus.choices)
    at = models.DateTimeField(_("Datum"), default=timezone.now)

    class Meta:
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusänderungen")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.feedback} {self.status}"

    @property
    def public_label(self):
        return PUBLIC_STATUS_LABELS[self.status]
