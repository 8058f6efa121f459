"""Locales and translations: the active locale and each locale by id, remembered per
content version (home/cache/memory.py)."""

from django.utils import translation
from wagtail.models import Locale, Page

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


def with_locale(page):
    """The page with its locale from memory (templates and the API ask for it)."""
    locale = locales_by_id().get(page.locale_id)
    if locale is not None:
        Page._meta.get_field("locale").set_cached_value(page, locale)
    return page
