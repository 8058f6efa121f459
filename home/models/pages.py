from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.api import PageReferenceField, PageReferenceListField
from home.blocks import BaseStreamBlock
from home.cache import memory
from home.localization import localized_versions

from .mixins import ContactMixin, HeadlessPreviewMixin, SitePageMixin


class HomePage(SitePageMixin, HeadlessPreviewMixin, ContactMixin, Page):
    """The start page of a language version of the site."""

    hero_title = models.CharField(_("Schlagzeile"), max_length=200, blank=True)
    intro = RichTextField(_("Einleitung"), features=["bold", "italic", "link"], blank=True)
    feedback_call = models.TextField(
        _("Aufruf für Ideen"),
        max_length=400,
        blank=True,
        help_text=_("Lädt Gemeindemitarbeitende ein, Ideen und Rückmeldungen zu senden."),
    )
    feedback_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Seite für Ideen und Feedback"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    strategy_teaser_title = models.CharField(
        _("Titel Strategie-Hinweis"), max_length=200, blank=True
    )
    strategy_teaser_text = models.TextField(_("Text Strategie-Hinweis"), max_length=600, blank=True)
    strategy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Strategie-Seite"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("hero_title"),
        FieldPanel("intro"),
        InlinePanel("featured_items", label=_("Hervorgehobene Projekte"), max_num=6),
        MultiFieldPanel(
            [
                FieldPanel("strategy_teaser_title"),
                FieldPanel("strategy_teaser_text"),
                FieldPanel("strategy_page"),
            ],
            heading=_("Strategie-Hinweis"),
        ),
        MultiFieldPanel(
            [FieldPanel("feedback_call"), FieldPanel("feedback_page")],
            heading=_("Ideen und Feedback"),
        ),
        *ContactMixin.contact_panels,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("hero_title", boost=1.5),
        index.SearchField("intro", boost=1.5),
    ]
    api_fields = [
        APIField("hero_title"),
        APIField("intro"),
        APIField("featured_pages", serializer=PageReferenceListField("featured_pages")),
        APIField("strategy_teaser_title"),
        APIField("strategy_teaser_text"),
        APIField("strategy_page", serializer=PageReferenceField("strategy_page")),
        APIField("feedback_call"),
        APIField("feedback_page", serializer=PageReferenceField("feedback_page")),
        *ContactMixin.contact_api_fields,
    ]

    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("Startseite")

    def featured_pages(self):
        """The pages featured on the start page, in the order the editors chose."""
        return [item.page for item in self.featured_items.select_related("page")]

    def get_context(self, request, *args, **kwargs):

        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            context.update(self.linked_pages())
        else:
            # They change only with the content: worked out once per process and content
            # version (home/cache/memory.py).
            context.update(memory.remember(f"home-links:{self.pk}", self.linked_pages))
        return context

    def linked_pages(self):
        """The latest news, the news index and the pages the editors link from the start
        page, as the API shows them (home/localization.py): in the page's language where
        translated, live and public only."""
        from news.models import NewsIndexPage, NewsPage

        featured_ids = [item.page_id for item in self.featured_items.all()]
        link_ids = [pk for pk in (self.strategy_page_id, self.feedback_page_id) if pk]
        # Specific pages: the cards show the featured projects' teasers.
        specific = Page.objects.specific()
        linked = specific.filter(pk__in=featured_ids + link_ids).in_bulk()
        shown = localized_versions(linked.values(), self.locale_id, queryset=specific)
        featured = [shown[pk] for pk in featured_ids if pk in shown]
        return {
            "latest_news": list(NewsPage.objects.listing(locale=self.locale)[:3]),
            "news_index": NewsIndexPage.objects.child_of(self).live().first(),
            "featured_pages": list(dict.fromkeys(featured)),  # two translations: one card
            "strategy_page": shown.get(self.strategy_page_id),
            "feedback_page": shown.get(self.feedback_page_id),
        }


class HomeFeaturedItem(Orderable):
    home_page = ParentalKey(HomePage, related_name="featured_items", on_delete=models.CASCADE)
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("Seite"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("page")]


class StandardPage(SitePageMixin, HeadlessPreviewMixin, Page):
    """A page of plain content such as "Über uns", "Kontakt" or "Impressum"."""

    intro = models.TextField(_("Einleitung"), max_length=500, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("Inhalt"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("search_description", boost=1.5),
        index.SearchField("intro", boost=1.5),
        index.SearchField("body"),
    ]
    api_fields = [APIField("intro"), APIField("body")]

    class Meta:
        verbose_name = _("Inhaltsseite")
        verbose_name_plural = _("Inhaltsseiten")
