"""Index updates that Wagtail's own signal handlers do not make."""

from modelsearch.index import insert_or_update_object
from wagtail.signals import post_page_move


def reindex_moved_section(sender, instance, **kwargs):
    """A move changes the tree path of the page and of every page below it; the search
    cluster filters private sections by that path. Wagtail re-saves the moved page but
    updates its descendants with a bulk SQL update, which sends no signals."""
    for page in instance.get_descendants(inclusive=False).specific().iterator():
        insert_or_update_object(page)


def connect():
    post_page_move.connect(reindex_moved_section, dispatch_uid="search-reindex-moved-section")
