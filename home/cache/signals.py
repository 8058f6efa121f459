"""What starts a new content version (home/cache/memory.py): a change a visitor can see.

Pages: published, unpublished, moved, deleted, or a live page saved directly (scripts, the
demo content). Saving a draft or a revision of a page (Wagtail saves only its draft
bookkeeping fields then) changes nothing a visitor sees and leaves every cache warm.

Everything else the site shows is declared once in CONTENT_MODELS. A CDN in front is purged
page by page (home/cache/pages.py).

The process that makes a change forgets at once; the others when the change is committed
(before that they would read the old content again under the new version).
"""

import functools

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.cache.memory import forget_here
from home.cache.pages import purge_frontend_cache, start_new_version

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

# Restrictions: a change to them must reach visitors at once (no stale window).
RESTRICTIONS = ("wagtailcore.PageViewRestriction", "wagtailcore.CollectionViewRestriction")

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
    # A new content version; the page cache may serve the pages of the one before for a
    # few seconds while they are rendered anew (home/cache/pages.py).
    transaction.on_commit(start_new_version)


def content_withdrawn(sender=None, **kwargs):
    """A change that takes something away from visitors (a page unpublished or deleted,
    a view restriction): no page stored before it is served again, not even for the few
    seconds of the stale window."""
    forget_here()
    transaction.on_commit(functools.partial(start_new_version, stale=False))


def _page_saved(sender, instance, update_fields=None, **kwargs):
    if not issubclass(sender, Page):
        return
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS:
        return  # a draft: nothing a visitor sees
    if instance.live:
        content_changed()


def _page_deleted(sender, **kwargs):
    if issubclass(sender, Page):
        content_withdrawn()


def purge_cdn(sender, instance, **kwargs):
    purge_frontend_cache(instance)


def connect():
    # The CDN in front (if any) is purged page by page; the app's own caches follow the
    # content version.
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(purge_cdn, dispatch_uid=f"frontend-cache-{signal}")
    for signal in (page_published, post_page_move):
        signal.connect(content_changed, dispatch_uid=f"content-version-{signal}")
    page_unpublished.connect(content_withdrawn, dispatch_uid="content-version-unpublished")
    # Pages of every type (the signals name the concrete class).
    post_save.connect(_page_saved, dispatch_uid="content-version-page-saved")
    post_delete.connect(_page_deleted, dispatch_uid="content-version-page-deleted")
    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        handler = content_withdrawn if label in RESTRICTIONS else content_changed
        for signal in (post_save, post_delete):
            signal.connect(handler, sender=model, dispatch_uid=f"content-{label}-{signal}")
