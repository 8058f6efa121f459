"""Template tags for the frame every page shares: navigation, breadcrumbs, footer,
language switcher and feed links. Each takes what it needs from the request."""

from django import template
from django.conf import settings
from django.urls import Resolver404, resolve, translate_url
from django.utils import translation
from wagtail.models import Page, Site

from home.models import FooterText, HomePage, StandardPage

register = template.Library()


def _cached(request, key, compute):
    """Memoise a value on the request: several tags on one page share it."""
    cache = request.__dict__.setdefault("_site_tags_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def current_home(request):
    """The home page in the visitor's language, or the site's (German) root page."""

    def compute():
        site = Site.find_for_request(request)
        if site is None:
            return None
        root = site.root_page
        return (
            HomePage.objects.live()
            .filter(translation_key=root.translation_key, locale__language_code=_language())
            .first()
            or root.specific
        )

    return _cached(request, "home", compute)


def _language():
    return translation.get_language() or settings.LANGUAGE_CODE


@register.simple_tag(takes_context=True)
def home_page(context):
    return current_home(context["request"])


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    request = context["request"]
    home = current_home(request)
    items = list(home.get_children().live().in_menu()) if home else []
    current = context.get("page")
    current_path = current.path if isinstance(current, Page) else ""
    return {
        "home": home,
        "items": [{"page": item, "active": current_path.startswith(item.path)} for item in items],
        "home_active": current is not None and home is not None and current_path == home.path,
        "request": request,
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": [], "page": page}
    # depth 1 is Wagtail's invisible root; depth 2 is the language's home page.
    return {"ancestors": page.get_ancestors().filter(depth__gte=2), "page": page}


@register.inclusion_tag("includes/footer.html", takes_context=True)
def site_footer(context):
    request = context["request"]
    home = current_home(request)
    language = _language()
    footer_texts = {
        text.locale.language_code: text
        for text in FooterText.objects.select_related("locale").filter(
            locale__language_code__in=[language, settings.LANGUAGE_CODE]
        )
    }
    links = StandardPage.objects.child_of(home).live().public() if home else []
    return {
        "footer_text": footer_texts.get(language) or footer_texts.get(settings.LANGUAGE_CODE),
        "links": links,
        "settings": context.get("settings"),
        "request": request,
    }


def page_translations(request, page):
    """{language code: live translation} of a page, including the page itself."""

    def compute():
        if not isinstance(page, Page):
            return {}
        return {
            translated.locale.language_code: translated
            for translated in page.get_translations(inclusive=True)
            .live()
            .public()
            .select_related("locale")
        }

    return _cached(request, f"translations-{getattr(page, 'pk', None)}", compute)


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
    links = [(code, page.get_full_url(request)) for code, page in sorted(translations.items())]
    if settings.LANGUAGE_CODE in translations:
        links.append(("x-default", translations[settings.LANGUAGE_CODE].get_full_url(request)))
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
    homes = page_translations(request, current_home(request))
    languages = []
    for code, _name in settings.LANGUAGES:
        target = translations.get(code)
        url = target.get_url(request) if target else views.get(code)
        fallback = url is None
        if fallback:
            if code not in homes:
                continue
            url = homes[code].get_url(request)
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
def news_feed_links(context):
    """The site-wide news feeds of the visitor's language, for <link rel=alternate>."""
    from news.models import NewsIndexPage

    request = context["request"]

    def compute():
        index = NewsIndexPage.objects.live().filter(locale__language_code=_language()).first()
        if index is None:
            return None
        base = index.get_url(request)
        return {"rss": f"{base}feed/rss/", "atom": f"{base}feed/atom/", "index": index}

    return _cached(request, "feeds", compute)
