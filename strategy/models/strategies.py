from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from home import seo
from home.api.declarations import DocumentedField, choice_fields
from home.api.fields import DownloadsField, PageReferenceField
from home.api.schema import (
    DATE,
    DOCUMENT,
    INTEGER,
    PAGE_REFERENCE,
    STREAM,
    STRING,
    array_of,
    nullable,
    obj,
)
from home.blocks import BaseStreamBlock
from home.localization import localized_page, one_per_translation
from home.models import ChangeNotesMixin, ContactMixin
from home.models.base import IndexPageMixin, RoutableSitePage, SitePage, edit_tabs
from home.models.mixins import SearchType
from home.subscriptions.targets import Target, TargetKind
from home.visibility import live_public

from ..api import LINEAGE_SCHEMA, FocusAreasField, LineageField, SupersedesField
from ..feeds import page_feed, page_feed_links
from ..lineage import compare_focus_areas
from .documents import AttachedDocumentsMixin, DownloadMixin, SearchTextMixin
from .projects import ProjectPage


class StrategyKind(models.TextChoices):
    STRATEGY = "strategy", _("Strategie")
    REVIEW = "review", _("Überprüfung")
    IMPLEMENTATION_PLAN = "implementation_plan", _("Umsetzungsplan")


class StrategyStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    IN_FORCE = "in_force", _("In Kraft")
    SUPERSEDED = "superseded", _("Abgelöst")


class StrategyIndexPage(IndexPageMixin, SitePage):
    """The strategy section: the strategy documents as a timeline, the one in force first."""

    api_description = "The strategy section."
    subpage_types = ["strategy.StrategyPage"]

    class Meta:
        verbose_name = _("Strategieübersicht")

    def strategies(self):
        in_force_first = Case(
            When(status=StrategyStatus.IN_FORCE, then=Value(0)),
            When(status=StrategyStatus.DRAFT, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return (
            live_public(StrategyPage.objects.child_of(self))
            .defer_streamfields()
            .annotate(status_rank=in_force_first)
            .order_by("status_rank", "-valid_from", "-adopted_on", "title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["strategies"] = self.strategies()
        return context


class StrategyPage(
    ContactMixin, AttachedDocumentsMixin, SearchTextMixin, ChangeNotesMixin, RoutableSitePage
):
    """A strategy document of e-government in Lucerne: a strategy, a review of one, or its
    implementation plan, with its validity and what it replaced."""

    linked_objects = ("contact_person__photo", "superseded_by")
    linked_objects_unused = ("superseded_by__body",)

    kind = models.CharField(
        _("Art"), max_length=30, choices=StrategyKind.choices, default=StrategyKind.STRATEGY
    )
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=StrategyStatus.choices,
        default=StrategyStatus.IN_FORCE,
    )
    adopted_on = models.DateField(_("Beschlossen am"), null=True, blank=True)
    valid_from = models.DateField(_("Gültig ab"), null=True, blank=True)
    valid_to = models.DateField(_("Gültig bis"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("Abgelöst durch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
        help_text=_("Pflicht bei Status «Abgelöst»: das Dokument, das dieses ersetzt."),
    )
    summary = models.TextField(_("Zusammenfassung"), max_length=1500)
    body = StreamField(BaseStreamBlock(), verbose_name=_("Inhalt"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("focus_areas", heading=_("Schwerpunkte"), label=_("Schwerpunkt")),
        ChangeNotesMixin.change_panel,
    ]
    validity_panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("adopted_on"), FieldPanel("valid_from"), FieldPanel("valid_to")]),
        PageChooserPanel("superseded_by", "strategy.StrategyPage"),
    ]
    relation_panels = [
        InlinePanel("documents", heading=_("Dokumente"), label=_("Dokument")),
        *ContactMixin.contact_panels,
    ]
    edit_handler = edit_tabs(
        (content_panels, _("Inhalt")),
        (validity_panels, _("Gültigkeit")),
        (relation_panels, _("Dokumente und Kontakt")),
    )
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=1.5),
        index.SearchField("body"),
        index.RelatedFields("focus_areas", [index.SearchField("title")]),
        index.SearchField("search_kind"),
        index.SearchField("download_titles"),
        index.FilterField("status"),
        index.FilterField("kind"),
        index.FilterField("adopted_on"),
        index.FilterField("valid_from"),
    ]
    api_description = "A strategy document: strategy, review or implementation plan."
    api_fields = [
        *choice_fields("kind", StrategyKind),
        *choice_fields("status", StrategyStatus),
        DocumentedField("adopted_on", nullable(DATE)),
        DocumentedField("valid_from", nullable(DATE)),
        DocumentedField("valid_to", nullable(DATE)),
        DocumentedField(
            "superseded_by",
            nullable(PAGE_REFERENCE),
            PageReferenceField("superseded_by"),
            select_related=["superseded_by"],
        ),
        DocumentedField("supersedes", array_of(PAGE_REFERENCE), SupersedesField()),
        DocumentedField("summary", STRING),
        DocumentedField("body", STREAM),
        DocumentedField(
            "focus_areas",
            array_of(
                obj(
                    {
                        "id": INTEGER,
                        "title": STRING,
                        "slug": STRING,
                        "description": STRING,
                        "projects": array_of(PAGE_REFERENCE),
                    }
                )
            ),
            FocusAreasField(),
            prefetch_related=["focus_areas"],
        ),
        DocumentedField("lineage", LINEAGE_SCHEMA, LineageField()),
        DocumentedField(
            "documents",
            array_of(DOCUMENT),
            DownloadsField(),
            prefetch_related=["documents__document"],
        ),
        *ContactMixin.contact_api_fields,
        *ChangeNotesMixin.change_notes_api_fields,
    ]

    parent_page_types = ["strategy.StrategyIndexPage"]
    subpage_types = []
    search_type = SearchType(
        key="strategy",
        label=_("Strategie"),
        order=2,
        date_fields=("adopted_on", "valid_from"),
        downloads="documents",
        index_children=("focus_areas",),
    )

    class Meta:
        verbose_name = _("Strategiedokument")
        verbose_name_plural = _("Strategiedokumente")

    def clean(self):
        super().clean()
        errors = {}
        if self.status == StrategyStatus.SUPERSEDED and not self.superseded_by_id:
            errors["superseded_by"] = _("Ein abgelöstes Dokument nennt seinen Nachfolger.")
        if self.superseded_by_id and self.pk and self.superseded_by_id == self.pk:
            errors["superseded_by"] = _("Ein Dokument kann sich nicht selbst ablösen.")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("«Gültig bis» liegt vor «Gültig ab».")
        if errors:
            raise ValidationError(errors)

    @cached_property
    def search_kind(self):
        return f"{self.choice_label('kind')} {self.choice_label('status')}"

    @property
    def is_superseded(self):
        return self.status == StrategyStatus.SUPERSEDED

    def structured_data(self, request):
        """A strategy document as a schema.org CreativeWork (a government report)."""
        data = {
            "@type": "CreativeWork",
            "additionalType": "https://schema.org/Report",
            "name": self.title,
            "description": seo.page_description(self),
            "url": self.get_full_url(request),
            "inLanguage": self.locale.language_code,
            "creativeWorkStatus": str(self.get_status_display()),
            "genre": str(self.get_kind_display()),
        }
        if self.adopted_on:
            data["datePublished"] = self.adopted_on.isoformat()
        if self.valid_to:
            data["expires"] = self.valid_to.isoformat()
        return data

    # What the page relates to, shown alike by the site and the API (strategy/api.py).
    # Other pages name a strategy or a focus area by its German source (wagtail-localize
    # keeps such links to the source): they are matched by translation key, so that every
    # language finds them, and shown in this page's language where translated
    # (home/localization.py).

    def successor(self):
        """The document that replaced this one, if visitors may open it."""
        return localized_page(self.superseded_by, self.locale_id)

    def superseded_documents(self):
        """The documents that this one replaced, the most recent first."""
        earlier = (
            live_public(StrategyPage.objects.all())
            .filter(superseded_by__translation_key=self.translation_key)
            .defer_streamfields()
            .order_by("-valid_from", "title")
        )
        return one_per_translation(earlier, self.locale_id)

    # E-mail alerts (home/subscriptions/): its own changes and those of its projects.
    def subscription_target(self, params):
        label = _("Strategie: %(title)s") % {"title": self.title}
        return Target(TargetKind.STRATEGY, str(self.translation_key), str(label), self.get_url())

    def subscription_keys(self):
        return [(TargetKind.STRATEGY, str(self.translation_key))]

    def projects_by_focus_area(self, areas):
        """{focus area translation key: [project]}: the live, public projects that serve
        the focus areas, in this page's language where translated, by title; one query."""
        projects = (
            live_public(ProjectPage.objects.all())
            .filter(focus_area__translation_key__in={area.translation_key for area in areas})
            .select_related("focus_area")
            .defer_streamfields()
            .order_by("title")
        )
        by_area = {}
        for project in one_per_translation(projects, self.locale_id):
            by_area.setdefault(project.focus_area.translation_key, []).append(project)
        return by_area

    def focus_areas_with_projects(self, areas=None, projects=None):
        """[(focus area, [project])]: each focus area with the projects that serve it."""
        areas = list(self.focus_areas.all()) if areas is None else areas
        projects = self.projects_by_focus_area(areas) if projects is None else projects
        return [(area, projects.get(area.translation_key, [])) for area in areas]

    def focus_areas_and_lineage(self, predecessors):
        """(focus_areas_with_projects, [Lineage]): what changed from each document this one
        replaced (strategy/lineage.py). Three queries however many areas and predecessors;
        its own areas as the page holds them (a preview shows the unsaved ones)."""
        own = list(self.focus_areas.all())
        linked = {area.continues_id for area in own if area.continues_id}
        others = []
        if predecessors or linked:
            others = list(
                FocusArea.objects.filter(
                    Q(page__in=[page.pk for page in predecessors]) | Q(pk__in=linked)
                )
            )
        key_of = {area.pk: area.translation_key for area in others}
        links = {area.translation_key: key_of.get(area.continues_id) for area in own}
        projects = self.projects_by_focus_area(own + others)
        changes = []
        for page in predecessors:
            previous = [area for area in others if area.page_id == page.pk]
            changes.append(compare_focus_areas(page, previous, own, projects, links))
        return self.focus_areas_with_projects(own, projects), changes

    def lineage(self):
        return self.focus_areas_and_lineage(self.superseded_documents())[1]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.load_linked_objects()
        # Shown twice on a superseded document; looking it up costs queries.
        context["successor"] = self.successor()
        context["supersedes"] = supersedes = self.superseded_documents()
        context["focus_areas"], context["lineage"] = self.focus_areas_and_lineage(supersedes)
        context["documents"] = self.downloads()
        context["change_feeds"] = page_feed_links(self, request)
        return context

    @path("feed/<str:kind>/")
    def feed_route(self, request, kind):
        """Its significant changes and those of the projects serving its focus areas,
        as the page lists them, as RSS or Atom (strategy/feeds.py)."""
        projects = [p.pk for _area, projects in self.focus_areas_with_projects() for p in projects]
        return page_feed(self, request, kind, [self.pk, *projects])


class FocusArea(TranslatableMixin, Orderable):
    """A focus area (Schwerpunkt) of a strategy; projects serve one."""

    page = ParentalKey(StrategyPage, related_name="focus_areas", on_delete=models.CASCADE)
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=100, blank=True)
    description = models.TextField(_("Beschreibung"), max_length=1000, blank=True)
    continues = models.ForeignKey(
        "self",
        verbose_name=_("Führt Schwerpunkt fort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="continued_by",
        # The focus areas of documents that another one replaced; clean() narrows them.
        limit_choices_to={"page__superseded_by__isnull": False},
        help_text=_(
            "Optional: der Schwerpunkt eines abgelösten Dokuments, den dieser fortführt, "
            "auch unter neuem Titel."
        ),
    )

    panels = [FieldPanel("title"), FieldPanel("description"), FieldPanel("continues")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("Schwerpunkt")
        verbose_name_plural = _("Schwerpunkte")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if not (self.continues_id and self.page_id):
            return
        successor = self.continues.page.superseded_by
        if successor is None or successor.translation_key != self.page.translation_key:
            raise ValidationError(
                {"continues": _("Nur Schwerpunkte der Dokumente, die dieses Dokument ablöst.")}
            )

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:100]
        super().save(*args, **kwargs)


class StrategyDocument(DownloadMixin):
    page = ParentalKey(StrategyPage, related_name="documents", on_delete=models.CASCADE)
