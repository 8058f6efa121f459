"""The strategy documents and the project catalogue in the API: serializer fields of
their own relations (shared fields: home/api/; the fields' schema: the page models)."""

from home.api.fields import APIValueField
from home.api.representations import (
    page_reference,
    page_url,
)
from home.text import collation_key

# The relations are the page types' own methods (strategy/models/), which the site's
# templates show too: these fields only represent them.


class FocusAreasField(APIValueField):
    """A strategy's focus areas with the public projects that serve each."""

    keys = ("id", "title", "slug", "description", "projects")

    def represent(self, page):
        return [
            {
                "id": area.pk,
                "title": area.title,
                "slug": area.slug,
                "description": area.description,
                "projects": [page_reference(project, self.context) for project in projects],
            }
            for area, projects in page.focus_areas_with_projects()
        ]


class SupersedesField(APIValueField):
    """The strategy documents that this one replaced."""

    keys = ("id", "title", "url")

    def represent(self, page):
        return [page_reference(other, self.context) for other in page.superseded_documents()]


class ProjectFocusAreaField(APIValueField):
    """The focus area of a strategy that a project serves, with that strategy."""

    keys = ("id", "title", "slug", "strategy")

    def represent(self, project):
        area, strategy = project.focus_area_with_strategy()
        if area is None:
            return None
        return {
            "id": area.pk,
            "title": area.title,
            "slug": area.slug,
            "strategy": page_reference(strategy, self.context) if strategy else None,
        }


class MilestonesField(APIValueField):
    """The milestones in timeline order, each planned and, when reached, actual."""

    keys = ("title", "planned_date", "actual_date", "reached", "slip_days")

    def represent(self, project):
        return [
            {
                "title": milestone.title,
                "planned_date": iso_date(milestone.planned_date),
                "actual_date": iso_date(milestone.actual_date),
                "reached": milestone.reached,
                "slip_days": milestone.slip_days,
            }
            for milestone in project.milestone_list()
        ]


class ProgressField(APIValueField):
    """The share of a project's milestones reached."""

    keys = ("reached", "total", "percent")

    def represent(self, project):
        return project.progress().as_dict()


class BudgetField(APIValueField):
    """The budget in whole francs with its financing split, or None."""

    keys = ("total", "kanton", "gemeinden", "bund", "other", "source")

    def represent(self, project):
        return project.budget()


def iso_date(value):
    return value.isoformat() if value else None


class CommunesField(APIValueField):
    keys = ("bfs_number", "name")

    def represent(self, project):
        communes = sorted(project.participating_communes.all(), key=lambda c: collation_key(c.name))
        return [{"bfs_number": c.bfs_number, "name": c.name} for c in communes]


class PartnersField(APIValueField):
    def represent(self, project):
        return project.partner_list


class LevelsField(APIValueField):
    def represent(self, project):
        return project.levels


class RelatedNewsField(APIValueField):
    """The public news that name the project, newest first."""

    keys = ("id", "title", "date", "url")

    def represent(self, project):
        return [
            {
                "id": item.pk,
                "title": item.title,
                "date": item.date.isoformat(),
                "url": page_url(item, self.context),
            }
            for item in project.related_news()
        ]
