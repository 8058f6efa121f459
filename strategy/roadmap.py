"""The catalogue's roadmap (sub-route zeitplan/ of the catalogue): its filtered projects
on one time axis by year, with start, planned end, milestones and today. Positions are
percentages of the axis, drawn by the template as SVG without any script."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from .catalogue import catalogue_context, filtered_projects

# Above this many years, only every fifth year is labelled on a narrow screen.
MANY_YEARS = 8


@dataclass(frozen=True)
class Year:
    year: int
    x: float
    middle: float
    minor: bool


@dataclass(frozen=True)
class Marker:
    milestone: object
    x: float


@dataclass(frozen=True)
class Row:
    project: object
    milestones: list
    markers: list
    bar_x: float | None
    bar_width: float | None
    open_end: bool
    progress: object


class Axis:
    """Whole years from the first to the last date shown; x() in per cent of the axis."""

    def __init__(self, days):
        self.first = datetime.date(min(d.year for d in days), 1, 1)
        self.last = datetime.date(max(d.year for d in days) + 1, 1, 1)
        self.length = (self.last - self.first).days

    def x(self, day):
        return round(100 * (day - self.first).days / self.length, 2)

    def years(self):
        count = self.last.year - self.first.year
        return [
            Year(
                year,
                self.x(datetime.date(year, 1, 1)),
                self.x(datetime.date(year, 7, 1)),
                count > MANY_YEARS and year % 5 != 0,
            )
            for year in range(self.first.year, self.last.year)
        ]


def project_days(project, milestones):
    days = [project.start_date, project.planned_end]
    days += [m.planned_date for m in milestones] + [m.actual_date for m in milestones]
    return [day for day in days if day]


def roadmap_rows(projects, today=None):
    """(axis, rows) of the projects in their order; the axis is None without any date.
    The milestones come in one prefetch, whatever the number of projects."""
    today = today or timezone.localdate()
    projects = list(projects.prefetch_related(None).prefetch_related("milestones"))
    pairs = [(project, project.milestone_list()) for project in projects]
    all_days = [day for project, milestones in pairs for day in project_days(project, milestones)]
    axis = Axis(all_days + [today]) if all_days else None
    return axis, [row(project, milestones, axis, today) for project, milestones in pairs]


def row(project, milestones, axis, today):
    """One project's bar from its start (or first date) to its planned end (or, open
    ended, its last date or today) and its milestones' markers."""
    days = project_days(project, milestones)
    progress = project.progress(milestones)
    open_end = not project.planned_end
    if not days:
        return Row(project, milestones, [], None, None, open_end, progress)
    bar_x = axis.x(project.start_date or min(days))
    bar_end = axis.x(project.planned_end or max(days + [today]))
    markers = [
        Marker(m, axis.x(m.timeline_date)) for m in milestones if m.planned_date or m.reached
    ]
    return Row(project, milestones, markers, bar_x, max(bar_end - bar_x, 0.5), open_end, progress)


def roadmap_view(index_page, request):
    all_projects = index_page.projects()
    listing_filter, sort, projects = filtered_projects(index_page, request, all_projects)
    listing_filter.load_counts(all_projects, index_page)
    today = timezone.localdate()
    axis, rows = roadmap_rows(projects, today)
    context = catalogue_context(index_page, request, listing_filter, sort)
    context.update(
        {
            "view": "roadmap",
            "rows": rows,
            "years": axis.years() if axis else [],
            "today": today,
            "today_x": axis.x(today) if axis else None,
        }
    )
    return index_page.render(
        request, template="strategy/project_roadmap.html", context_overrides=context
    )
