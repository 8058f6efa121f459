"""Template tags that show news on pages of other apps (the start page)."""

from django import template

from home.cache.memory import remembered
from news.models import NewsIndexPage, NewsPage

register = template.Library()


def find_latest_news(home):
    """The three latest news of the home page's language and its news index."""
    return {
        "items": list(NewsPage.objects.listing(locale=home.locale_id)[:3]),
        "index": NewsIndexPage.objects.child_of(home).live().first(),
    }


@remembered
def latest_news_of(home_id, *, home):
    return find_latest_news(home)


@register.simple_tag(takes_context=True)
def latest_news(context, home):
    """{"items": the latest news, "index": the news index} for a start page, worked out
    once per process and content version (home/cache/memory.py); a home page stands for
    its language. A preview shows the page as it is being edited: worked out anew."""
    if home.pk is None or getattr(context["request"], "is_preview", False):
        return find_latest_news(home)
    return latest_news_of(home.pk, home=home)
