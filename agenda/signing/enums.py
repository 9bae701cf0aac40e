from django.db import models
from django.utils.translation import gettext_lazy as _


class SigningStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    SIGNED = "signed", _("Signed")
    DID_NOT_SIGN = "did_not_sign", _("Did not sign")
    AT_HEADQUARTERS = "at_headquarters", _("Will sign at UN Headquarters")


class SigningPlace(models.TextChoices):
    HANOI = "hanoi", _("Hà Nội")
    HEADQUARTERS = "headquarters", _("at UN Headquarters")


class OrderingRule(models.TextChoices):
    PROTOCOL = "protocol", _("Host State first, then protocol tier, then time of registration")
    ALPHABETICAL = "alphabetical", _("Host State first, then alphabetical from a drawn letter")


class SpeakersListKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary")
    HIGH_LEVEL = "high_level", _("High-level discussion")


class InscriptionStatus(models.TextChoices):
    INSCRIBED = "inscribed", _("Inscribed")
    SPEAKING = "speaking", _("Speaking")
    SPOKEN = "spoken", _("Has spoken")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Inscriptions that still hold a place on the list.
ACTIVE_INSCRIPTION_STATUSES = (
    InscriptionStatus.INSCRIBED,
    InscriptionStatus.SPEAKING,
    InscriptionStatus.SPOKEN,
)

MAX_REPLIES_PER_ITEM = 2
