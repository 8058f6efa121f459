"""Loading pages and listings in few queries (shared with the news app)."""

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from home.listing import Filter


def load_foreign_keys(page, *paths, defer=()):
    """Load the objects behind the page's foreign keys (select_related paths such as
    "focus_area__page") in one query instead of one per key; `defer` names fields of
    theirs that the page does not show (a linked page's body).

    Routing loads the page without them. A key whose value differs from the stored page
    (a preview of a draft) or that is loaded already is left to load on its own.
    """
    if page.pk is None:
        return
    fields = {path.split("__")[0]: page._meta.get_field(path.split("__")[0]) for path in paths}
    fields = {
        name: field
        for name, field in fields.items()
        if getattr(page, field.attname) is not None and not field.is_cached(page)
    }
    if not fields:
        return
    stored = next(
        iter(
            type(page)
            .objects.filter(pk=page.pk)
            .select_related(*(path for path in paths if path.split("__")[0] in fields))
            .only("pk", *fields)
            .defer(*(path for path in defer if path.split("__")[0] in fields))
            .order_by()
        ),
        None,
    )
    if stored is None:
        return
    for field in fields.values():
        if getattr(stored, field.attname) == getattr(page, field.attname):
            field.set_cached_value(page, getattr(stored, field.name))


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
