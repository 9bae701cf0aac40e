from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BilateralsConfig(AppConfig):
    """Bilateral meetings between delegations: requests, answers, rooms and slots from the bilateral blocks.
    A nested app inside agenda/ with its own migrations."""

    name = "agenda.bilaterals"
    label = "bilaterals"
    verbose_name = _("Bilateral meetings")

    def ready(self) -> None:
        from hanoi_ceremony.core.pagecache import declare_areas

        from . import audit_actions  # noqa: F401
        from .reminder_sources import register as register_reminder_sources

        # A meeting shows in My programme and the personal feeds, which follow the programme's version.
        declare_areas("bilaterals.Bilateral", "bilaterals", "programme")
        register_reminder_sources()
