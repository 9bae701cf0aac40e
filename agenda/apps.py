from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = _("Programme")

    def ready(self) -> None:
        from hanoi_ceremony.core.pagecache import declare_app_areas

        from . import (
            audit_actions,  # noqa: F401  (registers this app's audit actions)
            machines,  # noqa: F401  (the state machines label their states for histories)
        )

        # The programme's public pages and fragments show every programme model but the calendar feeds.
        declare_app_areas(self, "programme", exclude=("CalendarFeed",))
        from .reminder_sources import register as register_reminder_sources

        register_reminder_sources()
