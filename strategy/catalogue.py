"""The project catalogue: filters with counts, sorting, pagination and open-data export."""

import csv
import json

from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.cache.counts import counted
from home.cache.memory import remembered
from home.listing import Choice, ConditionFilter, ListingFilter, TextFilter, paginate
from home.models import Commune, Topic
from home.spreadsheets import formula_safe
from home.text import collation_key

from .commune_links import commune_index_url
from .feeds import catalogue_feed, catalogue_feed_links
from .maps.component import catalogue_overview
from .models.projects import GOVERNMENT_LEVELS, ProjectLead, ProjectPage, ProjectStatus
from .models.strategies import FocusArea

PROJECTS_PER_PAGE = 20

# Projects without a date come last on every database (PostgreSQL would put NULLs first
# in descending order, SQLite last).
SORTS = {
    "name": (gettext_lazy("Name"), ("title", "pk")),
    "start": (
        gettext_lazy("Startdatum (neueste zuerst)"),
        (F("start_date").desc(nulls_last=True), "title"),
    ),
    "updated": (
        gettext_lazy("Letzte Aktualisierung"),
        (F("last_published_at").desc(nulls_last=True), "title"),
    ),
}

# Stable column names of the open-data export, documented in docs/open-data.md.
EXPORT_COLUMNS = [
    "id",
    "slug",
    "title",
    "url",
    "teaser",
    "status",
    "status_label",
    "lead",
    "lead_label",
    "levels",
    "topics",
    "strategy",
    "focus_area",
    "start_date",
    "planned_end",
    "partners",
    "commune_bfs_numbers",
    "commune_names",
    "service_url",
    "last_updated",
    # Planned versus actual (strategy/progress.py) and the budget, appended.
    "progress_percent",
    "milestones_reached",
    "milestones_total",
    "next_milestone",
    "next_milestone_date",
    "budget_chf",
    "budget_kanton_chf",
    "budget_gemeinden_chf",
    "budget_bund_chf",
    "budget_other_chf",
    "budget_source",
]


def _count_by(field):
    def count(queryset):
        rows = queryset.order_by().values(field).annotate(n=Count("pk", distinct=True))
        return {str(row[field]): row["n"] for row in rows if row[field] is not None}

    return count


def _linked_to(relation, **lookup):
    """Projects linked through a many-to-many `relation` to a row matching `lookup`, as a
    subquery: a join would repeat a project per link and the list would need DISTINCT
    (a sort of every matching row on each request)."""
    links = getattr(ProjectPage, relation).through.objects.filter(**lookup)
    return Q(pk__in=links.values("projectpage_id"))


def _free_text(queryset, text):
    condition = Q()
    for word in text.split():
        condition &= (
            Q(title__icontains=word) | Q(teaser__icontains=word) | Q(partners__icontains=word)
        )
    return queryset.filter(condition)


class CatalogueFilter(ListingFilter):
    """The catalogue's filters with facet counts in four queries whatever the number of
    filters: the fixed-choice facets (status, lead, level) and the total in one
    conditional aggregate, strategy and focus area in one grouped query, topics and
    communes in one each."""

    FIXED = ("status", "lead", "level")

    def __init__(self, params, filters):
        super().__init__(params, filters)
        self.by_name = {f.name: f for f in filters}
        self.total = None

    def _apply_except(self, queryset, names):
        excluded = [self.by_name[name] for name in names]
        for listing_filter in self.filters:
            if listing_filter not in excluded:
                queryset = listing_filter.apply(queryset)
        return queryset

    def _condition_except(self, names, excluded):
        condition = Q()
        for name in names:
            if name != excluded:
                condition &= self.by_name[name].active_condition
        return condition

    def load_counts(self, queryset, index_page):
        """The facet counts and the total, per content version for each combination of
        the (validated) filters (home/cache/counts.py); with free text, per request."""
        if self.active.get("q"):
            self.compute_counts(queryset)
            return
        stored = counted(
            f"catalogue:{index_page.pk}",
            self.active.items(),
            lambda: self._counts_to_keep(queryset),
        )
        self.total = stored["total"]
        for name, counts in stored["counts"].items():
            self.by_name[name].counts = counts

    def _counts_to_keep(self, queryset):
        self.compute_counts(queryset)
        return {
            "total": self.total,
            "counts": {f.name: f.counts for f in self.filters if f.counts is not None},
        }

    def compute_counts(self, queryset):
        # Each facet is counted with all the other active filters applied: the filters
        # outside a group narrow the queryset, those inside become Count conditions.
        fixed = self._apply_except(queryset, self.FIXED).order_by()
        aggregates = {
            "total": Count("pk", distinct=True, filter=self._condition_except(self.FIXED, None))
        }
        for name in self.FIXED:
            listing_filter = self.by_name[name]
            others = self._condition_except(self.FIXED, name)
            for number, choice in enumerate(listing_filter.choices):
                aggregates[f"{name}_{number}"] = Count(
                    "pk", distinct=True, filter=others & listing_filter.condition(choice.value)
                )
        totals = fixed.aggregate(**aggregates)
        self.total = totals["total"]
        for name in self.FIXED:
            listing_filter = self.by_name[name]
            listing_filter.counts = {
                choice.value: totals[f"{name}_{number}"]
                for number, choice in enumerate(listing_filter.choices)
            }

        # A project serves one focus area, hence one strategy: the strategy counts are
        # sums over its focus areas.
        areas = ("strategy", "focus")
        rows = (
            self._apply_except(queryset, areas)
            .order_by()
            .filter(focus_area__isnull=False)
            .values("focus_area_id", "focus_area__page__slug")
            .annotate(
                for_focus=Count("pk", distinct=True, filter=self._condition_except(areas, "focus")),
                for_strategy=Count(
                    "pk", distinct=True, filter=self._condition_except(areas, "strategy")
                ),
            )
        )
        focus_counts, strategy_counts = {}, {}
        for row in rows:
            focus_counts[str(row["focus_area_id"])] = row["for_focus"]
            slug = row["focus_area__page__slug"]
            strategy_counts[slug] = strategy_counts.get(slug, 0) + row["for_strategy"]
        self.by_name["focus"].counts = focus_counts
        self.by_name["strategy"].counts = strategy_counts

        for listing_filter in self.filters:
            if listing_filter.count:
                others = self.apply(queryset, exclude=listing_filter)
                listing_filter.counts = listing_filter.count(others)


@remembered
def filter_choices(locale_id):
    """The choices of topics, strategies, focus areas and communes: the same for every
    visitor, worked out once per process and content version (home/cache/memory.py)."""
    focus_areas = list(
        FocusArea.objects.filter(locale_id=locale_id, page__live=True)
        .select_related("page")
        .order_by("page__title", "sort_order")
    )
    strategies = dict((area.page.slug, area.page.title) for area in focus_areas)
    communes = sorted(Commune.objects.all(), key=lambda c: collation_key(c.name))
    return {
        "topic": [Choice(t.slug, t.name) for t in Topic.objects.filter(locale_id=locale_id)],
        "strategy": [Choice(slug, title) for slug, title in strategies.items()],
        "focus": [Choice(str(a.pk), f"{a.page.title}: {a.title}") for a in focus_areas],
        "commune": [Choice(str(c.bfs_number), c.name) for c in communes],
    }


def catalogue_filter(index_page, params):
    choices = filter_choices(index_page.locale_id)
    return CatalogueFilter(
        params,
        [
            TextFilter("q", _("Stichwort"), _free_text),
            ConditionFilter(
                "status",
                _("Status"),
                [Choice(value, label) for value, label in ProjectStatus.choices],
                lambda v: Q(status=v),
            ),
            ConditionFilter(
                "topic",
                _("Thema"),
                choices["topic"],
                lambda v: _linked_to("topics", topic__slug=v),
                _count_by("topics__slug"),
            ),
            ConditionFilter(
                "lead",
                _("Federführung"),
                [Choice(value, label) for value, label in ProjectLead.choices],
                lambda v: Q(lead=v),
            ),
            ConditionFilter(
                "level",
                _("Staatsebene"),
                [Choice(code, label) for code, label in GOVERNMENT_LEVELS],
                lambda v: Q(**{f"level_{v}": True}),
            ),
            ConditionFilter(
                "strategy",
                _("Strategie"),
                choices["strategy"],
                lambda v: Q(focus_area__page__slug=v),
            ),
            ConditionFilter(
                "focus",
                _("Strategie-Schwerpunkt"),
                choices["focus"],
                lambda v: Q(focus_area_id=int(v)),
            ),
            ConditionFilter(
                "commune",
                _("Gemeinde"),
                choices["commune"],
                lambda v: _linked_to("participating_communes", commune__bfs_number=int(v)),
                _count_by("participating_communes__bfs_number"),
            ),
        ],
    )


def filtered_projects(index_page, request, projects=None):
    """The catalogue's projects narrowed by the query string, or 404 on a bad value."""
    listing_filter = catalogue_filter(index_page, request.GET)
    sort = request.GET.get("sort", "name")
    if not listing_filter.is_valid() or sort not in SORTS:
        raise Http404(_("Unbekannter Filter oder unbekannte Sortierung."))
    if projects is None:
        projects = index_page.projects()
    projects = listing_filter.apply(projects)
    return listing_filter, sort, projects.order_by(*SORTS[sort][1])


def catalogue_context(index_page, request, listing_filter, sort):
    """What the list and the roadmap (strategy/roadmap.py) share: filters, sorting, the
    query strings of the other view, the exports and the feeds."""
    querystring = listing_filter.querystring
    if sort != "name":
        querystring = f"{querystring}&sort={sort}" if querystring else f"sort={sort}"
    return {
        "listing_filter": listing_filter,
        "sort": sort,
        "sorts": [(key, label) for key, (label, _o) in SORTS.items()],
        "querystring": querystring,
        "export_querystring": listing_filter.querystring,
        "change_feeds": catalogue_feed_links(index_page, request, listing_filter),
    }


def catalogue_view(index_page, request):
    # One base queryset for the listing and its facet counts.
    all_projects = index_page.projects()
    listing_filter, sort, projects = filtered_projects(index_page, request, all_projects)
    listing_filter.load_counts(all_projects, index_page)
    page_of_projects = paginate(request, projects, PROJECTS_PER_PAGE, count=listing_filter.total)
    context = catalogue_context(index_page, request, listing_filter, sort)
    sort_params = {"sort": sort} if sort != "name" else {}
    context["commune_map"] = catalogue_overview(
        index_page.get_url(request), listing_filter, sort_params
    )
    context["communes_url"] = commune_index_url(index_page.locale_id)
    return index_page.render(
        request, context_overrides={"projects": page_of_projects, "view": "list", **context}
    )


def feed_view(index_page, request, kind):
    """The change feed of the projects the query string selects (strategy/feeds.py)."""
    listing_filter, _sort, projects = filtered_projects(index_page, request)
    return catalogue_feed(index_page, request, kind, listing_filter, projects)


def export_rows(projects, request):
    projects = projects.prefetch_related("participating_communes", "milestones")
    for project in projects:
        communes = sorted(project.participating_communes.all(), key=lambda c: collation_key(c.name))
        progress = project.progress()
        upcoming = project.next_milestone()
        yield {
            "id": project.pk,
            "slug": project.slug,
            "title": project.title,
            "url": project.get_full_url(request),
            "teaser": project.teaser,
            "status": project.status,
            "status_label": str(project.get_status_display()),
            "lead": project.lead,
            "lead_label": str(project.get_lead_display()),
            "levels": project.levels,
            "topics": [topic.slug for topic in project.topics.all()],
            "strategy": project.focus_area.page.title if project.focus_area else None,
            "focus_area": project.focus_area.title if project.focus_area else None,
            "start_date": project.start_date.isoformat() if project.start_date else None,
            "planned_end": project.planned_end.isoformat() if project.planned_end else None,
            "partners": project.partner_list,
            "commune_bfs_numbers": [c.bfs_number for c in communes],
            "commune_names": [c.name for c in communes],
            "service_url": project.service_url or None,
            "last_updated": (
                project.last_published_at.isoformat() if project.last_published_at else None
            ),
            "progress_percent": progress.percent,
            "milestones_reached": progress.reached,
            "milestones_total": progress.total,
            "next_milestone": upcoming.title if upcoming else None,
            "next_milestone_date": upcoming.planned_date.isoformat() if upcoming else None,
            "budget_chf": project.budget_total,
            "budget_kanton_chf": project.budget_kanton,
            "budget_gemeinden_chf": project.budget_gemeinden,
            "budget_bund_chf": project.budget_bund,
            "budget_other_chf": project.budget_other,
            "budget_source": project.budget_source or None,
        }


def csv_cell(value):
    """A list joined with "; "; text that editors typed never runs as a formula."""
    if isinstance(value, list):
        value = "; ".join(map(str, value))
    return formula_safe(value)


def export_view(index_page, request, file_format):
    if file_format not in ("csv", "json"):
        raise Http404(_("Unbekanntes Format."))
    _filter, _sort, projects = filtered_projects(index_page, request)
    rows = list(export_rows(projects, request))
    filename = f"projekte-{index_page.locale.language_code}.{file_format}"
    if file_format == "json":
        response = HttpResponse(
            json.dumps({"count": len(rows), "projects": rows}, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # lets spreadsheet programs detect UTF-8
        writer = csv.DictWriter(response, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: csv_cell(value) for key, value in row.items()})
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
