from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderState(models.TextChoices):
    PENDING = "pending", _("Pending")
    CLAIMED = "claimed", _("Claimed")
    SENT = "sent", _("Sent")
    MISSED = "missed", _("Missed")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the notification centre")
    EMAIL = "email", _("E-mail")
