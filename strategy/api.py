"""The strategy documents and the project catalogue in the API: serializer fields of
their own relations (shared fields: home/api/; the fields' schema: the page models)."""

from home.api.fields import APIValueField
from home.api.representations import (
    page_reference,
    page_url,
)
from home.api.schema import BOOLEAN, INTEGER, PAGE_REFERENCE, STRING, array_of, obj
from home.text import collation_key

from .commune_links import commune_page_urls

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


def _lineage_area(properties, description):
    return obj({"id": INTEGER, "title": STRING, **properties}, description=description)


_PROJECTS = {"projects": array_of(PAGE_REFERENCE)}
LINEAGE_SCHEMA = array_of(
    obj(
        {
            "predecessor": PAGE_REFERENCE,
            "carried": array_of(
                _lineage_area(
                    {
                        "continues": obj({"id": INTEGER, "title": STRING}),
                        "renamed": BOOLEAN,
                        **_PROJECTS,
                    },
                    "A focus area of this document that continues one of the predecessor "
                    "(`continues`), with the projects of both.",
                )
            ),
            "added": array_of(_lineage_area(_PROJECTS, "A focus area new in this document.")),
            "dropped": array_of(
                _lineage_area(_PROJECTS, "A focus area of the predecessor not carried over.")
            ),
        },
        description="What changed from a document that this one replaced.",
    )
)


class LineageField(APIValueField):
    """What changed from each document that this one replaced (strategy/lineage.py)."""

    keys = ("predecessor", "carried", "added", "dropped")

    def represent(self, page):
        return [
            {
                "predecessor": page_reference(change.predecessor, self.context),
                "carried": [self.entry(entry) for entry in change.carried],
                "added": [self.entry(entry) for entry in change.added],
                "dropped": [self.entry(entry) for entry in change.dropped],
            }
            for change in page.lineage()
        ]

    def entry(self, entry):
        item = {"id": entry.area.pk, "title": entry.area.title}
        if entry.previous is not None:
            item["continues"] = {"id": entry.previous.pk, "title": entry.previous.title}
            item["renamed"] = entry.renamed
        item["projects"] = [page_reference(project, self.context) for project in entry.projects]
        return item


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
    """The participating communes, each with the URL of its commune page (None where the
    language has no commune index)."""

    keys = ("bfs_number", "name", "url")

    def represent(self, project):
        communes = sorted(project.participating_communes.all(), key=lambda c: collation_key(c.name))
        urls = commune_page_urls(project.locale_id, full=True)
        return [
            {"bfs_number": c.bfs_number, "name": c.name, "url": urls.get(c.bfs_number)}
            for c in communes
        ]


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
