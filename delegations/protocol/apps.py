from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtocolConfig(AppConfig):
    """Protocol reports of the delegations: levels of participation, the list of participants (published
    versions) and the confirmation letters."""

    name = "delegations.protocol"
    label = "protocol"
    verbose_name = _("Protocol")

    def ready(self) -> None:
        from . import audit_actions  # noqa: F401
