from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable, TranslatableMixin


class Milestone(TranslatableMixin, Orderable):
    """A step on a project's timeline: planned or done."""

    page = ParentalKey("strategy.ProjectPage", related_name="milestones", on_delete=models.CASCADE)
    date = models.DateField(_("Datum"))
    title = models.CharField(_("Titel"), max_length=200)
    done = models.BooleanField(_("Erreicht"), default=False)

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("done")]), FieldPanel("title")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("Meilenstein")
        verbose_name_plural = _("Meilensteine")

    def __str__(self):
        return self.title
