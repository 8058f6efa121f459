"""The abstract page types every page type of the site builds on: a page type names one
of them and the mixins of its own subject (teaser, contact, documents …)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page
from wagtail.search import index

from home.api.declarations import DocumentedField
from home.api.schema import STRING

from .mixins import HeadlessPreviewMixin, SitePageMixin


class SitePage(SitePageMixin, HeadlessPreviewMixin, Page):
    """A page of the site: shared behaviour (SitePageMixin) and the headless preview."""

    class Meta:
        abstract = True


class RoutableSitePage(SitePageMixin, HeadlessPreviewMixin, RoutablePageMixin, Page):
    """A site page with sub-routes of its own (feeds, exports, a form's steps).
    RoutablePageMixin comes after HeadlessPreviewMixin: its serve_preview knows only the
    site's own preview and would hide the headless one."""

    class Meta:
        abstract = True


def edit_tabs(*tabs):
    """The editor's tabs of a page: its own ((panels, heading) pairs), then Wagtail's
    promote and settings panels."""
    return TabbedInterface(
        [ObjectList(panels, heading=heading) for panels, heading in tabs]
        + [
            ObjectList(Page.promote_panels, heading=_("Veröffentlichung")),
            ObjectList(Page.settings_panels, heading=_("Einstellungen")),
        ]
    )


def intro_field(max_length=800):
    """The plain-text introduction above a page's content."""
    return models.TextField(_("Einleitung"), max_length=max_length, blank=True)


class IndexPageMixin(models.Model):
    """What a section's index page (news, strategies, projects) shares: one per parent, an
    introduction above the list of its child pages. Put before the page's base class."""

    lists_other_pages = True

    intro = intro_field()

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro", boost=1.5)]
    api_fields = [DocumentedField("intro", STRING)]
    max_count_per_parent = 1

    class Meta:
        abstract = True
