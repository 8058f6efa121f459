"""What a visitor may find: live public pages of the locale, and the documents that such
pages offer for download outside restricted collections."""

from wagtail.models import Page

from home import visibility
from home.cache.memory import remembered
from search.page_types import download_relations


def searchable_pages(locale_id):
    """Live pages of the locale outside private sections."""
    return visibility.live_public(Page.objects.filter(locale_id=locale_id))


@remembered
def searchable_document_ids(locale_id):
    """Ids of the documents that live public pages of the locale offer for download,
    outside collections with view restrictions. Starts from the (small) download tables
    of the page types: at most two small queries."""
    offered = []
    for model, related_name in download_relations():
        relation = model._meta.get_field(related_name)
        page = relation.field.name  # the download's link to its page
        offered.append(
            relation.related_model.objects.order_by().values_list(
                "document_id", f"{page}_id", "document__collection_id"
            )
        )
    rows = list(offered[0].union(*offered[1:], all=True)) if offered else []
    if not rows:
        return []
    restricted_pages = visibility.restricted_paths()
    private_collections = visibility.restricted_collection_ids()
    pages = dict(
        Page.objects.filter(pk__in={page for _doc, page, _col in rows}, live=True)
        .filter(locale_id=locale_id)
        .order_by()
        .values_list("pk", "path")
    )
    return sorted(
        {
            document
            for document, page, collection in rows
            if page in pages
            and not any(pages[page].startswith(path) for path in restricted_pages)
            and collection not in private_collections
        }
    )
