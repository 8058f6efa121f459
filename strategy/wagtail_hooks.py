from django.db.models import Count
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Locale, Page

from strategy.models import ProjectPage, ProjectStatus


class ProjectsByStatusPanel(Component):
    """How many catalogue projects (in German, the source language) stand at each status."""

    name = "projects_by_status"
    order = 160
    template_name = "strategy/admin/projects_by_status_panel.html"

    def get_context_data(self, parent_context=None):
        counts = dict(
            ProjectPage.objects.filter(locale=Locale.get_default())
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
        )
        return {
            "rows": [(label, counts.get(value, 0)) for value, label in ProjectStatus.choices],
            "total": sum(counts.values()),
        }


@hooks.register("construct_homepage_panels")
def add_projects_by_status_panel(request, panels):
    if request.user.has_perm("wagtailadmin.access_admin") and Page.objects.exists():
        panels.append(ProjectsByStatusPanel())
