"""A project's milestones, planned and reached, and what follows from them: the slip of
each and the project's progress (strategy/progress.py does the arithmetic)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable, TranslatableMixin

from home.api.declarations import DocumentedField
from home.api.schema import BOOLEAN, DATE, INTEGER, STRING, array_of, nullable, obj

from .. import progress
from ..api import MilestonesField, ProgressField


class MilestoneQuerySet(models.QuerySet):
    def upcoming(self, projects):
        """The milestones not yet reached of the given projects (e.g. a commune's live
        public ones), the next planned first; overdue ones stay in: still ahead."""
        return (
            self.filter(page__in=projects, actual_date__isnull=True, planned_date__isnull=False)
            .select_related("page")
            .order_by("planned_date", "page__title", "sort_order")
        )


class Milestone(TranslatableMixin, Orderable):
    """A step on a project's timeline: planned for a date, reached on a date."""

    page = ParentalKey("strategy.ProjectPage", related_name="milestones", on_delete=models.CASCADE)
    planned_date = models.DateField(_("Geplant für"), null=True, blank=True)
    actual_date = models.DateField(
        _("Erreicht am"),
        null=True,
        blank=True,
        help_text=_("Leer lassen, solange der Meilenstein nicht erreicht ist."),
    )
    title = models.CharField(_("Titel"), max_length=200)

    objects = MilestoneQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("planned_date"), FieldPanel("actual_date")]),
        FieldPanel("title"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("Meilenstein")
        verbose_name_plural = _("Meilensteine")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.planned_date is None and self.actual_date is None:
            raise ValidationError(
                {"planned_date": _("Bitte ein geplantes oder ein erreichtes Datum angeben.")}
            )
        if self.actual_date and self.actual_date > timezone.localdate():
            raise ValidationError(
                {"actual_date": _("Ein Meilenstein kann nicht in der Zukunft erreicht werden.")}
            )

    @property
    def reached(self):
        return self.actual_date is not None

    @property
    def slip_days(self):
        """Days reached after the plan (negative: earlier), None without both dates."""
        return progress.slip_days(self.planned_date, self.actual_date)

    @property
    def slip_months(self):
        return progress.slip_months(self.planned_date, self.actual_date)

    def is_overdue(self, today=None):
        return progress.is_overdue(self.planned_date, self.actual_date, today)

    @property
    def overdue(self):
        return self.is_overdue()

    @property
    def timeline_date(self):
        """When it happened or is to happen: where it stands on a timeline."""
        return self.actual_date or self.planned_date or datetime.date.max


class MilestonesMixin:
    """A project's milestones in timeline order and its progress; both read the
    prefetched milestones when a listing prefetched them."""

    milestone_api_fields = [
        DocumentedField(
            "milestones",
            array_of(
                obj(
                    {
                        "title": STRING,
                        "planned_date": nullable(DATE),
                        "actual_date": nullable(DATE),
                        "reached": BOOLEAN,
                        "slip_days": nullable(INTEGER),
                    }
                )
            ),
            MilestonesField(),
            prefetch_related=["milestones"],
        ),
        DocumentedField(
            "progress",
            obj(
                {"reached": INTEGER, "total": INTEGER, "percent": nullable(INTEGER)},
                description="Share of the milestones reached; percent is null without any.",
            ),
            ProgressField(),
            prefetch_related=["milestones"],
        ),
    ]

    def milestone_list(self):
        return sorted(self.milestones.all(), key=lambda m: (m.timeline_date, m.sort_order or 0))

    def progress(self, milestones=None):
        """The share reached, of the given milestone_list() or of this project's."""
        return progress.Progress.of(self.milestone_list() if milestones is None else milestones)

    def next_milestone(self):
        """The first milestone not yet reached (by its planned date), or None."""
        pending = [m for m in self.milestone_list() if not m.reached and m.planned_date]
        return min(pending, key=lambda m: m.planned_date, default=None)
