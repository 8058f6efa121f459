"""Reads the content version once per request and hands Wagtail the site and its root
paths from this process's memory (Wagtail reads them from these request attributes)."""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from home.cache.memory import remembered, reset_version, shared_version, use_version


@remembered
def site_for_host(hostname, port):
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    # Wagtail's serve view routes from site.root_page.localized.specific: with the root
    # page of its specific type (the HomePage), both come from memory (HomePage.localized).
    site.root_page = site.root_page.specific
    return site


def site_for_request(request):
    try:
        hostname = split_domain_port(request.get_host())[0]
    except DisallowedHost:
        # Not remembered: a client can send any host name. (Django answers 400 later.)
        return Site._find_for_request(request)
    return site_for_host(hostname, request.get_port())


@remembered
def site_root_paths():
    return Site.get_site_root_paths()


class ContentVersionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(settings.NOT_CONTENT_PATHS):
            return self.get_response(request)
        token = use_version(shared_version())
        try:
            request._wagtail_site = site_for_request(request)
            request._wagtail_cached_site_root_paths = site_root_paths()
            return self.get_response(request)
        finally:
            reset_version(token)
