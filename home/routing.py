"""Wagtail's page serving with the page found in two queries instead of two per level.

Wagtail routes /de/aktuelles/meldung/ by walking the tree: the site's root page, its
translation in the visitor's language, then each child by slug, loading every page twice
(generic and specific). Here the language's home page comes from memory
(home/cache/memory.py), the pages along the path from one query on their url_path, and
the last of them as its specific type from a second one. Routable pages (feeds, topic
pages, the feedback form's steps) keep Wagtail's rules: a sub-route of a live routable
page wins over a child page of the same name. Everything else — view restrictions,
hooks, serving — stays Wagtail's own view.
"""

from django.http import Http404
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

from home import localization
from home.cache import memory


def language_root(site):
    """The site's root page in the active language (Wagtail's site.root_page.localized)."""
    return localized_root(site.pk, translation.get_language(), site=site)


@memory.remembered
def localized_root(site_id, language, *, site):
    return site.root_page.localized


def _subroute_matches(page_class, components):
    path = "/" + "".join(f"{component}/" for component in components)
    try:
        page_class.get_resolver().resolve(path)
    except Http404:
        return False
    return True


def find_route(request, path):
    """Wagtail's route for the path: RouteResult, or None for a 404."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = language_root(site)
    components = [component for component in path.split("/") if component]
    url_paths = [
        root.url_path + "".join(f"{component}/" for component in components[:depth])
        for depth in range(len(components) + 1)
    ]
    # The slugs let the database use its index (url_path has none).
    candidates = Page.objects.filter(
        slug__in={root.slug, *components}, url_path__in=url_paths, path__startswith=root.path
    )
    pages = {page.url_path: page for page in candidates}
    page = pages.get(root.url_path)
    if page is None:
        return None
    for depth in range(len(components) + 1):
        remaining = components[depth:]
        page_class = page.specific_class
        if page_class is None:
            return None
        if page_class.route not in (Page.route, RoutablePageMixin.route):
            # A page type with routing of its own: let it route the rest.
            return page.specific.route(request, remaining)
        routable = issubclass(page_class, RoutablePageMixin)
        if not remaining or (routable and page.live and _subroute_matches(page_class, remaining)):
            result = page.specific.route(request, remaining)
            localization.with_locale(result[0])
            return result
        page = pages.get(url_paths[depth + 1])
        if page is None:
            return None
    return None


def serve(request, path):
    if not hasattr(request, "_wagtail_route_for_request"):
        try:
            request._wagtail_route_for_request = find_route(request, path)
        except Http404:
            request._wagtail_route_for_request = None
    return wagtail_views.serve(request, path)
