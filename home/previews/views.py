"""The page behind a preview link: the page's latest draft as visitors would see it, with
the "Entwurf" banner, for nobody's index or cache.

Any link that does not open a draft (unknown, garbled, revoked, expired, the page since
published or deleted) gets the site's 404 page; each such miss counts towards a limit per
client (PREVIEW_LINK_RATE_LIMIT), so that nobody can try many links. An opened link costs
no write.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from home import throttle

from . import links

THROTTLE_SCOPE = "preview-link"


@require_safe
def shared_preview(request, token):
    rate = settings.PREVIEW_LINK_RATE_LIMIT
    if throttle.exceeded(request, THROTTLE_SCOPE, rate):
        return _too_many(request, rate)
    link = links.find_active(token)
    if link is None:
        throttle.allow(request, THROTTLE_SCOPE, rate)
        raise Http404
    draft = link.page.specific.get_latest_revision_as_object()
    language = draft.locale.language_code
    mode = draft.default_preview_mode
    with translation.override(language):
        # What the site's templates read for a preview (no helpfulness widget, no
        # remembered menus) and for the banner (templates/home/previews/banner.html).
        request.LANGUAGE_CODE = language
        request.is_preview = True
        request.preview_mode = mode
        request.shared_preview = {"lines": banner_lines(link, language)}
        response = draft.serve_preview(request, mode)
        if hasattr(response, "render"):
            response.render()
    return private(response)


def banner_lines(link, language):
    """The banner's sentence in German and, for a page in another language, in that
    language: [(language code, text)]."""
    until = format_date(timezone.localtime(link.expires_at), "d.m.Y, H:i")
    lines = []
    for code in dict.fromkeys(["de", language]):
        with translation.override(code):
            text = _("Entwurf – nicht veröffentlicht. Vorschau gültig bis %(until)s.")
            lines.append((code, text % {"until": until}))
    return lines


def private(response):
    """Never kept by a browser, proxy or the page cache, never indexed, and the secret
    address never sent on in a Referer."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _too_many(request, rate):
    minutes = throttle.period_minutes(rate)
    message = _(
        "Von Ihrem Anschluss wurden in kurzer Zeit viele ungültige Vorschau-Links "
        "aufgerufen. Bitte versuchen Sie es in %(minutes)s Minuten noch einmal."
    ) % {"minutes": minutes}
    response = render(request, "home/too_many_attempts.html", {"message": message}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return private(response)
