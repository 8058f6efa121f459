"""The public list "Ideen und Antworten": ideas their senders agreed to publish and the
department chose to, with the department's edited text, its answer and the page the idea
went into — never the name, e-mail or role of the sender, the commune only where they
allowed it. Filterable by status and topic, with RSS/Atom feeds; in the API."""

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.contrib.routable_page.models import path

from home.api.declarations import DocumentedField
from home.api.fields import APIValueField
from home.api.schema import DATETIME, INTEGER, STRING, array_of, nullable, obj
from home.cache.memory import remembered
from home.change_feeds import FEED_TYPES
from home.feedback.models import Feedback, FeedbackStatus
from home.listing import Choice, ConditionFilter, ListingFilter, paginate
from home.localization import localized_page
from home.models.base import IndexPageMixin, RoutableSitePage
from home.models.snippets import Topic

IDEAS_PER_PAGE = 20
FEED_LENGTH = 20


def public_idea(feedback, locale_id, request=None):
    """What anybody may see of a published idea: no field that names a person."""
    outcome = feedback.outcome_page
    outcome = localized_page(outcome.specific, locale_id) if outcome else None
    return {
        "id": feedback.pk,
        "subject": feedback.public_subject,
        "text": feedback.public_text,
        "answer": feedback.public_answer,
        "status": feedback.status,
        "status_label": str(feedback.public_status_label),
        "category": feedback.category,
        "topics": [topic.slug for topic in feedback.topics.all()],
        "commune": feedback.commune.name if feedback.show_commune else None,
        "outcome": {"title": outcome.title, "url": outcome.get_url(request)} if outcome else None,
        "published_at": feedback.published_at,
        "language": feedback.language,
    }


IDEA_KEYS = (
    "id",
    "subject",
    "text",
    "answer",
    "status",
    "status_label",
    "category",
    "topics",
    "commune",
    "outcome",
    "published_at",
    "language",
)


class IdeasField(APIValueField):
    """The API's list of published ideas of an ideas page (newest first, at most 100)."""

    keys = IDEA_KEYS

    def represent(self, page):
        ideas = (public_idea(f, page.locale_id) for f in page.ideas()[:100])
        return [{**idea, "published_at": idea["published_at"].isoformat()} for idea in ideas]


class IdeasTakenUpField(APIValueField):
    """The published ideas that went into a page, each with its place on the ideas list."""

    keys = ("id", "subject", "commune", "url")

    def represent(self, page):
        ideas_url, ideas = ideas_taken_up_in(page.locale_id, page.translation_key)
        return [
            {
                "id": idea["id"],
                "subject": idea["subject"],
                "commune": idea["commune"],
                "url": f"{ideas_url}#idee-{idea['id']}",
            }
            for idea in ideas
        ]


class IdeasPage(IndexPageMixin, RoutableSitePage):
    """«Ideen und Antworten»: published ideas with the department's answers."""

    api_description = "Published ideas with the department's answers; no personal data."
    api_fields = [
        *IndexPageMixin.api_fields,
        DocumentedField(
            "ideas",
            array_of(
                obj(
                    {
                        "id": INTEGER,
                        "subject": STRING,
                        "text": STRING,
                        "answer": STRING,
                        "status": STRING,
                        "status_label": STRING,
                        "category": STRING,
                        "topics": array_of(STRING),
                        "commune": nullable(STRING),
                        "outcome": nullable(obj({"title": STRING, "url": nullable(STRING)})),
                        "published_at": DATETIME,
                        "language": STRING,
                    },
                    description="A published idea: texts as the department edited them.",
                )
            ),
            IdeasField(),
        ),
    ]
    subpage_types = []
    # For the pages ideas go into (a project): the ideas taken up there, in their API.
    taken_up_api_fields = [
        DocumentedField(
            "ideas_taken_up",
            array_of(
                obj(
                    {"id": INTEGER, "subject": STRING, "commune": nullable(STRING), "url": STRING},
                    description="A published idea that went into this page.",
                )
            ),
            IdeasTakenUpField(),
        )
    ]
    cached_query_parameters = frozenset(["status", "topic", "page"])

    class Meta:
        verbose_name = gettext_lazy("Ideen und Antworten")

    def ideas(self):
        return (
            Feedback.objects.published_ideas()
            .select_related("commune", "outcome_page")
            .prefetch_related("topics")
            .order_by("-published_at", "-pk")
        )

    def ideas_filter(self, params):
        topics = Topic.objects.filter(locale_id=self.locale_id).order_by("name")
        keys = {topic.slug: topic.translation_key for topic in topics}
        return ListingFilter(
            params,
            [
                ConditionFilter(
                    "status",
                    _("Stand"),
                    [
                        Choice(FeedbackStatus.ANSWERED, _("Beantwortet")),
                        Choice(FeedbackStatus.CLOSED, _("Abgeschlossen")),
                    ],
                    lambda v: Q(status=v),
                ),
                ConditionFilter(
                    "topic",
                    _("Thema"),
                    [Choice(topic.slug, topic.name) for topic in topics],
                    lambda v: Q(topics__translation_key=keys[v]),
                ),
            ],
        )

    @path("")
    def index_route(self, request):
        listing_filter = self.ideas_filter(request.GET)
        if not listing_filter.is_valid():
            raise Http404(_("Unbekannter Filter."))
        ideas = listing_filter.apply(self.ideas()).distinct()
        page_of_ideas = paginate(request, ideas, IDEAS_PER_PAGE)
        return self.render(
            request,
            context_overrides={
                "ideas": [public_idea(f, self.locale_id, request) for f in page_of_ideas],
                "page_of_ideas": page_of_ideas,
                "listing_filter": listing_filter,
            },
        )

    @path("feed/<str:kind>/")
    def feed_route(self, request, kind):
        return IdeasFeed(self, kind)(request)

    def feed_urls(self, request):
        base = self.get_url(request)
        return {"rss": f"{base}feed/rss/", "atom": f"{base}feed/atom/"}


class IdeasFeed(Feed):
    """The published ideas, newest first, each with its answer."""

    def __init__(self, page, kind):
        super().__init__()
        if kind not in FEED_TYPES:
            raise Http404(_("Unbekanntes Feed-Format."))
        self.feed_type = FEED_TYPES[kind]
        self.page = page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.page.title

    def link(self):
        return self.page.get_full_url(self.request)

    def description(self):
        return self.page.intro or self.page.title

    def feed_url(self):
        return self.request.build_absolute_uri()

    def items(self):
        return self.page.ideas()[:FEED_LENGTH]

    def item_title(self, item):
        return item.public_subject

    def item_description(self, item):
        return _("%(text)s – Antwort: %(answer)s") % {
            "text": item.public_text,
            "answer": item.public_answer,
        }

    def item_link(self, item):
        return f"{self.page.get_full_url(self.request)}#idee-{item.pk}"

    def item_guid(self, item):
        return f"{self.page.get_full_url(self.request)}#idee-{item.pk}"

    def item_pubdate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]


@remembered
def ideas_taken_up_in(locale_id, translation_key):
    """Published ideas that went into a page (in any of its languages), and the address of
    the ideas page of its language that lists them; remembered per content version (a
    published idea's change is a change of content: home/feedback/updates.py)."""
    ideas = IdeasPage.objects.live().filter(locale_id=locale_id).first()
    if ideas is None:
        return None, []
    found = Feedback.objects.published_ideas().filter(outcome_page__translation_key=translation_key)
    rows = found.order_by("-published_at").values(
        "pk", "public_subject", "language", "show_commune", "commune__name"
    )[:20]
    return ideas.url, [
        {
            "id": row["pk"],
            "subject": row["public_subject"],
            "language": row["language"],
            "commune": row["commune__name"] if row["show_commune"] else None,
        }
        for row in rows
    ]
