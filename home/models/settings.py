import copy

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail.snippets.models import register_snippet

from home.cache import memory


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details and links shown in the footer of every page."""

    organisation = models.CharField(
        _("Organisation"),
        max_length=200,
        default="Verband Luzerner Gemeinden – Bereich Prozesse und Informatik",
    )
    address = models.TextField(_("Postadresse"), blank=True, max_length=500)
    email = models.EmailField(_("E-Mail für Besucherinnen und Besucher"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    department_email = models.EmailField(
        _("E-Mail für Rückmeldungen"),
        blank=True,
        help_text=_("Hierhin gehen die Benachrichtigungen über neue Ideen und Rückmeldungen."),
    )
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    mastodon_url = models.URLField(_("Mastodon"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("address"),
                FieldPanel("email"),
                FieldPanel("phone"),
                FieldPanel("department_email"),
            ],
            heading=_("Kontakt"),
        ),
        MultiFieldPanel(
            [FieldPanel("linkedin_url"), FieldPanel("mastodon_url"), FieldPanel("youtube_url")],
            heading=_("Soziale Medien"),
        ),
    ]

    class Meta:
        verbose_name = _("Website-Einstellungen")

    @classmethod
    def for_site(cls, site):
        """Every page shows them: read once per process and content version (a copy each
        time, as Wagtail keeps the request on it)."""
        if site is None:
            return super().for_site(site)
        return copy.copy(settings_of_site(site.pk, site=site))

    @property
    def social_links(self):
        links = [
            ("LinkedIn", self.linkedin_url),
            ("Mastodon", self.mastodon_url),
            ("YouTube", self.youtube_url),
        ]
        return [(label, url) for label, url in links if url]


@register_snippet
class FooterText(TranslatableMixin, models.Model):
    """The short text in the footer; one per language."""

    body = RichTextField(_("Text"), features=["bold", "italic", "link"], max_length=1000)

    panels = [FieldPanel("body")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Fusszeilentext")
        verbose_name_plural = _("Fusszeilentexte")

    def __str__(self):
        return str(_("Fusszeilentext (%(locale)s)") % {"locale": self.locale.language_code})


@memory.remembered
def settings_of_site(site_id, *, site):
    return super(SiteSettings, SiteSettings).for_site(site)
