"""Locales and translations: the active locale and each locale by id (remembered per
content version, home/cache/memory.py), and the one rule by which a page shows the pages
and objects it links in its own language.

Links between pages are kept to the German source pages (wagtail-localize copies page
links from the source). A page shows a linked page in its own language where a live,
public translation exists, else the linked page itself where that is live and public
(the fallback to the source), else not at all. The site's templates and the API both go
through these helpers, so that a page's HTML and its JSON list the same pages.
"""

from django.conf import settings
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from home import visibility
from home.cache.memory import remembered


@remembered
def _active_locale(language):
    return Locale.get_active()


def active_locale():
    """Wagtail's Locale.get_active(): the locale of the active language."""
    return _active_locale(translation.get_language())


@remembered
def locales_by_id():
    return {locale.pk: locale for locale in Locale.objects.all()}


def source_locale_id():
    """The locale of the default language, in which pages are written first."""
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    for locale in locales_by_id().values():
        if locale.language_code == language:
            return locale.pk
    return None


def with_locale(page):
    """The page with its locale from memory (templates and the API ask for it)."""
    locale = locales_by_id().get(page.locale_id)
    if locale is not None:
        Page._meta.get_field("locale").set_cached_value(page, locale)
    return page


def localized_versions(pages, locale_id, queryset=None):
    """{pk of each given page: the version of it that visitors of the locale see} by the
    rule above; a page without a visible version is left out. At most one query, for the
    translations of the pages in other locales, loaded from `queryset` (all pages by
    default; a specific queryset where the caller needs the page type's fields)."""
    pages = [page for page in pages if page is not None]
    foreign_keys = {page.translation_key for page in pages if page.locale_id != locale_id}
    translations = {}
    if foreign_keys:
        queryset = Page.objects.all() if queryset is None else queryset
        translated = queryset.filter(locale_id=locale_id, translation_key__in=foreign_keys)
        translations = {page.translation_key: page for page in visibility.live_public(translated)}
    versions = {}
    for page in pages:
        shown = translations.get(page.translation_key)
        if shown is None and visibility.is_live_public(page):
            shown = page
        if shown is not None:
            versions[page.pk] = shown
    return versions


def localized_pages(pages, locale_id, queryset=None):
    """The visible version of each page (localized_versions) in the given order, each
    once: two linked translations of one page are one link."""
    pages = [page for page in pages if page is not None]
    versions = localized_versions(pages, locale_id, queryset)
    shown, seen = [], set()
    for page in pages:
        version = versions.get(page.pk)
        if version is not None and version.pk not in seen:
            seen.add(version.pk)
            shown.append(version)
    return shown


def localized_page(page, locale_id, queryset=None):
    """The visible version of one page, or None."""
    return localized_versions([page], locale_id, queryset).get(getattr(page, "pk", None))


def localized_object(obj, locale_id):
    """A translatable snippet or child object in the given locale, if translated."""
    if obj is None or getattr(obj, "locale_id", locale_id) == locale_id:
        return obj
    translated = (
        type(obj)
        ._default_manager.filter(translation_key=obj.translation_key, locale_id=locale_id)
        .first()
    )
    return translated or obj


def one_per_translation(pages, locale_id):
    """Visible pages found in several languages (those that name a page by its translation
    key), once each: the version in the locale where found, else the source version, else
    the first found. In the order of the chosen versions."""
    pages = list(pages)
    source = source_locale_id()

    def rank(page):
        return (page.locale_id != locale_id, page.locale_id != source)

    chosen = {}
    for page in pages:
        best = chosen.get(page.translation_key)
        if best is None or rank(page) < rank(best):
            chosen[page.translation_key] = page
    kept = {page.pk for page in chosen.values()}
    return [page for page in pages if page.pk in kept]
