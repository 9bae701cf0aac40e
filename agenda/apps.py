from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = _("Programme")

    def ready(self) -> None:
        from .reminder_sources import register as register_reminder_sources

        register_reminder_sources()
