"""The strategy documents and the project catalogue in the API: serializer fields of
their own relations and the JSON Schema of their page types (shared pieces: home/api.py)."""

from home.api import (
    BOOLEAN,
    DATE,
    DOCUMENT,
    IMAGE,
    INTEGER,
    PAGE_REFERENCE,
    PERSON,
    STREAM,
    STRING,
    TOPIC,
    APIValueField,
    array_of,
    nullable,
    obj,
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
    keys = ("date", "title", "done")

    def represent(self, project):
        milestones = sorted(project.milestones.all(), key=lambda m: (m.date, m.sort_order or 0))
        return [
            {"date": milestone.date.isoformat(), "title": milestone.title, "done": milestone.done}
            for milestone in milestones
        ]


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


STRATEGY_KINDS = ["strategy", "review", "implementation_plan"]
STRATEGY_STATUSES = ["draft", "in_force", "superseded"]
PROJECT_STATUSES = ["idea", "planned", "in_progress", "in_operation", "completed", "paused"]
PROJECT_LEADS = ["kanton", "vlg", "gemeinden", "bund", "joint"]
LEVELS = ["bund", "kanton", "gemeinde"]


def enum(values, description=None):
    schema = {"type": "string", "enum": list(values)}
    if description:
        schema["description"] = description
    return schema


def page_types():
    label = {"type": "string", "description": "The value's label in the page's language."}
    return {
        "strategy.StrategyIndexPage": {
            "description": "The strategy section.",
            "fields": {"intro": STRING},
        },
        "strategy.StrategyPage": {
            "description": "A strategy document: strategy, review or implementation plan.",
            "select_related": {
                "contact_person": ["contact_person"],
                "superseded_by": ["superseded_by"],
            },
            "prefetch_related": {
                "focus_areas": ["focus_areas"],
                "documents": ["documents__document"],
            },
            "fields": {
                "kind": enum(STRATEGY_KINDS),
                "kind_label": label,
                "status": enum(STRATEGY_STATUSES),
                "status_label": label,
                "adopted_on": nullable(DATE),
                "valid_from": nullable(DATE),
                "valid_to": nullable(DATE),
                "superseded_by": nullable(PAGE_REFERENCE),
                "supersedes": array_of(PAGE_REFERENCE),
                "summary": STRING,
                "body": STREAM,
                "focus_areas": array_of(
                    obj(
                        {
                            "id": INTEGER,
                            "title": STRING,
                            "slug": STRING,
                            "description": STRING,
                            "projects": array_of(PAGE_REFERENCE),
                        }
                    )
                ),
                "documents": array_of(DOCUMENT),
                "contact_person": nullable(PERSON),
            },
        },
        "strategy.ProjectIndexPage": {
            "description": "The project catalogue.",
            "fields": {"intro": STRING},
        },
        "strategy.ProjectPage": {
            "description": "A project of the e-government catalogue.",
            "select_related": {
                "lead_image": ["lead_image"],
                "focus_area": ["focus_area", "focus_area__page"],
                "contact_person": ["contact_person"],
            },
            "prefetch_related": {
                "topics": ["topics"],
                "milestones": ["milestones"],
                "participating_communes": ["participating_communes"],
                "documents": ["documents__document"],
                "lead_image": ["lead_image__renditions"],
            },
            "fields": {
                "teaser": STRING,
                "lead_image": nullable(IMAGE),
                "status": enum(PROJECT_STATUSES),
                "status_label": label,
                "lead": enum(PROJECT_LEADS, "Who leads the project."),
                "lead_label": label,
                "partners": array_of(STRING),
                "levels": array_of(enum(LEVELS, "Government levels involved.")),
                "topics": array_of(TOPIC),
                "focus_area": nullable(
                    obj(
                        {
                            "id": INTEGER,
                            "title": STRING,
                            "slug": STRING,
                            "strategy": nullable(PAGE_REFERENCE),
                        }
                    )
                ),
                "start_date": nullable(DATE),
                "planned_end": nullable(DATE),
                "milestones": array_of(obj({"date": DATE, "title": STRING, "done": BOOLEAN})),
                "participating_communes": array_of(
                    obj({"bfs_number": INTEGER, "name": STRING}, description="BFS commune.")
                ),
                "contact_person": nullable(PERSON),
                "service_url": {"type": "string", "description": "URL of the live service or ''."},
                "documents": array_of(DOCUMENT),
                "body": STREAM,
                "related_news": array_of(
                    obj({"id": INTEGER, "title": STRING, "date": DATE, "url": nullable(STRING)})
                ),
            },
        },
    }
