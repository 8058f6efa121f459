"""Whole pages for anonymous visitors, kept in the shared "pages" cache.

A page is stored when Wagtail served it, or the API answered publicly (not the search,
which counts every query, and not the admin), to a
visitor without a session or messages cookie (editors have one: they never get or fill
the cache), with status 200, and the response is the same for every visitor: no cookie
set, no CSRF token in it (forms such as the feedback page), no "private"/"no-store"
Cache-Control (Wagtail marks pages with view restrictions so).

The key is the content version (home/cache/memory.py), the scheme, host and path (every
page address starts with its language) and only the query parameters the page reads:
each page type declares them (`cached_query_parameters`, home/models/mixins.py; the API
counts every parameter but `_`, as it refuses unknown ones). Any other parameter
(`?utm_source=…`, a random cache-buster) gets the page without it; a response to such a
request is not stored (a page may still echo the full address, as a feed's self link
does), so a flood of made-up query strings stores nothing. What a path's page reads is
kept beside its pages for lookups with a query string. At most PAGE_CACHE_MAX_VARIANTS
query strings are stored per path and content version (the page without a query string
always); beyond that, responses are served but not stored.

Any change of content makes a new content version, so every stored page is left behind
at once: menus, footers, listings, teasers and related links show pages all over the
site, so one change can reach any page. Publishing is rare next to reading, so this
costs little. A CDN in front (WAGTAILFRONTENDCACHE) is purged more narrowly: the page,
its ancestors and the listing pages of its language (purge_frontend_cache below).

The middleware sits before the session, CSRF and authentication middleware: a page from
the cache costs two cache reads (version and page; with a query string a third, what the
path's page reads), and the outer middleware still give it fresh security headers and
answer conditional requests.

After a change, the pages stored under the version it replaced may still be served for
PAGE_CACHE_STALE_SECONDS ("stale"), so that a publication under load does not send every
visitor to the slow path at once: the first request for a page takes a short lock in the
pages cache and renders it anew, the others meanwhile get the copy from before (at most
that many seconds after the change). Only PAGE_CACHE_STALE_RENDERS pages are rendered
anew at once (take_render_slot): the renders of the many pages a publication leaves
behind are spread over the window. A page with no such copy is rendered as always.

PAGE_CACHE_SECONDS = 0 switches the cache off.
"""

import hashlib
import math
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, set_response_etag
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, get_page_models

from home.cache.memory import new_version, shared_version, version

CACHE_ALIAS = "pages"
STATUS_HEADER = "X-Page-Cache"
# The versions replaced within the stale window, kept per new version (few: a burst of
# changes within seconds, e.g. the two signals of one publication).
STALE_VERSIONS = 3
# Headers that belong to one exchange, not to the page.
_NOT_STORED = {"set-cookie", "vary", STATUS_HEADER.lower(), "date", "connection"}


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def may_be_page(request):
    """False for addresses that are never Wagtail pages: no cache lookup for them."""
    not_pages = ("/admin/", "/documents/", *settings.NOT_CONTENT_PATHS)
    return not request.path_info.startswith(not_pages)


def _cache():
    return caches[CACHE_ALIAS]


class AllParametersExcept(frozenset):
    """A declaration that every query parameter makes a different answer except these:
    for an endpoint that refuses unknown parameters (the API answers them with 400)."""


def _address_digest(request):
    address = "|".join([request.scheme, request.get_host(), request.path])
    return hashlib.sha256(address.encode()).hexdigest()


def _declaration_key(digest, content_version=None):
    return f"page-reads:{content_version or version()}:{digest}"


def _variants_key(digest):
    return f"page-variants:{version()}:{digest}"


def _page_key(digest, query, content_version=None):
    page = hashlib.sha256(f"{digest}?{query}".encode()).hexdigest()
    return f"page:{content_version or version()}:{page}"


def _stale_window_key(content_version):
    return f"page-stale-window:{content_version}"


def significant_parameters(query, declared):
    """The names in the query string that make a different page, sorted."""
    if isinstance(declared, AllParametersExcept):
        return sorted(set(query) - declared)
    return sorted(set(query) & set(declared))


def canonical_query(query, declared):
    """The query string as the page sees it: its parameters, in a fixed order of names
    (each name's values keep their order: a page reads the last one)."""
    names = significant_parameters(query, declared)
    return urlencode([(name, value) for name in names for value in query.getlist(name)])


def lookup_key(request, content_version=None):
    """The key of the stored page for this request (under the request's content version
    or the one given); None when nothing can be stored for it yet (a query string on a
    path whose page is not known)."""
    digest = _address_digest(request)
    if not request.GET:
        return _page_key(digest, "", content_version)
    declared = _cache().get(_declaration_key(digest, content_version))
    if declared is None:
        return None
    return _page_key(digest, canonical_query(request.GET, declared), content_version)


def start_new_version(stale=True):
    """Start a new content version (once a change is committed, home/cache/signals.py)
    and, with `stale`, open its stale window: for PAGE_CACHE_STALE_SECONDS the pages
    stored under the version it replaced (and those replaced shortly before) may still
    be served while one request per page renders it anew. Each replaced version keeps
    the end of its own window: no copy is served later than that many seconds after it
    was replaced. Without `stale` (something was withdrawn) no copy from before is served
    again."""
    replaced = shared_version()
    new_version()
    seconds = settings.PAGE_CACHE_STALE_SECONDS
    if not (stale and enabled() and seconds > 0):
        return
    now = time.time()
    earlier = shared_cache.get(_stale_window_key(replaced)) or []
    window = [(replaced, now + seconds)] + [(old, end) for old, end in earlier if end > now]
    shared_cache.set(
        _stale_window_key(shared_version()), window[:STALE_VERSIONS], math.ceil(seconds)
    )


def previous_copy(request):
    """(key, entry) of this page as stored under a version replaced within the stale
    window, the most recent first; (None, None) when there is none."""
    if settings.PAGE_CACHE_STALE_SECONDS <= 0:
        return None, None
    window = shared_cache.get(_stale_window_key(version())) or []
    now = time.time()
    for replaced, end in window:
        key = lookup_key(request, replaced) if end > now else None
        entry = _cache().get(key) if key is not None else None
        if entry is not None:
            return key, entry
    return None, None


def take_render_slot(seconds):
    """The key of a free render slot, taken for at most `seconds`, or None. At most
    PAGE_CACHE_STALE_RENDERS pages are rendered anew at once in the stale window (all
    processes together): a publication leaves every stored page behind, and rendering
    them all in the same second would keep every visitor waiting; the slots spread those
    renders over the window while the other requests are answered from the cache."""
    for number in range(settings.PAGE_CACHE_STALE_RENDERS):
        key = f"page-render-slot:{version()}:{number}"
        if _cache().add(key, 1, seconds):
            return key
    return None


def is_anonymous(request):
    """Without a session cookie nobody is logged in. (Visitors with one, and with
    messages waiting, get pages made for them.)"""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def mark_page_request(request, query_parameters=frozenset()):
    """Called for every page Wagtail serves (home/wagtail_hooks.py, with the page type's
    `cached_query_parameters`) and every public API answer (vlgsite/api/endpoints.py):
    only those are stored, keyed by the query parameters they read."""
    request.page_cache_candidate = True
    request.page_cache_parameters = query_parameters


def is_storable(request, response):
    if not getattr(request, "page_cache_candidate", False):
        return False
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    # A CSRF token in the page (a form): one visitor's token must not reach another.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


def _to_entry(response):
    headers = [(name, value) for name, value in response.items() if name.lower() not in _NOT_STORED]
    return {"status": response.status_code, "headers": headers, "content": response.content}


def _from_entry(entry):
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    return response


def _served(entry, status):
    response = _from_entry(entry)
    response[STATUS_HEADER] = status
    return response


def _store(request, response):
    """Store the response under its canonical key; False when it must not be stored: a
    parameter the page does not read, or the path's variants used up."""
    declared = request.page_cache_parameters
    if set(request.GET) - set(significant_parameters(request.GET, declared)):
        return False
    query = canonical_query(request.GET, declared)
    cache, seconds, digest = _cache(), settings.PAGE_CACHE_SECONDS, _address_digest(request)
    if query and not _variant_allowed(cache, _variants_key(digest), seconds):
        return False
    cache.set(_declaration_key(digest), declared, seconds)
    cache.set(_page_key(digest, query), _to_entry(response), seconds)
    return True


def _variant_allowed(cache, key, seconds):
    cache.add(key, 0, seconds)
    try:
        stored = cache.incr(key)
    except ValueError:  # evicted in between: count afresh
        cache.add(key, 1, seconds)
        stored = 1
    return stored <= settings.PAGE_CACHE_MAX_VARIANTS


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (
            enabled()
            and request.method in ("GET", "HEAD")
            and may_be_page(request)
            and is_anonymous(request)
        ):
            return self.get_response(request)
        key = lookup_key(request)
        entry = _cache().get(key) if key is not None else None
        if entry is not None:
            return _served(entry, "hit")
        stale_key, stale = previous_copy(request)
        if stale is None:
            return self.render(request)
        # One request renders the page anew, and only in one of the few render slots
        # of the whole site; the others get the copy from before.
        cache, seconds = _cache(), math.ceil(settings.PAGE_CACHE_STALE_SECONDS)
        lock = f"page-render:{version()}:{stale_key}"
        if not cache.add(lock, 1, seconds):
            return _served(stale, "stale")
        slot = take_render_slot(seconds)
        if slot is None:
            cache.delete(lock)
            return _served(stale, "stale")
        try:
            return self.render(request)
        finally:
            # Also when the render failed: the next one tries.
            cache.delete_many([lock, slot])

    def render(self, request):
        response = self.get_response(request)
        if is_storable(request, response):
            if settings.CDN_MAX_AGE > 0:
                # Browsers ask again each time (cheap with the ETag); shared caches
                # may keep the page, and are purged on publishing.
                patch_cache_control(response, public=True, s_maxage=settings.CDN_MAX_AGE)
            set_response_etag(response)  # stored: no hashing of the page on every hit
            if _store(request, response):
                response[STATUS_HEADER] = "miss"
        return response


def listing_pages(page):
    """The pages that show this page besides itself: its ancestors (the home page, the
    index it is in) and the other listing pages of its language (page types that declare
    `lists_other_pages`: they show related items and latest news)."""
    listing_types = [
        model for model in get_page_models() if getattr(model, "lists_other_pages", False)
    ]
    ancestors = page.get_ancestors().filter(depth__gt=1).live()
    listings = Page.objects.live().filter(locale_id=page.locale_id).type(*listing_types)
    return list((ancestors | listings).specific())


def purge_frontend_cache(page):
    """Purge the CDN (if one is configured) for the pages that list this one; Wagtail's
    own frontend_cache signal handlers purge the page itself."""
    if not settings.WAGTAILFRONTENDCACHE:
        return
    batch = PurgeBatch()
    batch.add_pages(listing_pages(page))
    transaction.on_commit(batch.purge)
