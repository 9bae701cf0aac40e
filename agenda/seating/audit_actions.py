from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.audit.registry import register

register(
    "seating_plan.drawn",
    _("Lot drawn for the first seat"),
    _(
        "%(actor)s recorded the draw for %(target)s: %(drawn)s takes the first seat (plan version %(version)s)."
    ),
)
