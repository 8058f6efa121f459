"""The commune index and, below it, one page per commune: sub-routes of the index,
generated from the commune snippets (views: strategy/communes.py; where they are:
strategy/commune_links.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import path

from home.models.base import IndexPageMixin, RoutableSitePage
from strategy.commune_links import commune_page_urls, commune_quick_links, communes_in_order
from strategy.communes import commune_view, index_view


class CommuneIndexPage(IndexPageMixin, RoutableSitePage):
    """All communes of the canton with their number of projects, filterable by Wahlkreis;
    at `<slug>/` the page of each commune."""

    api_description = "The communes of the canton; each has its page at `<url><slug>/`."
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    cached_query_parameters = frozenset(["wahlkreis"])

    class Meta:
        verbose_name = _("Gemeindeübersicht")

    @path("")
    def index_route(self, request):
        return index_view(self, request)

    @path("<slug:slug>/")
    def commune_route(self, request, slug):
        return commune_view(self, request, slug)

    def sitemap_subpages(self):
        """The paths below this page that the sitemap lists: the commune pages, named
        alike in every language."""
        return [f"{commune.slug}/" for commune in communes_in_order()]

    def get_cached_paths(self):
        """What a CDN purge of the index reaches (home/cache/pages.py purges the listing
        pages on every publication): the commune pages too."""
        return ["/", *self.sitemap_subpages()]

    @classmethod
    def search_quick_links(cls, query, locale):
        """The commune page a search names ("Emmen", "Gemeinde Hochdorf"), above the
        results (search/quick_links.py)."""
        return commune_quick_links(query, commune_page_urls(locale))
