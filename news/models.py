from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Count, Q, Value
from django.db.models.functions import ExtractYear
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home import seo
from home.api.declarations import DocumentedField
from home.api.fields import PageReferenceListField, PersonField, TagNamesField
from home.api.schema import DATE, PAGE_REFERENCE, PERSON, STREAM, STRING, array_of, nullable
from home.blocks import BaseStreamBlock
from home.cache.memory import remembered
from home.listing import Choice, ConditionFilter, ListingFilter, paginate
from home.localization import localized_pages
from home.models import ChangeNotesMixin, LocalizedRelationsMixin, TeaserMixin, Topic
from home.models.base import IndexPageMixin, RoutableSitePage, SitePage, edit_tabs, intro_field
from home.models.mixins import SearchType, TopicsMixin
from home.subscriptions.targets import Target, TargetKind, topic_keys
from home.visibility import live_public
from news.feeds import NewsFeed


class NewsPageQuerySet(PageQuerySet):
    def listing(self, locale):
        """Published public news of one language, newest first, with what cards show.
        The conditions on the copies of language and state (NewsPage.listing_locale,
        listing_live) let the database read one page of it from the index
        news_listing_idx instead of sorting every page of the language."""
        return (
            live_public(self)
            .filter(locale=locale)
            .in_listing_index(locale)
            .defer_streamfields()
            .select_related("lead_image", "author")
            .prefetch_related("topics", "lead_image__renditions")
            .order_by("-date", "-pk")
        )

    def in_listing_index(self, locale):
        """The live news of a language by the listing index's leading columns (the
        conditions on wagtailcore_page stay: they decide, the index only finds)."""
        return self.filter(listing_locale=locale, listing_live=True)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsFilter(ListingFilter):
    """The news index's filters by topic, tag and year. Their choices take two queries:
    topics and tags together, and the years with the number of news that the topic and
    tag filters leave in each, which gives the listing's count. Both change only with the
    content: remembered per process and content version (home/cache/memory.py) for the
    index, the years per valid topic and tag."""

    def __init__(self, params, index, news):
        self.index = index
        self.news = news
        super().__init__(
            params,
            [
                ConditionFilter(
                    "topic", _("Thema"), self._choices("topic"), lambda v: Q(topics__slug=v)
                ),
                ConditionFilter(
                    "tag",
                    _("Schlagwort"),
                    self._choices("tag"),
                    lambda v: Q(tagged_items__tag__slug=v),
                ),
                ConditionFilter(
                    "year", _("Jahr"), self._choices("year"), lambda v: Q(date__year=int(v))
                ),
            ],
        )

    def _choices(self, kind):
        # A generator: the queries run when a filter first needs its choices.
        if kind == "year":
            yield from (Choice(str(year), str(year)) for year in self._years)
        else:
            yield from self._topics_and_tags[kind]

    @cached_property
    def _topics_and_tags(self):
        return topic_and_tag_choices(self.index.pk, news=self.news, locale_id=self.index.locale_id)

    @cached_property
    def _years(self):
        """{year: number of news the topic and tag filters leave}, newest year first."""
        topic, tag = self.active.get("topic"), self.active.get("tag")
        known = self._topics_and_tags
        others = Q()
        for listing_filter in self.filters:
            if listing_filter.name != "year":
                others &= listing_filter.active_condition
        if any(
            value and value not in {choice.value for choice in known[kind]}
            for kind, value in (("topic", topic), ("tag", tag))
        ):
            # An unknown value (a 404): not worth remembering.
            return count_by_year(self.news, others)
        return news_count_by_year(self.index.pk, topic, tag, news=self.news, condition=others)

    def count(self):
        """The number of news the active filters leave."""
        year = self.active.get("year")
        return sum(n for y, n in self._years.items() if not year or str(y) == year)


@remembered
def topic_and_tag_choices(index_id, *, news, locale_id):
    """{"topic": [Choice], "tag": [Choice]} of the news of a news index, in one query."""

    def rows(queryset, kind):
        return queryset.order_by().annotate(kind=Value(kind)).values_list("kind", "slug", "name")

    topics = Topic.objects.filter(locale_id=locale_id, newspage__in=news)
    tags = Tag.objects.filter(news_newspagetag_items__content_object__in=news)
    choices = {"topic": [], "tag": []}
    union = rows(topics, "topic").union(rows(tags, "tag")).order_by("kind", "name")
    for kind, slug, name in union:
        choices[kind].append(Choice(slug, name))
    return choices


@remembered
def news_count_by_year(index_id, topic, tag, *, news, condition):
    """count_by_year() of a news index's news for a (valid) topic and tag filter."""
    return count_by_year(news, condition)


def count_by_year(news, condition):
    """{year: number of the news that meet the condition}, newest year first."""
    rows = (
        news.prefetch_related(None)
        .order_by()
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(n=Count("pk", distinct=True, filter=condition))
        .order_by("-year")
    )
    return {row["year"]: row["n"] for row in rows}


class NewsIndexPage(IndexPageMixin, RoutableSitePage):
    """The news section ("Aktuelles"): a filterable list and the RSS/Atom feeds."""

    intro = intro_field(max_length=500)

    api_description = "The news section (Aktuelles)."
    subpage_types = ["news.NewsPage"]
    # The listing's filters (NewsFilter) and paging.
    cached_query_parameters = frozenset(["topic", "tag", "year", "page"])

    class Meta:
        verbose_name = _("Newsübersicht")

    def news(self):
        return NewsPage.objects.child_of(self).listing(self.locale_id)

    def news_filter(self, request, news=None):
        return NewsFilter(request.GET, self, self.news() if news is None else news)

    @path("")
    def index_route(self, request):
        news = self.news()
        listing_filter = self.news_filter(request, news)
        if not listing_filter.is_valid():
            raise Http404(_("Unbekannter Filter."))
        items = listing_filter.apply(news)
        page_of_items = paginate(
            request, items, self.items_per_page(), count=listing_filter.count()
        )
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
        return NewsFeed(self, kind=kind, topic_slug=topic)(request)

    def subscription_target(self, params):
        """All news, or the news of the topic filtered by (home/subscriptions/)."""
        slug = params.get("topic")
        if not slug:
            return Target(TargetKind.NEWS, "", str(_("Alle News")), self.get_url())
        topic = Topic.objects.filter(locale_id=self.locale_id, slug=slug).first()
        if topic is None:
            return None
        label = _("Thema: %(topic)s") % {"topic": topic.name}
        url = f"{self.get_url()}?topic={slug}"
        return Target(TargetKind.TOPIC, str(topic.translation_key), str(label), url)

    def feed_links(self, request):
        """The feeds the head of every page of its language announces (the frame reads
        this method on every page type that has it: home/templatetags/site_tags.py)."""
        base = self.get_url(request)
        return [
            {
                "type": "application/rss+xml",
                "title": _("Aktuelles (RSS)"),
                "url": f"{base}feed/rss/",
            },
            {
                "type": "application/atom+xml",
                "title": _("Aktuelles (Atom)"),
                "url": f"{base}feed/atom/",
            },
        ]

    @staticmethod
    def items_per_page():
        return settings.NEWS_PAGE_SIZE


class NewsPage(LocalizedRelationsMixin, TeaserMixin, TopicsMixin, ChangeNotesMixin, SitePage):
    """A news item: a dated report about the department's work."""

    linked_objects = ("lead_image", "author__photo")

    date = models.DateField(_("Datum"), default=timezone.localdate)
    body = StreamField(BaseStreamBlock(), verbose_name=_("Inhalt"), blank=True)
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

    # Copies of the page's language and state (wagtailcore_page.locale_id, live) on this
    # table, set by save(): with the date they form the composite index that the
    # listings (news index, feeds, API, start page) read one page of news from. A bulk
    # insert must set them too.
    listing_locale = models.ForeignKey(
        "wagtailcore.Locale",
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the composite index leads with it
    )
    listing_live = models.BooleanField(default=False, editable=False)

    objects = PageManager.from_queryset(NewsPageQuerySet)()

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        *TeaserMixin.teaser_panels,
        FieldPanel("body"),
        ChangeNotesMixin.change_panel,
    ]
    classification_panels = [
        TopicsMixin.topics_panel,
        FieldPanel("tags"),
        FieldPanel("author"),
        FieldPanel("related_projects", widget=forms.CheckboxSelectMultiple),
    ]
    edit_handler = edit_tabs(
        (content_panels, _("Inhalt")), (classification_panels, _("Einordnung"))
    )
    search_fields = (
        Page.search_fields
        + TeaserMixin.teaser_search_fields
        + [
            index.SearchField("body"),
            TopicsMixin.topics_search_field,
            index.RelatedFields("tags", [index.SearchField("name")]),
            index.FilterField("date"),
        ]
    )
    api_description = "A dated news item."
    # The API's order of a news listing without ?order= (vlgsite/api/filters.py): the
    # site's, read from news_listing_idx.
    api_listing_order = ("-date", "-pk")
    api_fields = [
        DocumentedField("date", DATE),
        *TeaserMixin.teaser_api_fields,
        DocumentedField("body", STREAM),
        TopicsMixin.topics_api_field,
        DocumentedField(
            "tags", array_of(STRING), TagNamesField(), prefetch_related=["tagged_items__tag"]
        ),
        DocumentedField(
            "author", nullable(PERSON), PersonField("author"), select_related=["author"]
        ),
        DocumentedField(
            "related_projects",
            array_of(PAGE_REFERENCE),
            PageReferenceListField("related_projects"),
            prefetch_related=["related_projects"],
        ),
        *ChangeNotesMixin.change_notes_api_fields,
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    search_type = SearchType(
        key="news", label=_("News"), order=1, date_fields=("date",), topics_field="topics"
    )

    class Meta:
        verbose_name = _("News")
        verbose_name_plural = _("News")
        indexes = [
            # The listings: the live news of a language, newest first (-date, -pk). Partial:
            # a boolean is no equality term to SQLite, a partial index's condition is.
            models.Index(
                fields=["listing_locale", "date", "page_ptr"],
                condition=models.Q(listing_live=True),
                name="news_listing_idx",
            )
        ]

    def save(self, *args, **kwargs):
        # The copies are set by copy_language_and_state() once Wagtail has set the locale;
        # a save of some fields writes them only with the fields they copy (a draft's
        # bookkeeping save stays a draft's: home/cache/signals.py).
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"live", "locale"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "listing_locale", "listing_live"}
        return super().save(*args, **kwargs)

    def subscription_keys(self):
        """What a published news item is announced to (home/subscriptions/)."""
        return [(TargetKind.NEWS, ""), *topic_keys(self)]

    def structured_data(self, request):
        """schema.org NewsArticle, for search engines."""
        data = {
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "description": seo.page_description(self),
            "datePublished": self.date.isoformat(),
            "dateModified": (
                self.last_significant_change or self.last_published_at or self.date
            ).isoformat(),
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

    def visible_related_projects(self):
        """The projects this news names, as the site and the API show them: live and
        public, in this page's language where translated (home/localization.py)."""
        return localized_pages(self.related_projects.all(), self.locale_id)

    def get_context(self, request, *args, **kwargs):
        self.load_linked_objects()
        context = super().get_context(request, *args, **kwargs)
        context["related_projects"] = self.visible_related_projects()
        return context


@receiver(pre_save, sender=NewsPage)
def copy_language_and_state(sender, instance, **kwargs):
    """Keep the listing index's copies of the page's language and state right on every
    save (publish, unpublish, a script's save); after Page.save() has set the locale."""
    instance.listing_locale_id = instance.locale_id
    instance.listing_live = instance.live
