"""The change feeds of the strategy app (home/change_feeds.py), all at `feed/<kind>/` below
a page (kind: rss or atom):

- a project page: its own significant changes;
- a strategy page: its own and those of the projects serving its focus areas;
- the project catalogue: those of the projects its query string selects, with any
  combination of the catalogue's filters (strategy/catalogue.py), e.g. `?commune=<BFS>`
  for the projects a commune takes part in. A bad filter value is a 404, as on the page.

Only what the models and the catalogue hand in; this module imports no other of the app,
so that the page models can use it."""

from wagtail.models import Page

from home.change_feeds import ChangeNotesFeed, feed_link_list
from home.visibility import live_public


def page_feed(page, request, kind, page_ids):
    """The feed of a page following the pages of page_ids (those visitors may open)."""
    pages = live_public(Page.objects.filter(pk__in=page_ids))
    return ChangeNotesFeed(
        kind,
        pages,
        subject=page.title,
        link=page.get_full_url(request),
        locale=page.locale,
    )(request)


def page_feed_links(page, request):
    """The feeds of a project or strategy page, for its head and its list of changes."""
    return feed_link_list(page.get_url(request), page.title)


def filter_summary(index_page, listing_filter):
    """The catalogue and its active filters in words: "Projekte (Gemeinde: Luzern)"."""
    parts = []
    for listing_filter_field in listing_filter:
        selected = listing_filter_field.selected
        if selected:
            labels = {choice.value: choice.label for choice in listing_filter_field.choices}
            parts.append(f"{listing_filter_field.label}: {labels.get(selected, selected)}")
    return f"{index_page.title} ({'; '.join(parts)})" if parts else index_page.title


def catalogue_feed(index_page, request, kind, listing_filter, projects):
    """The feed of the catalogue's projects that the (valid) filters select."""
    query = listing_filter.querystring
    return ChangeNotesFeed(
        kind,
        projects,
        subject=filter_summary(index_page, listing_filter),
        link=index_page.get_full_url(request) + (f"?{query}" if query else ""),
        locale=index_page.locale,
    )(request)


def catalogue_feed_links(index_page, request, listing_filter):
    """The feeds of the catalogue as filtered now."""
    return feed_link_list(
        index_page.get_url(request),
        filter_summary(index_page, listing_filter),
        listing_filter.querystring,
    )
