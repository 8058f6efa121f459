"""Template tags for the frame every page shares: navigation, breadcrumbs, footer,
language switcher and feed links. Each takes what it needs from the request."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import Resolver404, resolve, translate_url
from django.utils import translation
from wagtail.models import Page, Site, get_page_models
from wagtail.templatetags.wagtailcore_tags import richtext

from home import visibility
from home.cache import memory
from home.cache.request import once_per_request
from home.models import (
    AccessibilityStatementPage,
    FeedbackCategory,
    FeedbackPage,
    FooterText,
    StandardPage,
)

register = template.Library()


@dataclass(frozen=True)
class Link:
    """A page as the frame shows it: no database object, so it can be cached."""

    title: str
    url: str
    full_url: str = ""
    path: str = ""  # the page's tree path, to mark the section the visitor is in


def frame(request):
    """What every page's frame shows in the visitor's language: the home page, the main
    navigation, the footer text and links, the feeds and the home page in the other
    languages. Worked out once per process and content version (home/cache/memory.py)."""

    def compute():
        site = Site.find_for_request(request)
        if site is None:
            return None
        return build_frame(site.pk, _language(), site=site, request=request)

    return once_per_request(request, "frame", compute)


def link(page, request):
    return Link(page.title, page.get_url(request), page.get_full_url(request), page.path)


@memory.remembered
def build_frame(site_id, language, *, site, request):
    root = site.root_page
    homes = {
        home.locale.language_code: home
        for home in visibility.live_public(
            Page.objects.filter(translation_key=root.translation_key)
        ).select_related("locale")
    }
    home = homes.get(language) or root
    footer_texts = {
        text.locale.language_code: text
        for text in FooterText.objects.select_related("locale").filter(
            locale__language_code__in=[language, settings.LANGUAGE_CODE]
        )
    }
    footer_text = footer_texts.get(language) or footer_texts.get(settings.LANGUAGE_CODE)
    return {
        "home": link(home, request),
        "homes": {code: link(page, request) for code, page in homes.items()},
        "navigation": [link(page, request) for page in home.get_children().live().in_menu()],
        "footer_html": str(richtext(footer_text.body)) if footer_text else "",
        "footer_links": [
            link(page, request)
            for page in visibility.live_public(StandardPage.objects.child_of(home))
        ],
        "feeds": site_feeds(language, request),
        **accessibility_links(home, request),
    }


def accessibility_links(home, request):
    """The footer's link to the accessibility statement of the language and the address
    of its feedback form with "Barriere melden" chosen (None where a page is missing)."""
    statement = visibility.live_public(AccessibilityStatementPage.objects.child_of(home)).first()
    form = visibility.live_public(FeedbackPage.objects.filter(locale_id=home.locale_id)).first()
    report_url = None
    if form is not None:
        report_url = form.get_url(request) + form.prefill_query(FeedbackCategory.ACCESSIBILITY)
    return {
        "accessibility_statement": link(statement, request) if statement else None,
        "barrier_report_url": report_url,
    }


def site_feeds(language, request):
    """The feeds every page announces: those of the first live page of the language of
    each page type that offers some (a `feed_links(request)` method, e.g. the news)."""
    feeds = []
    for model in get_page_models():
        if not hasattr(model, "feed_links"):
            continue
        page = model.objects.live().filter(locale__language_code=language).first()
        if page is not None:
            feeds.extend(page.feed_links(request))
    return feeds


def current_home(request):
    """The home page in the visitor's language (a Link), or None without a site."""
    found = frame(request)
    return found["home"] if found else None


def _language():
    return translation.get_language() or settings.LANGUAGE_CODE


@register.simple_tag(takes_context=True)
def home_page(context):
    return current_home(context["request"])


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    found = frame(context["request"])
    current = context.get("page")
    current_path = current.path if isinstance(current, Page) else None
    home = found["home"] if found else None
    items = found["navigation"] if found else []
    return {
        "home": home,
        "items": [
            {"page": item, "active": bool(current_path) and current_path.startswith(item.path)}
            for item in items
        ],
        "home_active": home is not None and current_path == home.path,
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    request = context["request"]  # for {% pageurl %}: the site's root paths, read once
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": [], "page": page, "request": request, "subpage": subpage(context)}

    # depth 1 is Wagtail's invisible root; depth 2 is the language's home page. Pages
    # with the same parent share them: remembered per parent (home/cache/memory.py).
    if not page.path or getattr(request, "is_preview", False):
        ancestors = ancestor_links(page, request)
    else:
        site_id = getattr(Site.find_for_request(request), "pk", None)
        ancestors = ancestors_of_parent(
            site_id, page.path[: -page.steplen], page=page, request=request
        )
    return {"ancestors": ancestors, "page": page, "request": request, "subpage": subpage(context)}


def subpage(context):
    """A sub-route's own page below a routable page (a commune page below the commune
    index): {"title", "suffix"} in the context, where suffix is the path after the
    page's URL, the same in every language. The breadcrumbs, canonical and language
    links then name it."""
    return context.get("subpage") or {}


def ancestor_links(page, request):
    return [link(ancestor, request) for ancestor in page.get_ancestors().filter(depth__gte=2)]


@memory.remembered
def ancestors_of_parent(site_id, parent_path, *, page, request):
    return ancestor_links(page, request)


@register.inclusion_tag("includes/footer.html", takes_context=True)
def site_footer(context):
    found = frame(context["request"]) or {}
    return {
        "footer_html": found.get("footer_html", ""),
        "links": found.get("footer_links", []),
        "accessibility_statement": found.get("accessibility_statement"),
        # The page a barrier report is about: the one the visitor is on.
        "barrier_report_url": _with_page(found.get("barrier_report_url"), context["request"]),
        "settings": context.get("settings"),
    }


def _with_page(report_url, request):
    if not report_url:
        return None
    return report_url + "&" + urlencode({FeedbackPage.page_parameter: request.path})


@register.simple_tag(takes_context=True)
def barrier_report_url(context):
    """The feedback form of the visitor's language with "Barriere melden" chosen."""
    found = frame(context["request"]) or {}
    return found.get("barrier_report_url")


def page_translations(request, page):
    """{language code: live translation} of a page, including the page itself."""

    def compute():
        if not isinstance(page, Page):
            return {}
        translations = page.get_translations(inclusive=True).select_related("locale")
        return {
            translated.locale.language_code: translated
            for translated in visibility.live_public(translations)
        }

    return once_per_request(request, f"translations-{getattr(page, 'pk', None)}", compute)


def view_translations(request):
    """{language code: URL} of a page that is a view of ours, not a Wagtail page (the
    search page): the same view and query in each language's URL."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return {}
    if match.url_name in (None, "wagtail_serve"):
        return {}
    path = request.get_full_path()
    return {code: translate_url(path, code) for code, _name in settings.LANGUAGES}


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """hreflang alternates of the current page: (language code, full URL) pairs."""
    request = context["request"]
    translations = page_translations(request, context.get("page"))
    suffix = subpage(context).get("suffix", "")
    links = [
        (code, page.get_full_url(request) + suffix) for code, page in sorted(translations.items())
    ]
    if settings.LANGUAGE_CODE in translations:
        default = translations[settings.LANGUAGE_CODE]
        links.append(("x-default", default.get_full_url(request) + suffix))
    return links


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to the current page in every language; to that language's home page where
    the page has no translation yet (and say so)."""
    request = context["request"]
    current = _language()
    page = context.get("page")
    translations = page_translations(request, page)
    views = {} if isinstance(page, Page) else view_translations(request)
    found = frame(request)
    homes = found["homes"] if found else {}
    languages = []
    for code, _name in settings.LANGUAGES:
        target = translations.get(code)
        suffix = subpage(context).get("suffix", "")
        url = target.get_url(request) + suffix if target else views.get(code)
        fallback = url is None
        if fallback:
            if code not in homes:
                continue
            url = homes[code].url
        languages.append(
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                # for sentences in the visitor's language ("…not yet in Italian")
                "name_translated": translation.get_language_info(code)["name_translated"],
                "url": url,
                "current": code == current,
                "fallback": fallback,
            }
        )
    return {"languages": languages, "current": current}


@register.simple_tag(takes_context=True)
def feed_links(context):
    """The site-wide feeds of the visitor's language, for <link rel=alternate>: dicts of
    type, title and url."""
    found = frame(context["request"])
    return found["feeds"] if found else []
