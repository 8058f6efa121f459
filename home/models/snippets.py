"""Snippets that every app uses: topics, people and the communes of the canton."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index


class Topic(TranslatableMixin, index.Indexed, models.Model):
    """A theme such as E-Government or Informatik that tags news, strategies and projects."""

    name = models.CharField(_("Name"), max_length=80)
    slug = models.SlugField(
        _("Kurzname"),
        max_length=80,
        allow_unicode=False,
        help_text=_("Erscheint in Adressen, z. B. für Filter und Feeds."),
    )
    description = models.TextField(_("Beschreibung"), blank=True, max_length=500)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_topic_slug_per_locale"),
        ]

    def __str__(self):
        return self.name


class Person(TranslatableMixin, index.Indexed, models.Model):
    """A contact person or author: department staff, project leads, commune clerks."""

    name = models.CharField(_("Name"), max_length=120)
    role = models.CharField(_("Funktion"), max_length=200, blank=True)
    organisation = models.CharField(_("Organisation oder Gemeinde"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    photo = models.ForeignKey(
        "home.CustomImage",
        verbose_name=_("Foto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("photo"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Commune(models.Model):
    """A political commune (Einwohnergemeinde) of the canton of Lucerne, as the BFS lists it.

    Reference data: loaded by a migration from home/data/lucerne_communes.json, not edited
    by hand.
    """

    name = models.CharField(_("Name"), max_length=100, unique=True)
    bfs_number = models.PositiveIntegerField(_("BFS-Nummer"), unique=True)
    # The commune page's address (/de/gemeinden/<slug>/): the name without umlauts,
    # set from the name (home/communes.py), the same in every language.
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    electoral_district = models.CharField(_("Wahlkreis"), max_length=60)

    class Meta:
        verbose_name = _("Gemeinde")
        verbose_name_plural = _("Gemeinden")
        ordering = ["name"]

    def __str__(self):
        return self.name
