"""Keep the cached page frame (home/templatetags/site_tags.py: navigation, footer, feeds,
home pages per language) in step with the content: any saved, moved or deleted page
(publishing and unpublishing save it), footer text or site empties it."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Site
from wagtail.signals import post_page_move


def forget_frames(sender=None, **kwargs):
    from home.models import FooterText

    if sender is None or issubclass(sender, (Page, Site, FooterText)):
        from home.templatetags.site_tags import forget_frames as forget

        forget()


def connect():
    post_save.connect(forget_frames, dispatch_uid="frame-saved")
    post_delete.connect(forget_frames, dispatch_uid="frame-deleted")
    post_page_move.connect(forget_frames, dispatch_uid="frame-moved")
