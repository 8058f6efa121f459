"""The submitter's private status page: reached by a signed link from the mails (no
account), it shows one submission as sent, its status history, the department's answer and
the page the idea went into — never internal notes, other submissions or who handled it.

A link names the submission and its `status_secret`; anonymisation blanks the secret, which
ends every link's access. A link is valid for FEEDBACK_RETENTION_DAYS."""

from django.conf import settings
from django.core import signing
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale

from home.feedback.models import Feedback
from home.localization import localized_page
from home.mail import site_root

SALT = "home.feedback.status"


def status_token(feedback):
    return signing.dumps([feedback.pk, feedback.status_secret], salt=SALT)


def feedback_for(token):
    """The submission a link names, or None (changed, expired, anonymised)."""
    max_age = settings.FEEDBACK_RETENTION_DAYS * 24 * 3600
    try:
        pk, secret = signing.loads(token, salt=SALT, max_age=max_age)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    feedback = Feedback.objects.filter(pk=pk, anonymised_at__isnull=True).first()
    if feedback and secret and feedback.status_secret == secret:
        return feedback
    return None


def status_url(feedback, view_name="feedback_status"):
    """The full address of the status page (or its "no more mails" page) in the
    submission's language, for mails."""
    with translation.override(feedback.language):
        path = reverse(view_name, args=[status_token(feedback)])
    return site_root() + path


def not_found(request):
    message = _(
        "Diese Statusseite gibt es nicht oder nicht mehr. Prüfen Sie, ob Sie den ganzen Link "
        "aus der E-Mail verwendet haben; nach Ablauf der Aufbewahrungsfrist werden "
        "Rückmeldungen anonymisiert und ihre Statusseiten gelöscht."
    )
    context = {"title": _("Statusseite nicht gefunden"), "message": message}
    return render(request, "home/message.html", context, status=404)


@never_cache
def status_view(request, token):
    feedback = feedback_for(token)
    if feedback is None:
        return not_found(request)
    outcome = outcome_page(feedback)
    context = {
        "feedback": feedback,
        "history": feedback.status_changes.all(),
        "outcome": outcome,
        "outcome_kind": outcome._meta.verbose_name if outcome else None,
        "token": token,
    }
    response = render(request, "home/feedback/status.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


def outcome_page(feedback):
    """The page the idea went into, in the submission's language where translated, if
    visitors may open it."""
    if feedback.outcome_page is None:
        return None
    locale = Locale.objects.filter(language_code=feedback.language).first()
    page = feedback.outcome_page.specific
    return localized_page(page, locale.pk if locale else page.locale_id)


# Mail programs post here without a session or token (RFC 8058 one-click unsubscribe).
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def stop_mails(request, token):
    """GET asks (a scanner that opens the link stops nothing); POST stops the mails."""
    feedback = feedback_for(token)
    if feedback is None:
        return not_found(request)
    if request.method == "POST":
        Feedback.objects.filter(pk=feedback.pk).update(status_mails=False)
        feedback.status_mails = False
    context = {"feedback": feedback, "token": token, "stopped": not feedback.status_mails}
    return render(request, "home/feedback/status_mails.html", context)
