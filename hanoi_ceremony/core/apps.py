from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hanoi_ceremony.core"
    label = "core"
    verbose_name = _("Ceremony")

    def ready(self) -> None:
        from . import audit_actions  # noqa: F401  (registers the ceremony's audit actions)
        from .pagecache import declare_areas

        declare_areas("core.Ceremony", "ceremony")
        from .dates import guard_model_dates

        guard_model_dates()  # every model date and datetime refuses values outside the sane range
