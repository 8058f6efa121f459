"""The search log behind "Häufig gesucht" (search/log.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchLogEntry(models.Model):
    """One query of one client on one day, however often it was sent: the client is a
    keyed hash that changes every day, no address is stored. Deleted after
    SEARCH_LOG_RETENTION_DAYS by `manage.py purge_search_log`."""

    day = models.DateField(_("Datum der Suche"), db_index=True)
    client = models.CharField(_("Client (täglicher Schlüssel)"), max_length=64)
    query = models.CharField(_("Suchanfrage"), max_length=255)
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    had_results = models.BooleanField(_("mit Treffern"), default=False)

    class Meta:
        verbose_name = _("Eintrag im Suchprotokoll")
        verbose_name_plural = _("Suchprotokoll")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "client", "query", "locale"], name="search_log_once_per_client_day"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.query}"
