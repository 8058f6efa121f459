"""Ideas and feedback from the communes' staff: the form page and what it receives."""

from django.core import signing
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from home.api.declarations import DocumentedField
from home.api.fields import PageReferenceField
from home.api.schema import PAGE_REFERENCE, STRING, nullable
from home.models.mixins import SitePageMixin

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


class FeedbackQuerySet(models.QuerySet):
    def pending_notification(self):
        """Submissions for which a mail has not gone out yet (and still can)."""
        return self.filter(anonymised_at__isnull=True).filter(
            models.Q(department_notified_at__isnull=True)
            | models.Q(confirmation_sent_at__isnull=True)
        )


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

    department_notified_at = models.DateTimeField(
        _("Team benachrichtigt am"), null=True, editable=False
    )
    confirmation_sent_at = models.DateTimeField(
        _("Bestätigung gesendet am"), null=True, editable=False
    )
    notification_attempts = models.PositiveSmallIntegerField(
        _("Versandversuche"), default=0, editable=False
    )
    notification_error = models.CharField(
        _("Letzter Versandfehler"), max_length=200, blank=True, editable=False
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

    @property
    def notification_status(self):
        if self.anonymised_at:
            return _("Anonymisiert")
        if self.department_notified_at and self.confirmation_sent_at:
            return _("Benachrichtigt")
        if self.notification_error:
            return _("Nicht benachrichtigt: %(error)s") % {"error": self.notification_error}
        return _("Nicht benachrichtigt")

    notification_status.fget.short_description = _("Benachrichtigung")

    def anonymise(self):
        """Remove what identifies the sender; keep category, commune, project, status and
        dates for statistics."""
        self.name = self.role = self.email = self.internal_notes = ""
        self.subject = self.message = ANONYMISED
        self.anonymised_at = timezone.now()
        self.save()


class FeedbackPage(SitePageMixin, RoutablePageMixin, Page):
    """The form through which commune staff send ideas, questions and feedback."""

    intro = models.TextField(_("Einleitung"), max_length=800, blank=True)
    thank_you_text = models.TextField(
        _("Dank nach dem Absenden"),
        max_length=800,
        blank=True,
        help_text=_("Erscheint mit der Referenznummer, nachdem das Formular abgeschickt ist."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Datenschutzerklärung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wird beim Einverständnis zum Datenschutz verlinkt."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("thank_you_text"),
        FieldPanel("privacy_page"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    # The form's texts only: submissions (Feedback) have no API.
    api_description = "The ideas and feedback form. Submissions are never in the API."
    api_fields = [
        DocumentedField("intro", STRING),
        DocumentedField(
            "privacy_page", nullable(PAGE_REFERENCE), PageReferenceField("privacy_page")
        ),
    ]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Seite für Ideen und Feedback")

    @path("")
    def form_view(self, request):
        from home.feedback.views import feedback_form

        return feedback_form(request, self)

    # Wagtail's page URLs allow only letters, digits, "-" and "_" in a segment: the
    # reference and its signature are two segments.
    @path("danke/<str:reference>/<str:signature>/", name="thanks")
    def thanks_view(self, request, reference, signature):
        if not constant_time_compare(signature, self._signature(reference)):
            raise Http404
        return self.render(
            request,
            context_overrides={"reference": reference},
            template="home/feedback_thanks.html",
        )

    def _signature(self, reference):
        return signing.Signer(salt="home.feedback.thanks").signature(reference)

    def thanks_url(self, feedback, request=None):
        """The thank-you page of one submission. The reference in it is signed: nobody can
        make up the address of someone else's submission."""
        args = [feedback.reference, self._signature(feedback.reference)]
        return self.get_url(request) + self.reverse_subpage("thanks", args=args)
