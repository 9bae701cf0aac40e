from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    """The Reception Subcommittee's work: arrivals and departures board, liaison officers, cars and
    motorcades, welcoming officials by rank, rooming lists and each senior leader's reception scenario.
    A nested app inside subcommittees/ so its migration history is its own."""

    name = "subcommittees.reception"
    label = "reception"
    verbose_name = _("Reception")

    def ready(self) -> None:
        from hanoi_ceremony.core.pagecache import declare_areas

        from . import audit_actions  # noqa: F401
        from .reminder_sources import register as register_reminder_sources

        for model in (
            "reception.Vehicle",
            "reception.OfficerAssignment",
            "reception.CarSlot",
            "reception.WelcomingRule",
            "reception.BoardPrint",
            "reception.Scenario",
            "reception.ScenarioStep",
        ):
            declare_areas(model, "reception")
        register_reminder_sources()
