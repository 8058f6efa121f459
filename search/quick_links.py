"""Quick links above the results: pages that a query names exactly, e.g. a commune's page
for "Emmen". The search knows no page type by name: a page type declares
`search_quick_links(query, locale)` (a classmethod), which returns [] or dicts of title,
url and description in the visitor's language; this module asks every page model."""

from functools import cache

from wagtail.models import get_page_models


@cache
def offering_models():
    return [model for model in get_page_models() if hasattr(model, "search_quick_links")]


def quick_links(query, locale):
    """The quick links of every page type for the (cleaned) query."""
    links = []
    for model in offering_models():
        links += model.search_quick_links(query, locale)
    return links
