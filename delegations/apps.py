from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = _("Delegations")

    def ready(self) -> None:
        from hanoi_ceremony.accounts.roles import register_role_provider

        from .permissions import liaison_role_provider

        register_role_provider(liaison_role_provider)

        from .reminder_sources import register as register_reminder_sources

        register_reminder_sources()

        from . import audit_actions  # noqa: F401 - registers the personal-data audit actions
