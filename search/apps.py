from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Suche")

    def ready(self):
        from django.core.signals import request_finished

        from search import log, signals

        signals.connect()
        # The search log is written after the response (search/log.py).
        request_finished.connect(log.write_pending, dispatch_uid="search-log-write-pending")
