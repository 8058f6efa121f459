"""The page of the ideas-and-feedback form. Like Wagtail's form pages (AbstractForm.serve),
the page serves its form itself, in steps a subclass can override:

GET: get_form (with a one-time token) → render_form.
POST: rejection_reason (size, honeypot, token) → a token already stored: the same text
goes to its thank-you page, a different one back to the form (render_result) →
get_form, validation → rate limit → process_form_submission (the submission and its mails,
queued in the outbox, saved in one transaction) → render_landing_page (a redirect to the
signed thank-you page).
"""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, models, transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.utils.crypto import constant_time_compare
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.models import Page
from wagtail.search import index

from home.api.declarations import DocumentedField
from home.api.fields import PageReferenceField
from home.api.schema import PAGE_REFERENCE, STRING, nullable
from home.feedback import ratelimit
from home.feedback.forms import (
    CATEGORY_PARAMETER,
    HONEYPOT_FIELD,
    PAGE_PARAMETER,
    TOKEN_FIELD,
    feedback_form_class,
    is_valid_token,
    new_token,
    prefill,
)
from home.feedback.models import Feedback
from home.feedback.notifications import queue_notifications
from home.localization import localized_page
from home.models.base import RoutableSitePage, intro_field

logger = logging.getLogger(__name__)

RATE_LIMITED = _(
    "Von Ihrem Anschluss sind in kurzer Zeit viele Rückmeldungen eingegangen. Bitte senden "
    "Sie das Formular in einigen Minuten noch einmal; Ihre Angaben bleiben erhalten."
)
ALREADY_SENT = _(
    "Diese Nachricht wurde bereits gesendet. Ihr geänderter Text ist noch nicht bei uns: "
    "Prüfen Sie ihn und senden Sie das Formular noch einmal, dann erhält er eine eigene "
    "Referenznummer."
)


class FeedbackPage(RoutableSitePage):
    """The form through which commune staff send ideas, questions and feedback."""

    intro = intro_field()
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

    # A link may choose the category and name the page in advance ("Barriere melden").
    page_parameter = PAGE_PARAMETER
    cached_query_parameters = frozenset([CATEGORY_PARAMETER, PAGE_PARAMETER])

    rate_limit_scope = "feedback"
    # No "War diese Seite hilfreich?" under the form (home/helpfulness/).
    asks_if_helpful = False
    rejected_template = "home/feedback_rejected.html"
    landing_page_template = "home/feedback_thanks.html"

    class Meta:
        verbose_name = _("Seite für Ideen und Feedback")

    # -- The form: GET shows it, POST stores it and redirects (post/redirect/get) ---------

    @path("")
    def index_route(self, request):
        """What serve() (RoutablePageMixin's) calls for the page's own URL and its preview."""
        if request.method == "POST":
            return self.serve_submission(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        initial = {**prefill(request.GET, request.get_host()), TOKEN_FIELD: new_token()}
        return self.render_form(request, self.get_form(request, initial=initial))

    @staticmethod
    def prefill_query(category):
        """The query string of a link to the form with this category chosen."""
        return "?" + urlencode({CATEGORY_PARAMETER: category})

    def get_form_class(self):
        return feedback_form_class()

    def get_form(self, request, **kwargs):
        # As the API links it: in the page's language where translated, if public.
        privacy = localized_page(self.privacy_page, self.locale_id)
        privacy_url = privacy.get_url(request) if privacy else None
        return self.get_form_class()(
            privacy_url=privacy_url, site_host=request.get_host(), **kwargs
        )

    def render_form(self, request, form, status=200):
        response = self.render(request, context_overrides={"form": form})
        response.status_code = status
        return response

    def serve_submission(self, request):
        reason = self.rejection_reason(request)
        if reason:
            return self.render_rejected(request, reason)
        token = request.POST[TOKEN_FIELD]
        # The same form sent again (reload, double click, back button).
        stored = Feedback.objects.filter(submission_token=token).first()
        if stored is not None:
            return self.render_result(request, stored)

        form = self.get_form(request, data=request.POST)
        if not form.is_valid():
            return self.render_form(request, form)
        if not ratelimit.allow(request, self.rate_limit_scope, settings.FEEDBACK_RATE_LIMIT):
            logger.info("Feedback post refused by the rate limit")
            form.add_error(None, RATE_LIMITED)
            return self.render_form(request, form, status=429)
        feedback = self.process_form_submission(form, token)
        # Usually this post's submission; a different text only if another process stored
        # a post with the same token a moment ago.
        return self.render_result(request, feedback)

    def render_result(self, request, stored):
        """The thank-you page when the stored submission has this post's text; otherwise
        (a used form token with a new text) the form with that text, a fresh token and
        the reason, so nothing typed is lost unnoticed."""
        if _same_text(stored, request.POST):
            return self.render_landing_page(request, stored)
        logger.info("Feedback post repeated a used form token with a different text")
        data = request.POST.copy()
        data[TOKEN_FIELD] = new_token()
        form = self.get_form(request, data=data)
        form.full_clean()
        form.add_error(None, ALREADY_SENT)
        return self.render_form(request, form, status=409)

    def rejection_reason(self, request):
        """Why a post did not come from a person using the form (bots, tampering), or None.
        The size is checked first: before the body is read."""
        if _too_big(request):
            return "request too large"
        if request.POST.get(HONEYPOT_FIELD):
            return "honeypot filled"
        if not is_valid_token(request.POST.get(TOKEN_FIELD, "")):
            return "missing or malformed form token"
        return None

    def render_rejected(self, request, reason):
        logger.info("Feedback post rejected: %s", reason)
        response = self.render(request, template=self.rejected_template)
        response.status_code = 400
        return response

    def process_form_submission(self, form, token):
        """Store the submission and queue its mails in one transaction: both are kept or
        neither. A form token that is already stored returns that submission instead."""
        with transaction.atomic():
            stored = Feedback.objects.filter(submission_token=token).first()
            if stored is not None:
                return stored
            feedback = form.save(commit=False)
            feedback.submission_token = token
            feedback.page = self
            feedback.language = get_language() or settings.LANGUAGE_CODE
            try:
                with transaction.atomic():
                    feedback.save()
            except IntegrityError:
                # Another process stored the same form a moment ago (double click).
                stored = Feedback.objects.filter(submission_token=token).first()
                if stored is None:
                    raise
                return stored
            feedback.assign_reference()
            queue_notifications(feedback)
        logger.info("Feedback %s saved", feedback.reference)
        return feedback

    def render_landing_page(self, request, feedback):
        response = HttpResponseRedirect(self.thanks_url(feedback, request))
        response.status_code = 303  # the browser fetches the thank-you page with GET
        return response

    # -- The thank-you page -------------------------------------------------------------

    # Wagtail's page URLs allow only letters, digits, "-" and "_" in a segment: the
    # reference and its signature are two segments.
    @path("danke/<str:reference>/<str:signature>/", name="thanks")
    def thanks_view(self, request, reference, signature):
        if not constant_time_compare(signature, self._signature(reference)):
            raise Http404
        return self.render(
            request,
            context_overrides={"reference": reference},
            template=self.landing_page_template,
        )

    def _signature(self, reference):
        return signing.Signer(salt="home.feedback.thanks").signature(reference)

    def thanks_url(self, feedback, request=None):
        """The thank-you page of one submission. The reference in it is signed: nobody can
        make up the address of someone else's submission."""
        args = [feedback.reference, self._signature(feedback.reference)]
        return self.get_url(request) + self.reverse_subpage("thanks", args=args)


def _same_text(stored, data):
    """Whether a post carries the text of the stored submission (a repeat, not a new one)."""
    return all(
        _words(data.get(name, "")) == _words(getattr(stored, name))
        for name in ("subject", "message")
    )


def _words(text):
    """Text as the form stores it, compared without differences in line ends and spaces."""
    return " ".join(text.split())


def _too_big(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > settings.FEEDBACK_MAX_REQUEST_BYTES
    except ValueError:
        return True
