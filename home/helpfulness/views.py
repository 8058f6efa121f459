"""The post of the helpfulness widget and its thank-you page.

Without JavaScript the widget's form posts here and gets a redirect to the thank-you
page (or, refused, a page with the form, what was chosen and typed kept, and the reason).
Its script (home/static/home/js/helpfulness.js) posts with the header FRAGMENT_HEADER and
gets only the piece of HTML that replaces the widget: the thanks or the form with the
reason. Never JSON: the messages come rendered in the visitor's language.
"""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from wagtail.models import Page

from home import throttle
from home.helpfulness.forms import NO, HelpfulnessForm, asks_if_helpful
from home.helpfulness.models import HelpfulnessVote
from home.visibility import is_live_public

logger = logging.getLogger(__name__)

FRAGMENT_HEADER = "X-Helpfulness-Widget"
THROTTLE_SCOPE = "helpfulness"
# A vote with a comment of 500 characters is well below this; larger bodies are refused
# before they are read.
MAX_REQUEST_BYTES = 16 * 1024


def wants_fragment(request):
    return request.headers.get(FRAGMENT_HEADER) == "1"


# No CSRF token: the widget sits on pages the page cache stores for every visitor
# (home/cache/pages.py stores no page with a token in it). A forged post can do no more
# than a visitor clicking "Ja" or "Nein" can: add one anonymous vote, counted by the
# same per-client limit (HELPFULNESS_RATE_LIMIT). It changes nothing else.
@csrf_exempt
@require_POST
@never_cache
def vote(request):
    if _too_big(request):
        return _refused(request, _("Ihre Rückmeldung ist zu lang. Bitte kürzen Sie den Kommentar."))
    form = HelpfulnessForm(request.POST)
    if form.is_bot():
        logger.info("Helpfulness vote rejected: honeypot filled")
        return _thanked(request, request.POST.get("page", ""))
    if not form.is_valid():
        if form.voted_page is None:
            return _refused(
                request,
                _(
                    "Diese Seite gibt es nicht oder nicht mehr. Ihre Rückmeldung wurde "
                    "nicht gespeichert."
                ),
            )
        return _form(request, form, status=400)
    if not throttle.allow(request, THROTTLE_SCOPE, settings.HELPFULNESS_RATE_LIMIT):
        logger.info("Helpfulness vote refused by the rate limit")
        minutes = throttle.period_minutes(settings.HELPFULNESS_RATE_LIMIT)
        form.add_error(
            None,
            _(
                "Von Ihrem Anschluss sind in kurzer Zeit viele Rückmeldungen eingegangen. "
                "Bitte senden Sie sie in %(minutes)s Minuten noch einmal; Ihre Angaben "
                "bleiben erhalten."
            )
            % {"minutes": minutes},
        )
        response = _form(request, form, status=429)
        response["Retry-After"] = str(minutes * 60)
        return response
    page = form.voted_page
    HelpfulnessVote.objects.create(
        page=page,
        language=page.locale.language_code,
        helpful=form.cleaned_data["helpful"] != NO,
        comment=form.cleaned_data["comment"].strip(),
    )
    return _thanked(request, page.pk)


def _too_big(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REQUEST_BYTES
    except ValueError:
        return True


def _thanked(request, page_id):
    if wants_fragment(request):
        return render(request, "home/helpfulness/thanks_message.html")
    address = reverse("helpfulness_thanks") + "?" + urlencode({"seite": page_id})
    return HttpResponseRedirect(address, status=303)


def _form(request, form, status):
    """The form as sent, with the reason it was not stored."""
    if wants_fragment(request):
        template = "home/helpfulness/form.html"
    else:
        template = "home/helpfulness/vote.html"
    context = {"form": form, "voted_page": form.voted_page}
    return render(request, template, context, status=status)


def _refused(request, message):
    if wants_fragment(request):
        template = "home/helpfulness/message_fragment.html"
    else:
        template = "home/helpfulness/message.html"
    return render(request, template, {"message": message}, status=400)


@require_safe
def thanks(request):
    """The thank-you page after a post without JavaScript, with a link back to the page
    (only to one a visitor may open; otherwise to the home page)."""
    page_id = request.GET.get("seite", "")
    page = None
    if page_id.isdigit() and len(page_id) < 11:
        page = Page.objects.filter(pk=int(page_id), depth__gt=1).first()
        if page is not None and not (is_live_public(page) and asks_if_helpful(page)):
            page = None
    return render(request, "home/helpfulness/thanks.html", {"voted_page": page})
