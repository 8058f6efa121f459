"""The project catalogue's page. Its views (listing, filters, open-data export) are
strategy/catalogue.py."""

from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import path

from home.models.base import IndexPageMixin, RoutableSitePage
from strategy.catalogue import catalogue_view, export_view, feed_view
from strategy.roadmap import roadmap_view
from strategy.subscriptions import catalogue_target, project_matches

from .projects import ProjectPage


class ProjectIndexPage(IndexPageMixin, RoutableSitePage):
    """The project catalogue: filterable, sortable, and downloadable as open data."""

    api_description = "The project catalogue."
    subpage_types = ["strategy.ProjectPage"]
    # The catalogue's filters, sorting and paging (strategy/catalogue.py), also of its
    # exports and change feeds (strategy/feeds.py).
    cached_query_parameters = frozenset(
        ["q", "status", "topic", "lead", "level", "strategy", "focus", "commune", "sort", "page"]
    )

    class Meta:
        verbose_name = _("Projektkatalog")

    def projects(self):
        return ProjectPage.objects.child_of(self).catalogue(self.locale_id)

    @path("")
    def catalogue_route(self, request):
        return catalogue_view(self, request)

    @path("zeitplan/")
    def roadmap_route(self, request):
        """The filtered projects on a time axis (strategy/roadmap.py)."""
        return roadmap_view(self, request)

    @path("export/<str:file_format>/")
    def export_route(self, request, file_format):
        return export_view(self, request, file_format)

    @path("feed/<str:kind>/")
    def feed_route(self, request, kind):
        return feed_view(self, request, kind)

    # E-mail alerts (home/subscriptions/): the current filters, as a stored query.
    def subscription_target(self, params):
        return catalogue_target(self, params)

    def project_matches_subscription_query(self, project, key):
        return project_matches(self, project, key)
