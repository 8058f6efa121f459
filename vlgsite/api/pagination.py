"""limit/offset paging of the API's listings (docs/api.md), with meta.total_count kept per
content version (home/cache/counts.py): a page of a listing is read through an index, the
count of everything that matches only once per version and query."""

from django.conf import settings
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError

from home.cache.counts import counted

# Parameters that choose the page, order or shape of the items, not which items match.
NOT_COUNTED = frozenset(["limit", "offset", "order", "fields", "rich_text_format", "_"])
DEFAULT_LIMIT = 20


def number(request, name, default):
    try:
        value = int(request.GET.get(name, default))
    except ValueError as error:
        raise BadRequestError(f"{name} must be a positive integer") from error
    if value < 0:
        raise BadRequestError(f"{name} must be a positive integer")
    return value


def total_count(request, queryset):
    """The number of items that match; per content version unless it is a search (free
    text). Unknown parameters were refused before, so the key holds validated ones."""
    if "search" in request.GET:
        return queryset.count()
    parameters = [
        (name, value)
        for name, values in request.GET.lists()
        if name not in NOT_COUNTED
        for value in values
    ]
    return counted(f"api:{request.path}", parameters, queryset.count)


class CountedPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        limit_max = settings.WAGTAILAPI_LIMIT_MAX
        offset = number(request, "offset", 0)
        limit = number(request, "limit", min(DEFAULT_LIMIT, limit_max))
        if limit > limit_max:
            raise BadRequestError(f"limit cannot be higher than {limit_max}")
        self.view = view
        self.total_count = total_count(request, queryset)
        return queryset[offset : offset + limit]
