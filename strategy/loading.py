"""Loading listings in few queries (shared with the news app)."""

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from home.listing import Filter


class ConditionFilter(Filter):
    """A filter given as a Q condition, so that facet counts can be computed as
    conditional aggregates (several facets in one query)."""

    def __init__(self, name, label, choices, condition, count=None):
        super().__init__(name, label, choices, lambda qs, v: qs.filter(condition(v)), count)
        self.condition = condition

    @property
    def active_condition(self):
        return self.condition(self.selected) if self.selected else Q()


class CountedPaginator(Paginator):
    """A paginator told the number of items, when a query made anyway knows it."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.count = count


def paginate_counted(request, items, per_page, count):
    """home.listing.paginate without its COUNT query."""
    paginator = CountedPaginator(items, per_page, count)
    try:
        return paginator.page(int(request.GET.get("page", "1")))
    except (ValueError, InvalidPage) as error:
        raise Http404(_("Diese Seite der Liste gibt es nicht.")) from error
