from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    WELCOME = "welcome", _("Official welcome")
    GROUP_PHOTO = "group_photo", _("Group photo")
    OPENING = "opening", _("Opening session")
    PLENARY = "plenary", _("Plenary")
    SIGNING = "signing", _("Signing ceremony")
    HIGH_LEVEL = "high_level", _("High-level discussion")
    ROUNDTABLE = "roundtable", _("Roundtable")
    WORKSHOP = "workshop", _("Panel or workshop")
    SIDE_EVENT = "side_event", _("Side event")
    PRESS = "press", _("Press conference")
    GALA = "gala", _("Gala dinner")
    EXHIBITION = "exhibition", _("Exhibition")
    CLOSING = "closing", _("Closing session")
    BREAK = "break", _("Break")
    TRANSFER = "transfer", _("Transfer")
    BILATERAL = "bilateral", _("Bilateral meetings")


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")
