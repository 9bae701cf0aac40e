"""Audit actions added by the protocol work on speakers' lists (the chair opens and closes inscription)."""

from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.audit.registry import register

register(
    "speakers_list.inscription_opened",
    _("Inscription opened"),
    _("%(actor)s opened inscription on the speakers' list of %(target)s."),
)
register(
    "speakers_list.inscription_closed",
    _("Inscription closed"),
    _("%(actor)s closed inscription on the speakers' list of %(target)s."),
)
