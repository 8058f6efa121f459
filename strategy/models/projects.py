from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
)
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home import seo
from home.api.declarations import DocumentedField, choice_fields
from home.api.fields import DownloadsField
from home.api.schema import (
    DATE,
    DOCUMENT,
    INTEGER,
    PAGE_REFERENCE,
    STREAM,
    STRING,
    array_of,
    enum_of,
    nullable,
    obj,
)
from home.blocks import BaseStreamBlock
from home.cache.memory import remembered
from home.localization import localized_object, localized_page, one_per_translation
from home.models import (
    ChangeNotesMixin,
    Commune,
    ContactMixin,
    IdeasPage,
    LocalizedRelationsMixin,
    TeaserMixin,
)
from home.models.base import RoutableSitePage, edit_tabs
from home.models.mixins import SearchType, TopicsMixin
from home.text import collation_key
from home.visibility import live_public

from ..api import (
    CommunesField,
    LevelsField,
    PartnersField,
    ProjectFocusAreaField,
    RelatedNewsField,
)
from ..commune_links import commune_page_urls
from ..feeds import page_feed, page_feed_links
from .budget import BudgetMixin
from .documents import AttachedDocumentsMixin, DownloadMixin, SearchTextMixin
from .following import FollowedProjectMixin
from .milestones import MilestonesMixin


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("Idee")
    PLANNED = "planned", _("Geplant")
    IN_PROGRESS = "in_progress", _("In Umsetzung")
    IN_OPERATION = "in_operation", _("In Betrieb")
    COMPLETED = "completed", _("Abgeschlossen")
    PAUSED = "paused", _("Sistiert")


class ProjectLead(models.TextChoices):
    KANTON = "kanton", _("Kanton")
    VLG = "vlg", _("VLG")
    GEMEINDEN = "gemeinden", _("Gemeinden")
    BUND = "bund", _("Bund")
    JOINT = "joint", _("Gemeinsam")


# The three federal levels (Staatsebenen); each is a boolean field on the project so
# listings can filter and count by level in one query.
GOVERNMENT_LEVELS = [
    ("bund", _("Bund")),
    ("kanton", _("Kanton")),
    ("gemeinde", _("Gemeinde")),
]


class ProjectPageQuerySet(PageQuerySet):
    def catalogue(self, locale):
        """Published public projects of one language, with what listings show."""
        return (
            live_public(self)
            .filter(locale=locale)
            .defer_streamfields()
            .select_related("focus_area", "focus_area__page", "lead_image")
            .prefetch_related("topics", "lead_image__renditions")
        )


class ProjectPage(
    LocalizedRelationsMixin,
    TeaserMixin,
    TopicsMixin,
    ContactMixin,
    AttachedDocumentsMixin,
    SearchTextMixin,
    FollowedProjectMixin,
    MilestonesMixin,
    BudgetMixin,
    ChangeNotesMixin,
    RoutableSitePage,
):
    """A project of the e-government catalogue: what it does, who leads it, where it stands,
    which communes take part."""

    linked_objects = ("lead_image", "contact_person__photo", "focus_area__page")
    linked_objects_unused = ("focus_area__page__body",)

    status = models.CharField(
        _("Status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    lead = models.CharField(
        _("Federführung"), max_length=20, choices=ProjectLead.choices, default=ProjectLead.JOINT
    )
    partners = models.TextField(
        _("Partner"),
        blank=True,
        max_length=1000,
        help_text=_("Ein Partner pro Zeile, z. B. «Kanton Luzern»."),
    )
    level_bund = models.BooleanField(_("Bund"), default=False)
    level_kanton = models.BooleanField(_("Kanton"), default=False)
    level_gemeinde = models.BooleanField(_("Gemeinde"), default=False)
    focus_area = models.ForeignKey(
        "strategy.FocusArea",
        verbose_name=_("Strategie-Schwerpunkt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        help_text=_("Der Schwerpunkt einer Strategie, dem das Projekt dient."),
    )
    start_date = models.DateField(_("Start"), null=True, blank=True)
    planned_end = models.DateField(_("Geplantes Ende"), null=True, blank=True)
    participating_communes = ParentalManyToManyField(
        Commune, verbose_name=_("Beteiligte Gemeinden"), blank=True, related_name="projects"
    )
    service_url = models.URLField(
        _("Link zum Angebot"),
        blank=True,
        help_text=_("Adresse des laufenden Angebots, falls es online ist."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("Beschreibung"), blank=True)

    objects = PageManager.from_queryset(ProjectPageQuerySet)()

    content_panels = Page.content_panels + [
        *TeaserMixin.teaser_panels,
        FieldPanel("body"),
        ChangeNotesMixin.change_panel,
    ]
    classification_panels = [
        FieldRowPanel([FieldPanel("status"), FieldPanel("lead")]),
        FieldRowPanel(
            [FieldPanel("level_bund"), FieldPanel("level_kanton"), FieldPanel("level_gemeinde")],
            heading=_("Staatsebenen"),
        ),
        TopicsMixin.topics_panel,
        FieldPanel("focus_area"),
        FieldPanel("partners"),
    ]
    timeline_panels = [
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("planned_end")]),
        InlinePanel("milestones", heading=_("Meilensteine"), label=_("Meilenstein")),
    ]
    relation_panels = [
        FieldPanel("participating_communes", widget=forms.CheckboxSelectMultiple),
        *ContactMixin.contact_panels,
        FieldPanel("service_url"),
        InlinePanel("documents", heading=_("Dokumente"), label=_("Dokument")),
    ]
    edit_handler = edit_tabs(
        (content_panels, _("Inhalt")),
        (classification_panels, _("Einordnung")),
        (timeline_panels, _("Zeitplan")),
        (BudgetMixin.budget_panels, _("Finanzen")),
        (relation_panels, _("Beziehungen")),
    )
    search_fields = (
        Page.search_fields
        + TeaserMixin.teaser_search_fields
        + [
            index.SearchField("body"),
            index.SearchField("partners"),
            TopicsMixin.topics_search_field,
            index.RelatedFields("participating_communes", [index.SearchField("name")]),
            index.SearchField("search_status"),
            index.SearchField("download_titles"),
            index.FilterField("status"),
            index.FilterField("lead"),
            index.FilterField("start_date"),
        ]
    )
    api_description = "A project of the e-government catalogue."
    api_fields = [
        *TeaserMixin.teaser_api_fields,
        *choice_fields("status", ProjectStatus),
        *choice_fields("lead", ProjectLead, "Who leads the project."),
        DocumentedField("partners", array_of(STRING), PartnersField()),
        DocumentedField(
            "levels",
            array_of(enum_of(GOVERNMENT_LEVELS, "Government levels involved.")),
            LevelsField(),
        ),
        TopicsMixin.topics_api_field,
        DocumentedField(
            "focus_area",
            nullable(
                obj(
                    {
                        "id": INTEGER,
                        "title": STRING,
                        "slug": STRING,
                        "strategy": nullable(PAGE_REFERENCE),
                    }
                )
            ),
            ProjectFocusAreaField(),
            select_related=["focus_area", "focus_area__page"],
        ),
        DocumentedField("start_date", nullable(DATE)),
        DocumentedField("planned_end", nullable(DATE)),
        *MilestonesMixin.milestone_api_fields,
        *BudgetMixin.budget_api_fields,
        DocumentedField(
            "participating_communes",
            array_of(
                obj(
                    {"bfs_number": INTEGER, "name": STRING, "url": nullable(STRING)},
                    description="BFS commune; url: its commune page.",
                )
            ),
            CommunesField(),
            prefetch_related=["participating_communes"],
        ),
        *ContactMixin.contact_api_fields,
        DocumentedField(
            "service_url", {"type": "string", "description": "URL of the live service or ''."}
        ),
        DocumentedField(
            "documents",
            array_of(DOCUMENT),
            DownloadsField(),
            prefetch_related=["documents__document"],
        ),
        DocumentedField("body", STREAM),
        DocumentedField(
            "related_news",
            array_of(obj({"id": INTEGER, "title": STRING, "date": DATE, "url": nullable(STRING)})),
            RelatedNewsField(),
        ),
        *ChangeNotesMixin.change_notes_api_fields,
        *IdeasPage.taken_up_api_fields,
    ]

    parent_page_types = ["strategy.ProjectIndexPage"]
    subpage_types = []
    search_type = SearchType(
        key="project",
        label=_("Projekt"),
        order=3,
        date_fields=("start_date",),
        status_field="status",
        topics_field="topics",
        downloads="documents",
    )

    class Meta:
        verbose_name = _("Projekt")
        verbose_name_plural = _("Projekte")

    def clean(self):
        super().clean()
        if self.start_date and self.planned_end and self.planned_end <= self.start_date:
            raise ValidationError(
                {"planned_end": _("Das geplante Ende muss nach dem Start liegen.")}
            )

    @cached_property
    def search_status(self):
        return self.choice_label("status")

    @property
    def status_slug(self):
        """The status as a CSS modifier, e.g. "in-progress"."""
        return self.status.replace("_", "-")

    @property
    def levels(self):
        return [code for code, _label in GOVERNMENT_LEVELS if getattr(self, f"level_{code}")]

    @property
    def level_labels(self):
        return [label for code, label in GOVERNMENT_LEVELS if getattr(self, f"level_{code}")]

    @property
    def partner_list(self):
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    # What the page relates to, shown alike by the site and the API (strategy/api.py),
    # in this page's language where translated (home/localization.py).

    def related_news(self):
        """The live, public news that name this project, newest first. News name the
        project in any language (matched by translation key); each is shown once."""
        # The news app builds on this one: its model is reached through the relation.
        news_model = self._meta.get_field("news_pages").related_model
        news = (
            live_public(news_model.objects.all())
            .filter(related_projects__translation_key=self.translation_key)
            .defer_streamfields()
            .distinct()
            .order_by("-date", "-pk")
        )
        return one_per_translation(news, self.locale_id)

    def focus_area_with_strategy(self):
        """(focus area, its strategy page): the strategy is None where visitors may not
        open it, both are None for a project without a focus area."""
        if not self.focus_area_id:
            return None, None
        area = localized_object(self.focus_area, self.locale_id)
        return area, localized_page(area.page, self.locale_id)

    def structured_data(self, request):
        """schema.org has no project type for public administration; a CreativeWork with
        its dates, place and status is what search engines understand."""
        data = {
            "@type": "CreativeWork",
            "additionalType": "https://schema.org/Project",
            "name": self.title,
            "description": seo.page_description(self),
            "url": self.get_full_url(request),
            "inLanguage": self.locale.language_code,
            "creativeWorkStatus": str(self.get_status_display()),
            "spatialCoverage": {"@type": "AdministrativeArea", "name": "Kanton Luzern"},
            "keywords": [topic.name for topic in self.topic_list],
        }
        if self.start_date:
            data["dateCreated"] = self.start_date.isoformat()
        if self.planned_end:
            data["expires"] = self.planned_end.isoformat()
        if self.contact_person:
            data["contributor"] = seo.person(self.contact_person)
        return data

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.load_linked_objects()
        context["milestones"] = milestones = self.milestone_list()
        context["progress"] = self.progress(milestones)
        context["all_communes_count"] = commune_count()
        communes = self.participating_communes.all()
        context["communes"] = sorted(communes, key=lambda c: collation_key(c.name))
        page_urls = commune_page_urls(self.locale_id)
        for commune in context["communes"]:
            commune.page_url = page_urls.get(commune.bfs_number)
        context["commune_links"] = page_urls
        context["focus_area"], context["focus_strategy"] = self.focus_area_with_strategy()
        context["related_news"] = self.related_news()[:10]
        context["documents"] = self.downloads()
        context["change_feeds"] = page_feed_links(self, request)
        return context

    @path("feed/<str:kind>/")
    def feed_route(self, request, kind):
        """Its significant changes as RSS or Atom (strategy/feeds.py)."""
        return page_feed(self, request, kind, [self.pk])


@remembered
def commune_count():
    """The number of communes in the canton ("3 of 79" on a project page)."""
    return Commune.objects.count()


class ProjectDocument(DownloadMixin):
    page = ParentalKey(ProjectPage, related_name="documents", on_delete=models.CASCADE)
