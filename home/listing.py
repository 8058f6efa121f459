"""Filtering and pagination shared by every listing of the site.

A listing declares its filters; the query string is validated against the values that
exist, so a bad value is a clean 404 instead of an error, and the active filters are kept
in the pagination links.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Q
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


class Filter:
    """One query-string parameter that narrows a listing to a single value.

    With a `count` callable (queryset -> {value: number}) the filter also tells, for each
    value, how many items the listing would show when it is chosen with the other active
    filters: the counts beside each choice.
    """

    def __init__(self, name, label, choices, lookup, count=None):
        self.name = name
        self.label = label
        self._choices = choices  # an iterable of Choice, evaluated once when needed
        self.lookup = lookup  # a callable (queryset, value) -> queryset
        self.count = count
        self.counts = None
        self.selected = ""

    @cached_property
    def choices(self):
        return list(self._choices)

    @property
    def choices_with_counts(self):
        """(choice, count) pairs; choices that would give nothing are left out unless
        selected."""
        counts = self.counts or {}
        return [
            (choice, counts.get(choice.value, 0))
            for choice in self.choices
            if counts.get(choice.value) or choice.value == self.selected
        ]

    @property
    def options(self):
        """(choice, count) pairs for the form: with counts, as choices_with_counts;
        without, every choice and None."""
        if self.counts is None:
            return [(choice, None) for choice in self.choices]
        return self.choices_with_counts

    def is_valid(self):
        return not self.selected or any(c.value == self.selected for c in self.choices)

    def apply(self, queryset):
        return self.lookup(queryset, self.selected) if self.selected else queryset


class TextFilter(Filter):
    """A free-text parameter; any text up to max_length is valid."""

    is_text = True

    def __init__(self, name, label, lookup, max_length=200):
        super().__init__(name, label, (), lookup)
        self.max_length = max_length

    def is_valid(self):
        return len(self.selected) <= self.max_length


class ListingFilter:
    def __init__(self, params, filters):
        self.filters = filters
        for listing_filter in filters:
            listing_filter.selected = params.get(listing_filter.name, "").strip()

    def __iter__(self):
        return iter(self.filters)

    def is_valid(self):
        return all(f.is_valid() for f in self.filters)

    def apply(self, queryset, exclude=None):
        for listing_filter in self.filters:
            if listing_filter is not exclude:
                queryset = listing_filter.apply(queryset)
        return queryset

    @property
    def active(self):
        return {f.name: f.selected for f in self.filters if f.selected}

    @property
    def querystring(self):
        """The active filters, urlencoded, for links that must keep them (pagination)."""
        return urlencode(self.active)


class CountedPaginator(Paginator):
    """A paginator told the number of items, when a query made anyway knows it."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.count = count


def paginate(request, items, per_page, count=None):
    """Return the requested page of items; a page that does not exist is a 404. With
    `count` (known from a query made anyway), no COUNT query."""
    paginator = (
        Paginator(items, per_page) if count is None else CountedPaginator(items, per_page, count)
    )
    number = request.GET.get("page", "1")
    try:
        return paginator.page(int(number))
    except (ValueError, InvalidPage) as error:
        raise Http404(_("Diese Seite der Liste gibt es nicht.")) from error


class ConditionFilter(Filter):
    """A filter given as a Q condition, so that facet counts can be computed as
    conditional aggregates (several facets in one query)."""

    def __init__(self, name, label, choices, condition, count=None):
        super().__init__(name, label, choices, lambda qs, v: qs.filter(condition(v)), count)
        self.condition = condition

    @property
    def active_condition(self):
        return self.condition(self.selected) if self.selected else Q()
