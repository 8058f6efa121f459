from django import forms
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.api import PageReferenceListField, PersonField, TagNamesField, TopicsField
from home.blocks import BaseStreamBlock
from home.listing import Choice, Filter, ListingFilter, paginate
from home.models import LocalizedRelationsMixin, TeaserMixin, Topic
from home.models.mixins import HeadlessPreviewMixin
from strategy.loading import load_foreign_keys


class NewsPageQuerySet(PageQuerySet):
    def listing(self, locale):
        """Published public news of one language, newest first, with what cards show."""
        return (
            self.live()
            .public()
            .filter(locale=locale)
            .defer_streamfields()
            .select_related("lead_image", "author")
            .prefetch_related("topics", "tagged_items__tag", "lead_image__renditions")
            .order_by("-date", "-pk")
        )


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsIndexPage(HeadlessPreviewMixin, RoutablePageMixin, Page):
    """The news section ("Aktuelles"): a filterable list and the RSS/Atom feeds."""

    intro = models.TextField(_("Einleitung"), max_length=500, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro", boost=1.5)]
    api_fields = [APIField("intro")]
    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Newsübersicht")

    def news(self):
        return NewsPage.objects.child_of(self).listing(self.locale)

    def news_filter(self, request):
        news = self.news()
        topics = Topic.objects.filter(locale=self.locale, newspage__in=news).distinct()
        tags = Tag.objects.filter(news_newspagetag_items__content_object__in=news).distinct()
        return ListingFilter(
            request.GET,
            [
                Filter(
                    "topic",
                    _("Thema"),
                    (Choice(t.slug, t.name) for t in topics.order_by("name")),
                    lambda qs, value: qs.filter(topics__slug=value),
                ),
                Filter(
                    "tag",
                    _("Schlagwort"),
                    (Choice(t.slug, t.name) for t in tags.order_by("name")),
                    lambda qs, value: qs.filter(tagged_items__tag__slug=value),
                ),
                Filter(
                    "year",
                    _("Jahr"),
                    (Choice(str(d.year), str(d.year)) for d in news.dates("date", "year", "DESC")),
                    lambda qs, value: qs.filter(date__year=int(value)),
                ),
            ],
        )

    @path("")
    def index_route(self, request):
        listing_filter = self.news_filter(request)
        if not listing_filter.is_valid():
            raise Http404(_("Unbekannter Filter."))
        items = listing_filter.apply(self.news())
        page_of_items = paginate(request, items, per_page=self.items_per_page())
        return self.render(
            request,
            context_overrides={
                "news_items": page_of_items,
                "listing_filter": listing_filter,
            },
        )

    @path("feed/<str:kind>/")
    @path("feed/<str:kind>/<slug:topic>/")
    def feed_route(self, request, kind, topic=None):
        from news.feeds import NewsFeed

        return NewsFeed(self, kind=kind, topic_slug=topic)(request)

    @staticmethod
    def items_per_page():
        from django.conf import settings

        return settings.NEWS_PAGE_SIZE


class NewsPage(HeadlessPreviewMixin, LocalizedRelationsMixin, TeaserMixin, Page):
    """A news item: a dated report about the department's work."""

    date = models.DateField(_("Datum"), default=timezone.localdate)
    body = StreamField(BaseStreamBlock(), verbose_name=_("Inhalt"), blank=True)
    topics = ParentalManyToManyField(Topic, verbose_name=_("Themen"), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, verbose_name=_("Schlagwörter"), blank=True)
    author = models.ForeignKey(
        "home.Person",
        verbose_name=_("Autorin oder Autor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    related_projects = ParentalManyToManyField(
        "strategy.ProjectPage",
        verbose_name=_("Betroffene Projekte"),
        blank=True,
        related_name="news_pages",
        help_text=_("Die News erscheint auf den Seiten dieser Projekte."),
    )

    objects = PageManager.from_queryset(NewsPageQuerySet)()

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        *TeaserMixin.teaser_panels,
        FieldPanel("body"),
    ]
    classification_panels = [
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        FieldPanel("author"),
        FieldPanel("related_projects", widget=forms.CheckboxSelectMultiple),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Inhalt")),
            ObjectList(classification_panels, heading=_("Einordnung")),
            ObjectList(Page.promote_panels, heading=_("Veröffentlichung")),
            ObjectList(Page.settings_panels, heading=_("Einstellungen")),
        ]
    )
    search_fields = (
        Page.search_fields
        + TeaserMixin.teaser_search_fields
        + [
            index.SearchField("body"),
            index.RelatedFields("topics", [index.SearchField("name"), index.FilterField("slug")]),
            index.RelatedFields("tags", [index.SearchField("name")]),
            index.FilterField("date"),
        ]
    )
    api_fields = [
        APIField("date"),
        *TeaserMixin.teaser_api_fields,
        APIField("body"),
        APIField("topics", serializer=TopicsField()),
        APIField("tags", serializer=TagNamesField()),
        APIField("author", serializer=PersonField("author")),
        APIField("related_projects", serializer=PageReferenceListField("related_projects")),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("News")
        verbose_name_plural = _("News")

    @cached_property
    def topic_list(self):
        """The topics, loaded once for the page and its structured data."""
        return list(self.topics.all())

    @property
    def tag_names(self):
        return sorted(tagged.tag.name for tagged in self.tagged_items.all())

    def structured_data(self, request):
        """schema.org NewsArticle, for search engines."""
        from home import seo

        data = {
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "description": seo.page_description(self),
            "datePublished": self.date.isoformat(),
            "dateModified": (self.last_published_at or self.date).isoformat(),
            "inLanguage": self.locale.language_code,
            "mainEntityOfPage": self.get_full_url(request),
            "keywords": [topic.name for topic in self.topic_list],
        }
        image = seo.social_image(self, request)
        if image:
            data["image"] = [image[0]]
        if self.author:
            data["author"] = seo.person(self.author)
        return data

    def get_context(self, request, *args, **kwargs):
        load_foreign_keys(self, "locale", "lead_image", "author__photo")
        return super().get_context(request, *args, **kwargs)
