from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from search import service


@require_GET
def search(request):
    outcome = service.search(request.GET, request=request)
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search": outcome,
            "search_query": outcome.query,
            "search_results": outcome.page,
            "querystring": outcome.querystring,
        },
    )


@require_GET
@cache_control(max_age=60)
def autocomplete(request):
    """JSON for the search box's suggestions: [{"title", "url", "type"}, …]."""
    suggestions = service.autocomplete(request.GET.get("q", ""), request=request)
    return JsonResponse(suggestions, safe=False)
