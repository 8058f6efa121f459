"""The project catalogue: filters with counts, sorting, pagination and open-data export."""

import csv
import json

from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.listing import Choice, Filter, ListingFilter, TextFilter, paginate
from home.models import Commune, Topic
from home.text import collation_key

from .models import GOVERNMENT_LEVELS, FocusArea, ProjectLead, ProjectStatus

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
]


def _count_by(field):
    def count(queryset):
        rows = queryset.order_by().values(field).annotate(n=Count("pk", distinct=True))
        return {str(row[field]): row["n"] for row in rows if row[field] is not None}

    return count


def _count_levels(queryset):
    totals = queryset.order_by().aggregate(
        **{code: Count("pk", filter=Q(**{f"level_{code}": True})) for code, _l in GOVERNMENT_LEVELS}
    )
    return {code: number for code, number in totals.items()}


def _free_text(queryset, text):
    condition = Q()
    for word in text.split():
        condition &= (
            Q(title__icontains=word) | Q(teaser__icontains=word) | Q(partners__icontains=word)
        )
    return queryset.filter(condition)


def catalogue_filter(index_page, params):
    locale = index_page.locale
    focus_areas = list(
        FocusArea.objects.filter(locale=locale, page__live=True)
        .select_related("page")
        .order_by("page__title", "sort_order")
    )
    return ListingFilter(
        params,
        [
            TextFilter("q", _("Stichwort"), _free_text),
            Filter(
                "status",
                _("Status"),
                [Choice(value, label) for value, label in ProjectStatus.choices],
                lambda qs, v: qs.filter(status=v),
                _count_by("status"),
            ),
            Filter(
                "topic",
                _("Thema"),
                (Choice(t.slug, t.name) for t in Topic.objects.filter(locale=locale)),
                lambda qs, v: qs.filter(topics__slug=v),
                _count_by("topics__slug"),
            ),
            Filter(
                "lead",
                _("Federführung"),
                [Choice(value, label) for value, label in ProjectLead.choices],
                lambda qs, v: qs.filter(lead=v),
                _count_by("lead"),
            ),
            Filter(
                "level",
                _("Staatsebene"),
                [Choice(code, label) for code, label in GOVERNMENT_LEVELS],
                lambda qs, v: qs.filter(**{f"level_{v}": True}),
                _count_levels,
            ),
            Filter(
                "strategy",
                _("Strategie"),
                (
                    Choice(slug, title)
                    for slug, title in dict(
                        (a.page.slug, a.page.title) for a in focus_areas
                    ).items()
                ),
                lambda qs, v: qs.filter(focus_area__page__slug=v),
                _count_by("focus_area__page__slug"),
            ),
            Filter(
                "focus",
                _("Strategie-Schwerpunkt"),
                (Choice(str(a.pk), f"{a.page.title}: {a.title}") for a in focus_areas),
                lambda qs, v: qs.filter(focus_area_id=int(v)),
                _count_by("focus_area_id"),
            ),
            Filter(
                "commune",
                _("Gemeinde"),
                (
                    Choice(str(c.bfs_number), c.name)
                    for c in sorted(Commune.objects.all(), key=lambda c: collation_key(c.name))
                ),
                lambda qs, v: qs.filter(participating_communes__bfs_number=int(v)),
                _count_by("participating_communes__bfs_number"),
            ),
        ],
    )


def filtered_projects(index_page, request):
    """The catalogue's projects narrowed by the query string, or 404 on a bad value."""
    listing_filter = catalogue_filter(index_page, request.GET)
    sort = request.GET.get("sort", "name")
    if not listing_filter.is_valid() or sort not in SORTS:
        raise Http404(_("Unbekannter Filter oder unbekannte Sortierung."))
    projects = listing_filter.apply(index_page.projects()).distinct()
    return listing_filter, sort, projects.order_by(*SORTS[sort][1])


def catalogue_view(index_page, request):
    listing_filter, sort, projects = filtered_projects(index_page, request)
    listing_filter.compute_counts(index_page.projects())
    page_of_projects = paginate(request, projects, per_page=PROJECTS_PER_PAGE)
    querystring = listing_filter.querystring
    if sort != "name":
        querystring = f"{querystring}&sort={sort}" if querystring else f"sort={sort}"
    return index_page.render(
        request,
        context_overrides={
            "projects": page_of_projects,
            "listing_filter": listing_filter,
            "sort": sort,
            "sorts": [(key, label) for key, (label, _o) in SORTS.items()],
            "querystring": querystring,
            "export_querystring": listing_filter.querystring,
        },
    )


def export_rows(projects, request):
    projects = projects.prefetch_related("participating_communes")
    for project in projects:
        communes = sorted(project.participating_communes.all(), key=lambda c: collation_key(c.name))
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
        }


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
            writer.writerow(
                {
                    key: "; ".join(map(str, value)) if isinstance(value, list) else value
                    for key, value in row.items()
                }
            )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
