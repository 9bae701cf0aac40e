from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinConfig(AppConfig):
    """Check-in at the gates: lists (per zone or session), gates, paired scanning devices, every scan, and who
    is inside. A nested app inside delegations/ (next to accreditation/, whose signed badges it checks) so its
    migration history is its own."""

    name = "delegations.checkin"
    label = "checkin"
    verbose_name = _("Check-in at the gates")

    def ready(self) -> None:
        from hanoi_ceremony.core.pagecache import declare_areas

        from . import audit_actions  # noqa: F401

        declare_areas("checkin.CheckinList", "checkin")
        declare_areas("checkin.Gate", "checkin")
