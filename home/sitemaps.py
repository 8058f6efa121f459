"""sitemap.xml per language (with the other languages as alternates) and robots.txt."""

from collections import defaultdict

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page, get_page_models

from home import visibility


class LanguageSitemap(Sitemap):
    """The live, public pages of the active language; each lists its translations."""

    limit = 5000

    def __init__(self, request):
        self.request = request

    def items(self):
        return (
            visibility.live_public(Page.objects)
            .filter(locale=Locale.get_active(), depth__gt=1)
            .defer_streamfields()
            .order_by("path")
        )

    def location(self, page):
        return page.get_url_parts(self.request)[2]

    def lastmod(self, page):
        return page.last_published_at

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        translations = defaultdict(list)
        keys = [url["item"].translation_key for url in urls]
        for translated in (
            visibility.live_public(Page.objects)
            .filter(translation_key__in=keys)
            .select_related("locale")
            .order_by("locale__language_code")
        ):
            translations[translated.translation_key].append(translated)
        for url in urls:
            url["alternates"] = [
                {
                    "lang_code": translated.locale.language_code,
                    "location": self.request.build_absolute_uri(translated.get_url(self.request)),
                }
                for translated in translations[url["item"].translation_key]
            ]
        if page == 1:
            urls += self.subpage_urls()
        return urls

    def subpage_urls(self):
        """The own pages of sub-routes that page types declare with `sitemap_subpages()`
        (paths below the page, named alike in every language: the commune pages), each
        with the same paths below the page's translations as alternates."""
        entries = []
        locale = Locale.get_active()
        for model in get_page_models():
            if not hasattr(model, "sitemap_subpages"):
                continue
            for page in visibility.live_public(model.objects.filter(locale=locale)):
                translations = visibility.live_public(
                    page.get_translations(inclusive=True).select_related("locale")
                ).order_by("locale__language_code")
                bases = [(t.locale.language_code, self.absolute(t)) for t in translations]
                base = self.absolute(page)
                for suffix in page.sitemap_subpages():
                    entries.append(
                        {
                            "item": page,
                            "location": base + suffix,
                            "alternates": [
                                {"lang_code": code, "location": url + suffix} for code, url in bases
                            ],
                        }
                    )
        return entries

    def absolute(self, page):
        return self.request.build_absolute_uri(page.get_url(self.request))


def language_sitemap(request):
    return sitemap(request, {"pages": LanguageSitemap(request)})


def sitemap_index(request):
    """/sitemap.xml: the index of the per-language sitemaps."""
    locations = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            locations.append(request.build_absolute_uri(reverse("language_sitemap")))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": locations}, content_type="application/xml"
    )


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /documents/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
