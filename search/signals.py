"""Index updates that Wagtail's and modelsearch's own signal handlers do not make."""

from functools import cache

from django.db.models.signals import m2m_changed, post_delete, post_save
from modelsearch.index import class_is_indexed, insert_or_update_object
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page, ReferenceIndex, get_page_models
from wagtail.signals import post_page_move

from search.page_types import download_relations, search_type


@cache
def child_models():
    """{child model: the name of its link to its page} of the inline children (downloads
    and the declared index_children) whose text is part of their page's index."""
    children = {}
    for model in get_page_models():
        declared = search_type(model)
        for name in (*declared.index_children, *filter(None, [declared.downloads])):
            relation = model._meta.get_field(name)
            children[relation.related_model] = relation.field.name
    return children


def reindex_moved_section(sender, instance, **kwargs):
    """A move changes the tree path of the page and of every page below it; the search
    cluster filters private sections by that path. Wagtail re-saves the moved page but
    updates its descendants with a bulk SQL update, which sends no signals."""
    for page in instance.get_descendants(inclusive=False).specific().iterator():
        insert_or_update_object(page)


def reindex_after_relation_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Many-to-many values (topics, communes) are saved after the object itself: the
    index update of its post_save does not see them yet. Reindex once they are there."""
    if not action.startswith("post_"):
        return
    if not reverse:
        if class_is_indexed(type(instance)):
            insert_or_update_object(instance)
    elif class_is_indexed(model) and pk_set:
        for obj in model._default_manager.filter(pk__in=pk_set):
            insert_or_update_object(obj)


def reindex_parent_page(sender, instance, **kwargs):
    """Inline children (focus areas, downloads) are saved after their page, too."""
    page = getattr(instance, child_models()[sender], None)
    if page is not None and page.pk:
        insert_or_update_object(page)


def reindex_pages_linking_documents(document_ids):
    """A page's index holds only the documents visitors may open (home/visibility.py):
    when a document moves into or out of a restricted collection, or a collection's
    restriction changes, the pages that offer or link to it are indexed again."""
    page_ids = set()
    for model, related_name in download_relations():
        relation = model._meta.get_field(related_name)
        downloads = relation.related_model.objects.filter(document_id__in=document_ids)
        page_ids.update(downloads.values_list(f"{relation.field.name}_id", flat=True))
    page_ids.update(
        ReferenceIndex.objects.filter(
            to_content_type=ReferenceIndex._get_base_content_type(get_document_model()),
            to_object_id__in=[str(pk) for pk in document_ids],
            base_content_type=ReferenceIndex._get_base_content_type(Page),
        ).values_list("object_id", flat=True)
    )
    for page in Page.objects.filter(pk__in=page_ids).specific().iterator():
        insert_or_update_object(page)


def reindex_after_document_save(sender, instance, **kwargs):
    reindex_pages_linking_documents([instance.pk])


def reindex_after_restriction_change(sender, instance, **kwargs):
    collection = instance.collection
    documents = get_document_model().objects.filter(collection__path__startswith=collection.path)
    reindex_pages_linking_documents(list(documents.values_list("pk", flat=True)))


def connect_document_visibility():
    restriction = CollectionViewRestriction
    post_save.connect(
        reindex_after_document_save, sender=get_document_model(), dispatch_uid="search-doc"
    )
    post_save.connect(
        reindex_after_restriction_change, sender=restriction, dispatch_uid="search-restr"
    )
    post_delete.connect(
        reindex_after_restriction_change, sender=restriction, dispatch_uid="search-del-restr"
    )


def disconnect_document_visibility():
    post_save.disconnect(sender=get_document_model(), dispatch_uid="search-doc")
    post_save.disconnect(sender=CollectionViewRestriction, dispatch_uid="search-restr")
    post_delete.disconnect(sender=CollectionViewRestriction, dispatch_uid="search-del-restr")


def connect():
    connect_document_visibility()
    post_page_move.connect(reindex_moved_section, dispatch_uid="search-reindex-moved")
    m2m_changed.connect(reindex_after_relation_change, dispatch_uid="search-reindex-m2m")
    for model in child_models():
        name = model._meta.label_lower
        post_save.connect(reindex_parent_page, sender=model, dispatch_uid=f"search-{name}")
        post_delete.connect(reindex_parent_page, sender=model, dispatch_uid=f"search-del-{name}")


def disconnect():
    """For bulk loads that index once at the end (the benchmark)."""
    disconnect_document_visibility()
    post_page_move.disconnect(dispatch_uid="search-reindex-moved")
    m2m_changed.disconnect(dispatch_uid="search-reindex-m2m")
    for model in child_models():
        name = model._meta.label_lower
        post_save.disconnect(sender=model, dispatch_uid=f"search-{name}")
        post_delete.disconnect(sender=model, dispatch_uid=f"search-del-{name}")
