from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

KEYS_AREA = "signing-keys"  # /accreditation/keys.json: every key service's record_change/transition bumps it


class AccreditationConfig(AppConfig):
    """Security vetting, badge categories and zones, zone passes, badges with signed QR credentials,
    collection and media accreditation. A nested app inside delegations/ so its migration history is its
    own while it stays part of the delegations package."""

    name = "delegations.accreditation"
    label = "accreditation"
    verbose_name = _("Accreditation and badges")

    def ready(self) -> None:
        from . import audit_actions  # noqa: F401  (registers the audit sentences)
        from .reminder_sources import register as register_reminder_sources

        register_reminder_sources()

        from agenda.bilaterals.hooks import register_zone_pass_handler

        from .services.passes import bilateral_passes_sync

        register_zone_pass_handler(bilateral_passes_sync)

        from hanoi_ceremony.core.pagecache import declare_areas

        declare_areas("accreditation.SigningKey", KEYS_AREA)
