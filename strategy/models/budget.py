"""A project's optional budget in whole Swiss francs, its financing split and the source
of the figures."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from home.api.declarations import DocumentedField
from home.api.schema import INTEGER, STRING, nullable, obj

from ..api import BudgetField

# The financing parts: (field suffix, label), in the order the page shows them.
FINANCING_PARTS = [
    ("kanton", _("Kanton")),
    ("gemeinden", _("Gemeinden")),
    ("bund", _("Bund")),
    ("other", _("Andere")),
]


def francs(label):
    return models.PositiveBigIntegerField(label, null=True, blank=True)


class BudgetMixin(models.Model):
    budget_total = francs(_("Budget gesamt (CHF)"))
    budget_kanton = francs(_("davon Kanton (CHF)"))
    budget_gemeinden = francs(_("davon Gemeinden (CHF)"))
    budget_bund = francs(_("davon Bund (CHF)"))
    budget_other = francs(_("davon andere (CHF)"))
    budget_source = models.CharField(
        _("Quelle der Zahlen"),
        max_length=500,
        blank=True,
        help_text=_("Z. B. «Regierungsratsbeschluss vom 4. März 2025» oder eine Adresse."),
    )

    budget_panels = [
        MultiFieldPanel(
            [
                FieldPanel("budget_total"),
                FieldRowPanel([FieldPanel(f"budget_{code}") for code, _label in FINANCING_PARTS]),
                FieldPanel("budget_source"),
            ],
            heading=_("Budget"),
            help_text=_("Ganze Franken, ohne Apostroph. Leer lassen, was nicht bekannt ist."),
        )
    ]
    budget_api_fields = [
        DocumentedField(
            "budget",
            nullable(
                obj(
                    {
                        "total": nullable(INTEGER),
                        "kanton": nullable(INTEGER),
                        "gemeinden": nullable(INTEGER),
                        "bund": nullable(INTEGER),
                        "other": nullable(INTEGER),
                        "source": STRING,
                    },
                    description="Budget in whole CHF with its financing split; null if none.",
                )
            ),
            BudgetField(),
        )
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        parts = sum(getattr(self, f"budget_{code}") or 0 for code, _label in FINANCING_PARTS)
        if self.budget_total is not None and parts > self.budget_total:
            raise ValidationError(
                {
                    "budget_total": _(
                        "Die Anteile der Finanzierung sind zusammen grösser als das Budget."
                    )
                }
            )

    def budget(self):
        """The figures as a dict (None where unknown), or None without any figure."""
        amounts = {"total": self.budget_total}
        amounts.update((code, getattr(self, f"budget_{code}")) for code, _label in FINANCING_PARTS)
        if all(value is None for value in amounts.values()):
            return None
        return {**amounts, "source": self.budget_source}

    def financing_parts(self):
        """(label, amount) of the parts known, for the page."""
        return [
            (label, getattr(self, f"budget_{code}"))
            for code, label in FINANCING_PARTS
            if getattr(self, f"budget_{code}") is not None
        ]
