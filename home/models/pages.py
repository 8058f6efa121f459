from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home import localization
from home.api.declarations import DocumentedField
from home.api.fields import PageReferenceField, PageReferenceListField
from home.api.schema import HTML, PAGE_REFERENCE, STREAM, STRING, array_of, nullable
from home.blocks import BaseStreamBlock
from home.cache.memory import remembered
from home.localization import localized_versions

from .base import SitePage, intro_field
from .mixins import ContactMixin, SitePageMixin

# Wagtail's own routing of a page type; a type with another one routes below itself.
WAGTAIL_ROUTES = (Page.route, RoutablePageMixin.route)


def subroute_matches(page_class, components):
    """Whether a routable page type has a sub-route for the rest of the path."""
    path = "/" + "".join(f"{component}/" for component in components)
    try:
        page_class.get_resolver().resolve(path)
    except Http404:
        return False
    return True


@remembered
def live_translation(page_id, locale_id, *, page):
    """The page's translation in a locale if it is live, else None."""
    translated = page.get_translation_or_none(locale_id)
    return translated if translated is not None and translated.live else None


@remembered
def home_links(page_id, *, page):
    """The pages linked from a start page (HomePage.linked_pages)."""
    return page.linked_pages()


class HomePage(ContactMixin, SitePage):
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
    short_text_fields = (*SitePageMixin.short_text_fields, "hero_title")

    class Meta:
        verbose_name = _("Startseite")

    @property
    def localized(self):
        """Wagtail's: the live translation in the active language, else this page. From
        memory: Wagtail's serve view asks the site's root page for it on every request
        (Page.route_for_request, then .specific.route() on it)."""
        if self.pk is None:  # a new page in the admin's preview
            return super().localized
        locale = localization.active_locale()
        if locale.pk == self.locale_id:
            return self
        return live_translation(self.pk, locale.pk, page=self) or self

    def route(self, request, path_components):
        """Wagtail's routing below this home page (Page.route, RoutablePageMixin.route) in
        two queries instead of two per level: the pages along the path in one query on
        their url_path, the last of them as its specific type. A sub-route of a live
        routable page (feeds, topic pages, the feedback form's steps) wins over a child
        page of the same name, as in Wagtail. Wagtail's serve view calls this on the
        site's home page in the visitor's language; the API's find/ on the home page of
        the path's language."""
        components = list(path_components)
        url_paths = [
            self.url_path + "".join(f"{component}/" for component in components[:depth])
            for depth in range(len(components) + 1)
        ]
        # The slugs let the database use its index (url_path has none).
        along_path = Page.objects.filter(
            slug__in={self.slug, *components}, url_path__in=url_paths, path__startswith=self.path
        )
        pages = {page.url_path: page for page in along_path}
        for depth, url_path in enumerate(url_paths):
            page = pages.get(url_path)
            page_class = page.specific_class if page is not None else None
            if page_class is None:
                raise Http404
            remaining = components[depth:]
            if depth and page_class.route not in WAGTAIL_ROUTES:
                # A page type with routing of its own routes the rest.
                return page.specific.route(request, remaining)
            routable = issubclass(page_class, RoutablePageMixin)
            if not remaining or (
                routable and page.live and subroute_matches(page_class, remaining)
            ):
                page = page.specific
                # This very page: Wagtail's routing (for a home page, Page's own).
                route = super(HomePage, page).route if isinstance(page, HomePage) else page.route
                result = route(request, remaining)
                localization.with_locale(result[0])
                return result
        raise Http404

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
            context.update(home_links(self.pk, page=self))
        return context

    def linked_pages(self):
        """The pages the editors link from the start page, as the API shows them
        (home/localization.py): in the page's language where translated, live and public
        only. (The latest news: news/templatetags/news_tags.py.)"""
        featured_ids = [item.page_id for item in self.featured_items.all()]
        link_ids = [pk for pk in (self.strategy_page_id, self.feedback_page_id) if pk]
        # Specific pages: the cards show the featured projects' teasers.
        specific = Page.objects.specific()
        linked = specific.filter(pk__in=featured_ids + link_ids).in_bulk()
        shown = localized_versions(linked.values(), self.locale_id, queryset=specific)
        featured = [shown[pk] for pk in featured_ids if pk in shown]
        return {
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


class StandardPage(SitePage):
    """A page of plain content such as "Über uns", "Kontakt" or "Impressum"."""

    intro = intro_field(max_length=500)
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
