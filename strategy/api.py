"""The strategy documents and the project catalogue in the API: serializer fields of
their own relations (shared fields: home/api/; the fields' schema: the page models)."""

from home.api.fields import APIValueField
from home.api.representations import (
    localized_object,
    localized_pages,
    page_reference,
    page_url,
    public,
)


def one_per_translation(pages):
    """Pages linked in several languages, once each (by translation key), in order."""
    seen, unique = set(), []
    for page in pages:
        if page.translation_key not in seen:
            seen.add(page.translation_key)
            unique.append(page)
    return unique


class FocusAreasField(APIValueField):
    """A strategy's focus areas with the public projects that serve each."""

    keys = ("id", "title", "slug", "description", "projects")

    def represent(self, page):
        from strategy.models import ProjectPage

        areas = list(page.focus_areas.all())
        projects = (
            public(ProjectPage.objects.all())
            .filter(focus_area__translation_key__in=[area.translation_key for area in areas])
            .select_related("focus_area")
            .defer_streamfields()
            .order_by("title")
        )
        by_area = {}
        for project in projects:
            by_area.setdefault(project.focus_area.translation_key, []).append(project)
        return [
            {
                "id": area.pk,
                "title": area.title,
                "slug": area.slug,
                "description": area.description,
                "projects": [
                    page_reference(project, self.context)
                    for project in localized_pages(
                        one_per_translation(by_area.get(area.translation_key, [])),
                        page.locale_id,
                    )
                ],
            }
            for area in areas
        ]


class SupersedesField(APIValueField):
    """The strategy documents that this one replaced (links kept to the German sources
    are matched by translation key, so every language finds them)."""

    keys = ("id", "title", "url")

    def represent(self, page):
        from strategy.models import StrategyPage

        earlier = (
            public(StrategyPage.objects.all())
            .filter(superseded_by__translation_key=page.translation_key)
            .defer_streamfields()
            .order_by("-valid_from", "title")
        )
        shown = localized_pages(one_per_translation(earlier), page.locale_id)
        return [page_reference(other, self.context) for other in shown]


class ProjectFocusAreaField(APIValueField):
    """The focus area of a strategy that a project serves, with that strategy."""

    keys = ("id", "title", "slug", "strategy")

    def represent(self, project):
        if not project.focus_area_id:
            return None
        area = localized_object(project.focus_area, project.locale_id)
        strategies = localized_pages([area.page], project.locale_id)
        return {
            "id": area.pk,
            "title": area.title,
            "slug": area.slug,
            "strategy": page_reference(strategies[0], self.context) if strategies else None,
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
        from home.text import collation_key

        communes = sorted(project.participating_communes.all(), key=lambda c: collation_key(c.name))
        return [{"bfs_number": c.bfs_number, "name": c.name} for c in communes]


class PartnersField(APIValueField):
    def represent(self, project):
        return project.partner_list


class LevelsField(APIValueField):
    def represent(self, project):
        return project.levels


class RelatedNewsField(APIValueField):
    """The public news that name the project, newest first, in the project's language
    where translated."""

    keys = ("id", "title", "date", "url")

    def represent(self, project):
        from news.models import NewsPage

        news = list(
            public(NewsPage.objects.all())
            .filter(related_projects__translation_key=project.translation_key)
            .defer_streamfields()
            .distinct()
        )
        by_key = {}
        for item in sorted(news, key=lambda n: n.locale_id != project.locale_id):
            by_key.setdefault(item.translation_key, item)
        # Untranslated news appear in their own (source) language.
        chosen = sorted(by_key.values(), key=lambda n: (n.date, n.pk), reverse=True)
        return [
            {
                "id": item.pk,
                "title": item.title,
                "date": item.date.isoformat(),
                "url": page_url(item, self.context),
            }
            for item in chosen
        ]
