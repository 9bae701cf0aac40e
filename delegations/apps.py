from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = _("Delegations")

    def ready(self) -> None:
        from hanoi_ceremony.accounts.roles import register_role_provider
        from hanoi_ceremony.core.pagecache import declare_app_areas, declare_areas

        from . import (
            audit_actions,  # noqa: F401  (registers this app's audit actions)
            machines,  # noqa: F401  (the state machines label their states for histories)
        )

        # The cached delegation pages (list, report, a delegation's page) show every delegations model.
        declare_app_areas(self, "delegations")
        # Full powers also show on the signing roster and board.
        declare_areas("delegations.FullPowers", "delegations", "signing")
        from .permissions import liaison_role_provider

        register_role_provider(liaison_role_provider)

        from .reminder_sources import register as register_reminder_sources

        register_reminder_sources()
