from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_default_rules(sender, **kwargs) -> None:
    from .services import rules_ensure_defaults

    rules_ensure_defaults()


class RemindersConfig(AppConfig):
    name = "hanoi_ceremony.reminders"
    label = "reminders"
    verbose_name = _("Reminders")

    def ready(self) -> None:
        from . import audit_actions  # noqa: F401  (registers this app's audit actions)
        from .sources import register_core_sources

        register_core_sources()
        # Every source registered by any app's ready() has a default rule after `migrate`.
        post_migrate.connect(_seed_default_rules, sender=self, dispatch_uid="reminders_default_rules")
