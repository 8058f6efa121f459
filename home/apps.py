from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Startseite und Gemeinsames")

    def ready(self):
        from home.cache import setup, signals
        from home.feedback import updates  # noqa: F401 (connects its receiver)
        from home.subscriptions import notices  # noqa: F401 (connects its receiver)

        signals.connect()
        setup.connect(self)
