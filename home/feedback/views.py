"""The feedback page's form: GET shows it, POST saves and redirects (post/redirect/get)."""

import logging
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from home.feedback import ratelimit
from home.feedback.forms import HONEYPOT_FIELD, TOKEN_FIELD, FeedbackForm, is_valid_token, new_token
from home.feedback.notifications import notify
from home.localization import localized_page
from home.models import Feedback

logger = logging.getLogger(__name__)


def feedback_form(request, page):
    if request.method == "POST":
        return _submit(request, page)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    form = _form(request, page, initial={TOKEN_FIELD: new_token()})
    return _render_form(request, page, form)


def _form(request, page, **kwargs):
    # As the API links it: in the page's language where translated, if public.
    privacy = localized_page(page.privacy_page, page.locale_id)
    privacy_url = privacy.get_url(request) if privacy else None
    return FeedbackForm(privacy_url=privacy_url, **kwargs)


def _render_form(request, page, form, status=200):
    response = page.render(request, context_overrides={"form": form})
    response.status_code = status
    return response


def _rejected(request, page, reason):
    """A 400 for posts no person sends through the form (bots, tampering)."""
    logger.info("Feedback post rejected: %s", reason)
    response = page.render(request, template="home/feedback_rejected.html")
    response.status_code = 400
    return response


def _see_other(url):
    response = HttpResponseRedirect(url)
    response.status_code = 303  # the browser fetches the thank-you page with GET
    return response


def _too_big(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > settings.FEEDBACK_MAX_REQUEST_BYTES
    except ValueError:
        return True


def _submit(request, page):
    if _too_big(request):
        return _rejected(request, page, "request too large")
    if request.POST.get(HONEYPOT_FIELD):
        return _rejected(request, page, "honeypot filled")
    token = request.POST.get(TOKEN_FIELD, "")
    if not is_valid_token(token):
        return _rejected(request, page, "missing or malformed form token")
    # The same form sent again (reload, double click, back button): its first result.
    existing = Feedback.objects.filter(submission_token=token).first()
    if existing is not None:
        return _see_other(page.thanks_url(existing, request))

    form = _form(request, page, data=request.POST)
    if not form.is_valid():
        return _render_form(request, page, form)
    if not ratelimit.allow(request, "feedback", settings.FEEDBACK_RATE_LIMIT):
        logger.info("Feedback post refused by the rate limit")
        form.add_error(
            None,
            _(
                "Von Ihrem Anschluss sind in kurzer Zeit viele Rückmeldungen eingegangen. "
                "Bitte senden Sie das Formular in einigen Minuten noch einmal; Ihre Angaben "
                "bleiben erhalten."
            ),
        )
        return _render_form(request, page, form, status=429)
    feedback = save_submission(form, token, page)
    return _see_other(page.thanks_url(feedback, request))


def save_submission(form, token, page):
    """Store the submission first, in its own transaction; the mails go out only after
    the commit. A form token that is already stored returns that submission instead."""
    with transaction.atomic():
        existing = Feedback.objects.filter(submission_token=token).first()
        if existing is not None:
            return existing
        feedback = form.save(commit=False)
        feedback.submission_token = token
        feedback.page = page
        feedback.language = get_language() or settings.LANGUAGE_CODE
        try:
            with transaction.atomic():
                feedback.save()
        except IntegrityError:
            # Another process stored the same form a moment ago (double click).
            existing = Feedback.objects.filter(submission_token=token).first()
            if existing is None:
                raise
            return existing
        feedback.assign_reference()
        transaction.on_commit(partial(notify, feedback.pk))
    logger.info("Feedback %s saved", feedback.reference)
    return feedback
