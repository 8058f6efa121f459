"""What starts a new content version (home/cache/memory.py): a change a visitor can see.

Pages: published, unpublished, moved, deleted, or a live page saved directly (scripts, the
demo content). Saving a draft or a revision of a page (Wagtail saves only its draft
bookkeeping fields then) changes nothing a visitor sees and leaves every cache warm.

Everything else the site shows is declared once in CONTENT_MODELS. A CDN in front is purged
page by page (home/cache/pages.py).

The process that makes a change forgets at once; the others when the change is committed
(before that they would read the old content again under the new version).
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.cache.memory import forget_here, new_version
from home.cache.pages import purge_frontend_cache

# What the site reads besides pages: a change to any of them is a change of content.
CONTENT_MODELS = (
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailcore.Collection",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.CollectionViewRestriction",
    "home.Topic",
    "home.Person",
    "home.Commune",
    "home.SiteSettings",
    "home.FooterText",
    "home.CustomImage",
    "wagtaildocs.Document",
)

# The fields Wagtail saves on a page when an editor saves a draft, a revision or a lock.
DRAFT_FIELDS = {
    "wagtail_admin_comments",
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
}


def content_changed(sender=None, **kwargs):
    forget_here()
    transaction.on_commit(new_version)


def _page_saved(sender, instance, update_fields=None, **kwargs):
    if not issubclass(sender, Page):
        return
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS:
        return  # a draft: nothing a visitor sees
    if instance.live:
        content_changed()


def _page_deleted(sender, **kwargs):
    if issubclass(sender, Page):
        content_changed()


def purge_cdn(sender, instance, **kwargs):
    purge_frontend_cache(instance)


def connect():
    # The CDN in front (if any) is purged page by page; the app's own caches follow the
    # content version.
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(purge_cdn, dispatch_uid=f"frontend-cache-{signal}")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(content_changed, dispatch_uid=f"content-version-{signal}")
    # Pages of every type (the signals name the concrete class).
    post_save.connect(_page_saved, dispatch_uid="content-version-page-saved")
    post_delete.connect(_page_deleted, dispatch_uid="content-version-page-deleted")
    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        for signal in (post_save, post_delete):
            signal.connect(content_changed, sender=model, dispatch_uid=f"content-{label}-{signal}")
