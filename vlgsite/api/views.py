"""The API's addresses besides the endpoints: its index and a JSON 404 for the rest."""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse

from vlgsite.api.responses import plain_api_view, public_cache


@plain_api_view
def api_index(request):
    """/api/v2/: where the endpoints and the description are."""
    if set(request.GET) - {"_"}:
        return JsonResponse({"message": "this endpoint takes no parameters"}, status=400)
    response = JsonResponse(
        {
            "pages": request.build_absolute_uri(reverse("wagtailapi:pages:listing")),
            "images": request.build_absolute_uri(reverse("wagtailapi:images:listing")),
            "documents": request.build_absolute_uri(reverse("wagtailapi:documents:listing")),
            "communes": request.build_absolute_uri(reverse("api_communes")),
            "openapi": request.build_absolute_uri(reverse("api_openapi")),
        }
    )
    public_cache(response)
    return response


@plain_api_view
def api_not_found(request, *args, **kwargs):
    """Every other address under /api/: a JSON 404 (with the slash appended, as Django
    does elsewhere, where that finds an endpoint)."""
    if settings.APPEND_SLASH and not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    return JsonResponse({"message": "not found"}, status=404)
