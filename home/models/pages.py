from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.api.declarations import DocumentedField
from home.api.fields import PageReferenceField, PageReferenceListField
from home.api.schema import HTML, PAGE_REFERENCE, STREAM, STRING, array_of, nullable
from home.blocks import BaseStreamBlock
from home.cache import memory

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
    api_description = "The start page of a language version of the site."
    api_fields = [
        DocumentedField("hero_title", STRING),
        DocumentedField("intro", HTML),
        DocumentedField(
            "featured_pages",
            array_of(PAGE_REFERENCE),
            PageReferenceListField("featured_pages"),
        ),
        DocumentedField("strategy_teaser_title", STRING),
        DocumentedField("strategy_teaser_text", STRING),
        DocumentedField(
            "strategy_page", nullable(PAGE_REFERENCE), PageReferenceField("strategy_page")
        ),
        DocumentedField("feedback_call", STRING),
        DocumentedField(
            "feedback_page", nullable(PAGE_REFERENCE), PageReferenceField("feedback_page")
        ),
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
        page. Page links are kept to the German source pages; the visitor reads them in
        their language where a live translation exists."""
        from news.models import NewsIndexPage, NewsPage

        featured = [item.page for item in self.featured_items.select_related("page")]
        links = [pk for pk in (self.strategy_page_id, self.feedback_page_id) if pk]
        linked = featured + list(Page.objects.in_bulk(links).values())
        localized = localized_pages(linked, self.locale)
        return {
            "latest_news": list(NewsPage.objects.listing(locale=self.locale)[:3]),
            "news_index": NewsIndexPage.objects.child_of(self).live().first(),
            "featured_pages": [
                localized[page.pk] for page in featured if page.live and page.pk in localized
            ],
            "strategy_page": localized.get(self.strategy_page_id),
            "feedback_page": localized.get(self.feedback_page_id),
        }


def localized_pages(pages, locale):
    """{pk: the page's live translation in `locale`, else the page} for live pages, as
    specific pages: one query per page type instead of several per page."""
    live = [page for page in pages if page.live]
    translations = {
        translated.translation_key: translated
        for translated in Page.objects.live()
        .filter(locale=locale, translation_key__in={page.translation_key for page in live})
        .specific()
    }
    missing = [page.pk for page in live if page.translation_key not in translations]
    sources = Page.objects.filter(pk__in=missing).specific().in_bulk() if missing else {}
    return {page.pk: translations.get(page.translation_key) or sources[page.pk] for page in live}


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
    api_description = "A page of plain content (Über uns, Kontakt, Impressum, …)."
    api_fields = [DocumentedField("intro", STRING), DocumentedField("body", STREAM)]

    class Meta:
        verbose_name = _("Inhaltsseite")
        verbose_name_plural = _("Inhaltsseiten")
