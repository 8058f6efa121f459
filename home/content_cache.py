"""What every request reads and only editors change, kept in each app process's memory:
the site for a host name, the language home pages, the page frame (navigation, footer),
site settings, whether any view restriction exists, Wagtail's site root paths.

A shared content version (one value in the default cache, so that every app process sees
it) changes after every change visitors can see: a page saved, published, unpublished,
moved or deleted; a snippet, setting, site, locale, image, document or view restriction
saved or deleted (CONTENT_MODELS). Each request reads the version once
(ContentVersionMiddleware); what a process remembered under an older version is dropped.
The page cache (home/page_cache.py) keys whole pages with the same version, so that one
change refreshes both; a CDN in front is purged page by page (home/page_cache.py).

The process that makes a change forgets at once; the others when the change is committed
(before that they would read the old content again under the new version).
"""

import contextvars
import uuid

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "content-version"

# The version the current request works with (set by ContentVersionMiddleware).
_request_version = contextvars.ContextVar("content_version", default=None)
# This process's memory: {"version": ..., "values": {name: value}}.
_memory = {"version": None, "values": {}}


def shared_version():
    """The current version in the shared cache; created when missing (first use, or
    evicted, which only costs a recomputation)."""
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        current = cache.get(VERSION_KEY)
    return current


def version():
    """The version of the running request (read once per request), else the shared one."""
    return _request_version.get() or shared_version()


def remember(name, compute):
    """compute() once per process and content version."""
    current = version()
    if _memory["version"] != current:
        _memory["values"] = {}
        _memory["version"] = current
    values = _memory["values"]
    if name not in values:
        values[name] = compute()
    return values[name]


def forget_here():
    """Drop this process's memory (tests start each case with it)."""
    _memory["version"] = None
    _memory["values"] = {}


def new_version():
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    forget_here()


def content_changed(sender=None, **kwargs):
    forget_here()
    transaction.on_commit(new_version)


# What the site reads besides pages: a change to any of them is a change of content.
CONTENT_MODELS = (
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.CollectionViewRestriction",
    "home.Topic",
    "home.Person",
    "home.Commune",
    "home.SiteSettings",
    "home.FooterText",
    "home.CustomImage",
    "wagtaildocs.Document",
)


def _page_saved_or_deleted(sender, **kwargs):
    from wagtail.models import Page

    if issubclass(sender, Page):
        content_changed()


def connect():
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(content_changed, dispatch_uid=f"content-version-{signal}")
    # Pages of every type (the signals name the concrete class).
    post_save.connect(_page_saved_or_deleted, dispatch_uid="content-version-page-saved")
    post_delete.connect(_page_saved_or_deleted, dispatch_uid="content-version-page-deleted")
    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        for signal in (post_save, post_delete):
            signal.connect(content_changed, sender=model, dispatch_uid=f"content-{label}-{signal}")


# What every request needs, remembered per content version


def site_for_request(request):
    from django.core.exceptions import DisallowedHost
    from wagtail.models import Site

    try:
        host = request.get_host()
    except DisallowedHost:
        # Not remembered: a client can send any host name. (Django answers 400 later.)
        return Site._find_for_request(request)
    return remember(f"site:{host}:{request.get_port()}", lambda: Site._find_for_request(request))


def site_root_paths():
    from wagtail.models import Site

    return remember("site-root-paths", Site.get_site_root_paths)


def any_view_restrictions():
    """False on a site without private pages (the usual case): nothing to check."""
    from wagtail.models import PageViewRestriction

    return remember("any-view-restrictions", PageViewRestriction.objects.exists)


def restricted_paths():
    """Tree paths of the pages with view restrictions (their subtrees are private)."""
    from wagtail.models import PageViewRestriction

    return remember(
        "restricted-paths",
        lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


def public(pages):
    """Wagtail's .public() without reading the restrictions again on every call."""
    from django.db.models import Q

    private = Q()
    for path in restricted_paths():
        private |= Q(path__startswith=path)
    return pages.exclude(private) if private else pages


def active_locale():
    """Wagtail's Locale.get_active(): the locale of the active language."""
    from django.utils import translation
    from wagtail.models import Locale

    return remember(f"active-locale:{translation.get_language()}", Locale.get_active)


def locales_by_id():
    from wagtail.models import Locale

    return remember("locales", lambda: {locale.pk: locale for locale in Locale.objects.all()})


def with_locale(page):
    """The page with its locale from memory (templates and the API ask for it)."""
    from wagtail.models import Page

    locale = locales_by_id().get(page.locale_id)
    if locale is not None:
        Page._meta.get_field("locale").set_cached_value(page, locale)
    return page


class ContentVersionMiddleware:
    """Reads the content version once per request and hands Wagtail the site and its root
    paths from memory (Wagtail reads them from these request attributes)."""

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def not_content():
        """Addresses that show no content: health checks ask nothing of the cache."""
        from django.conf import settings

        return ("/healthz", "/readyz", settings.STATIC_URL, settings.MEDIA_URL)

    def __call__(self, request):
        if request.path_info.startswith(self.not_content()):
            return self.get_response(request)
        token = _request_version.set(shared_version())
        try:
            request._wagtail_site = site_for_request(request)
            request._wagtail_cached_site_root_paths = site_root_paths()
            return self.get_response(request)
        finally:
            _request_version.reset(token)
