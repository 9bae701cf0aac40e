from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeatingConfig(AppConfig):
    """Seating plans of the plenary and the signing hall: the Secretary-General's lot, then the order."""

    name = "agenda.seating"
    label = "seating"
    verbose_name = _("Seating plans")

    def ready(self) -> None:
        from hanoi_ceremony.core.pagecache import declare_areas

        from . import audit_actions  # noqa: F401

        declare_areas("seating.SeatingPlan", "seating")
