from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    """The signing roster, signing board and speakers' lists. A nested app inside agenda/ so its migration
    history is its own while it stays part of the programme's package."""

    name = "agenda.signing"
    label = "signing"
    verbose_name = _("Signing and speakers")

    def ready(self) -> None:
        from hanoi_ceremony.core.pagecache import declare_app_areas

        from . import (
            audit_actions,  # noqa: F401  (registers this app's audit actions)
            audit_actions_protocol,  # noqa: F401  (speakers' list inscription, protocol work)
            machines,  # noqa: F401  (the state machines label their states for histories)
        )

        # The roster, the public signing board and the speakers' lists show every signing model.
        declare_app_areas(self, "signing")

        # The full-powers lifecycle lives in delegations; a rejection withdraws roster confirmations here.
        from delegations.services.full_powers import on_full_powers_rejected

        from .services.full_powers import confirmations_withdraw

        on_full_powers_rejected(confirmations_withdraw)
        from .reminder_sources import register as register_reminder_sources

        register_reminder_sources()
