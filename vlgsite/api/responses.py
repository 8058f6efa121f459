"""What every answer of the API shares: JSON whatever the client accepts, public HTTP
caching with the time the content last changed, and the API's own URLconf (no language
redirects)."""

from functools import wraps

from django.conf import settings
from django.db.models import Max
from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt
from rest_framework.negotiation import BaseContentNegotiation
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from home.cache.memory import remembered


@remembered
def content_changed_at():
    """When the public content last changed: the newest publication, admin action on a
    page or snippet, image or document. Worked out once per content version."""
    candidates = [
        Page.objects.live().aggregate(value=Max("last_published_at"))["value"],
        PageLogEntry.objects.aggregate(value=Max("timestamp"))["value"],
        ModelLogEntry.objects.aggregate(value=Max("timestamp"))["value"],
        get_image_model().objects.aggregate(value=Max("created_at"))["value"],
        get_document_model().objects.aggregate(value=Max("created_at"))["value"],
    ]
    candidates = [value for value in candidates if value is not None]
    return max(candidates) if candidates else None


class JSONOnly(BaseContentNegotiation):
    """JSON whatever the Accept header says: no 406 for machine clients."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def outside_i18n(request):
    """Answer as the API's own URLconf: LocaleMiddleware neither redirects an API 404
    to /de/api/… nor adds Vary: Accept-Language (the API does not depend on it)."""
    getattr(request, "_request", request).urlconf = "vlgsite.api.urls"


def public_cache(response):
    """Public content for everyone: shared caches may keep it a few minutes."""
    patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
    changed = content_changed_at()
    if changed is not None and not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(changed.timestamp())


def plain_api_view(view):
    """A function view of the API behaves like the endpoints: no CSRF (nothing is
    written, no session is read), GET/HEAD/OPTIONS only (else a JSON 405), no language
    redirects."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        outside_i18n(request)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            response = JsonResponse({"message": f"method {request.method} not allowed"}, status=405)
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        return view(request, *args, **kwargs)

    return wrapped
