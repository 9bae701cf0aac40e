from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    """The signing roster, signing board and speakers' lists. A nested app inside agenda/ so its migration
    history is its own while it stays part of the programme's package."""

    name = "agenda.signing"
    label = "signing"
    verbose_name = _("Signing and speakers")

    def ready(self) -> None:
        from . import audit_actions_protocol  # noqa: F401
        from .reminder_sources import register as register_reminder_sources

        register_reminder_sources()
