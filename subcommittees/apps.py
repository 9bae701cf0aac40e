from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubcommitteesConfig(AppConfig):
    name = "subcommittees"
    verbose_name = _("Subcommittees")

    def ready(self) -> None:
        from hanoi_ceremony.accounts.roles import register_role_provider

        from .permissions import subcommittee_role_provider

        register_role_provider(subcommittee_role_provider)

        from .reminder_sources import register as register_reminder_sources

        register_reminder_sources()
