from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    ENTRY = "entry", _("Entry")
    EXIT = "exit", _("Exit")


class ScanResult(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Reason(models.TextChoices):
    """Why a scan was refused (empty for an accepted scan). The device shows the same words."""

    REVOKED = "revoked", _("Badge revoked")
    WRONG_ZONE = "wrong_zone", _("Not valid for this zone")
    OUTSIDE_WINDOW = "outside_window", _("Outside the opening hours")
    ALREADY_INSIDE = "already_inside", _("Already inside")
    NOT_APPROVED = "not_approved", _("Badge not approved")
    FORGED = "forged", _("Forged or altered badge")
    UNKNOWN = "unknown", _("Unknown badge")


class DeviceState(models.TextChoices):
    PENDING = "pending", _("Waiting for pairing")
    ACTIVE = "active", _("Paired")
    REVOKED = "revoked", _("Revoked")
