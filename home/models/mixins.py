"""Small abstract mixins that page types compose instead of copying fields."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class TeaserMixin(models.Model):
    """A short text and a lead image for listings, cards and social previews."""

    teaser = models.TextField(
        _("Kurztext"),
        max_length=300,
        blank=True,
        help_text=_("Ein bis zwei Sätze für Listen und Vorschauen (höchstens 300 Zeichen)."),
    )
    lead_image = models.ForeignKey(
        "home.CustomImage",
        verbose_name=_("Titelbild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Die Bildbeschreibung dient als Alternativtext."),
    )

    teaser_panels = [FieldPanel("teaser"), FieldPanel("lead_image")]
    teaser_search_fields = [index.SearchField("teaser")]

    class Meta:
        abstract = True


class ContactMixin(models.Model):
    """The person to ask about a page's subject."""

    contact_person = models.ForeignKey(
        "home.Person",
        verbose_name=_("Kontaktperson"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    contact_panels = [FieldPanel("contact_person")]

    class Meta:
        abstract = True
