"""What a visitor may see: live pages outside view restrictions, documents outside
restricted collections. Wagtail's .public() reads the restrictions on every call; here
they are remembered per content version (home/cache/memory.py)."""

from django.db.models import Q
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from home.cache.memory import remembered


@remembered
def any_view_restrictions():
    """False on a site without private pages (the usual case): nothing to check."""
    return PageViewRestriction.objects.exists()


@remembered
def restricted_paths():
    """Tree paths of the pages with view restrictions (their subtrees are private)."""
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def public(pages):
    """The pages outside view restrictions, live or not: Wagtail's .public() without
    reading the restrictions again on every call."""
    private = Q()
    for path in restricted_paths():
        private |= Q(path__startswith=path)
    return pages.exclude(private) if private else pages


def live_public(pages):
    """What visitors may open: the live pages outside view restrictions."""
    return public(pages.live())


def is_live_public(page):
    """live_public() for one loaded page, without a query."""
    return page.live and not any(page.path.startswith(path) for path in restricted_paths())


@remembered
def restricted_collection_ids():
    """Ids of collections with a view restriction (and their descendants): what any
    restriction hides, public listings and the API never show."""
    paths = Collection.objects.filter(
        pk__in=CollectionViewRestriction.objects.values("collection_id")
    ).values_list("path", flat=True)
    if not paths:
        return set()
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path)
    return set(Collection.objects.filter(query).values_list("pk", flat=True))


def public_documents(documents):
    """The documents visitors may open: none from a restricted collection. The one rule
    for every place a document's title or link reaches visitors (pages, API, search)."""
    hidden = restricted_collection_ids()
    return documents.exclude(collection_id__in=hidden) if hidden else documents


def is_public_document(document):
    """public_documents() for one loaded document (None: a deleted one), without a query."""
    return document is not None and document.collection_id not in restricted_collection_ids()
