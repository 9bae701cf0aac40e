from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubcommitteesConfig(AppConfig):
    name = "subcommittees"
    verbose_name = _("Subcommittees")

    def ready(self) -> None:
        from hanoi_ceremony.accounts.roles import register_role_provider
        from hanoi_ceremony.core.pagecache import declare_app_areas

        from . import (
            audit_actions,  # noqa: F401  (registers this app's audit actions)
            machines,  # noqa: F401  (the state machines label their states for histories)
        )

        # The dashboards, "My tasks" and the task list show every model but the task threads.
        declare_app_areas(self, "subcommittees", exclude=("TaskUpdate",))
        from .permissions import subcommittee_role_provider

        register_role_provider(subcommittee_role_provider)

        from .reminder_sources import register as register_reminder_sources

        register_reminder_sources()
