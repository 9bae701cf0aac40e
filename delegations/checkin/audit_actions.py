"""Audit actions of check-in (scans are their own record and are not audited one by one)."""

from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.audit.registry import register

register(
    "checkinlist.created", _("Check-in list created"), _("%(actor)s created the check-in list “%(target)s”.")
)
register(
    "checkinlist.updated", _("Check-in list changed"), _("%(actor)s changed the check-in list “%(target)s”.")
)
register("gate.created", _("Gate created"), _("%(actor)s created the gate “%(target)s”."))
register("gate.updated", _("Gate changed"), _("%(actor)s changed the gate “%(target)s”."))
register(
    "device.pairing_issued",
    _("Pairing code issued"),
    _("%(actor)s issued a one-time pairing code for the device “%(target)s”."),
)
register("device.paired", _("Device paired"), _("The device “%(target)s” was paired with its gate."))
register("device.revoked", _("Device revoked"), _("%(actor)s revoked the device “%(target)s”."))
register(
    "dutystatus.changed",
    _("Duty status changed"),
    _("%(actor)s set %(target)s %(on_duty)s."),
)
