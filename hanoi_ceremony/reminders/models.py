import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.notifications.models import Notification, OutboundEmail

from .enums import Channel, ReminderState
from .registry import source_get

MAX_OFFSET_MINUTES = 366 * 24 * 60

DEFAULT_RULE_NAME = "default"  # the rule every source gets (rules_ensure_defaults)


class ReminderRule(models.Model):
    """What to remind of, when (minutes before the moment), on which channels and to whom.

    One rule expands into one :class:`Reminder` row per (target, recipient, offset, channel)."""

    source_key = models.CharField(_("source"), max_length=100, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    offsets_minutes = models.JSONField(
        _("offsets (minutes before)"),
        default=list,
        help_text=_("When to remind, in minutes before the moment: e.g. 10080 (7 days), 1440 (1 day), 120."),
    )
    in_app = models.BooleanField(_("in the notification centre"), default=True)
    email = models.BooleanField(_("by e-mail"), default=True)
    audience = models.CharField(
        _("audience"),
        max_length=50,
        blank=True,
        help_text=_("Only recipients the source names with this audience; empty means everyone."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        ordering = ["source_key", "audience", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(in_app=True) | Q(email=True),
                name="reminders_rule_has_channel",
                violation_error_message=_("Choose at least one channel."),
            ),
            models.UniqueConstraint(
                fields=["source_key", "name"],
                name="reminders_rule_unique_name",
                violation_error_message=_("This source already has a rule with this name."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_label}: {self.display_name}"

    @property
    def source_label(self) -> str:
        """What the rule reminds of, in words (the source's label), never its key."""
        from .registry import source_get

        try:
            return str(source_get(self.source_key).label)
        except LookupError:
            return self.source_key

    @property
    def display_name(self) -> str:
        return str(_("Default rule")) if self.name == DEFAULT_RULE_NAME else self.name

    def clean(self) -> None:
        super().clean()
        offsets = self.offsets_minutes
        if not isinstance(offsets, list) or not offsets:
            raise ValidationError({"offsets_minutes": _("Give at least one offset.")})
        if any(
            not isinstance(o, int) or isinstance(o, bool) or o < 0 or o > MAX_OFFSET_MINUTES for o in offsets
        ):
            raise ValidationError({"offsets_minutes": _("Offsets are whole minutes between 0 and one year.")})
        if len(set(offsets)) != len(offsets):
            raise ValidationError({"offsets_minutes": _("Each offset may appear only once.")})
        if self.source_key and source_get(self.source_key) is None:
            raise ValidationError({"source_key": _("No reminder source is registered under this key.")})

    @property
    def channels(self) -> list[str]:
        return [c for c, on in ((Channel.IN_APP, self.in_app), (Channel.EMAIL, self.email)) if on]


class Reminder(models.Model):
    """One reminder to one person about one thing, at one offset, on one channel — the unit of delivery.

    States: pending → claimed (a dispatcher took it, under a lease) → sent; or missed (far past due before
    anyone could send it), failed (after N attempts), cancelled (the target went away or moved on)."""

    rule = models.ForeignKey(
        ReminderRule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="reminders"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    audience = models.CharField(_("audience"), max_length=50, blank=True)
    offset_minutes = models.PositiveIntegerField(_("minutes before"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    target_due_at = models.DateTimeField(_("moment reminded of"))
    due_at = models.DateTimeField(_("due"))
    state = models.CharField(
        _("state"), max_length=16, choices=ReminderState.choices, default=ReminderState.PENDING
    )
    lease = models.UUIDField(null=True, blank=True, editable=False)
    lease_expires_at = models.DateTimeField(_("lease expires"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    notification = models.OneToOneField(
        Notification, null=True, blank=True, on_delete=models.SET_NULL, related_name="reminder"
    )
    email = models.OneToOneField(
        OutboundEmail, null=True, blank=True, on_delete=models.SET_NULL, related_name="reminder"
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["state", "due_at"], name="reminders_state_due_idx"),
            models.Index(fields=["target_type", "target_id"], name="reminders_target_idx"),
            # The organisers' unfiltered list, soonest first (filtered by state it uses the one above).
            models.Index(fields=["due_at", "id"], name="reminders_due_id_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "target_type", "target_id", "recipient", "offset_minutes", "channel"],
                name="reminders_one_per_rule_target_recipient_offset_channel",
            ),
            models.CheckConstraint(condition=Q(state__in=ReminderState.values), name="reminders_state_valid"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="reminders_channel_valid"),
            models.CheckConstraint(
                condition=Q(state=ReminderState.SENT, sent_at__isnull=False)
                | (~Q(state=ReminderState.SENT) & Q(sent_at__isnull=True)),
                name="reminders_sent_iff_sent_at",
            ),
            models.CheckConstraint(
                condition=Q(state=ReminderState.CLAIMED, lease__isnull=False, lease_expires_at__isnull=False)
                | (~Q(state=ReminderState.CLAIMED) & Q(lease__isnull=True, lease_expires_at__isnull=True)),
                name="reminders_claimed_iff_lease",
            ),
            models.CheckConstraint(
                condition=~Q(state=ReminderState.FAILED) | ~Q(last_error=""),
                name="reminders_failed_has_error",
            ),
            models.CheckConstraint(
                condition=Q(notification__isnull=True) | Q(state=ReminderState.SENT, channel=Channel.IN_APP),
                name="reminders_notification_only_when_sent_in_app",
            ),
            models.CheckConstraint(
                condition=Q(email__isnull=True) | Q(state=ReminderState.SENT, channel=Channel.EMAIL),
                name="reminders_email_only_when_sent_by_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule.source_key} #{self.target_id} → {self.recipient_id} ({self.channel}, -{self.offset_minutes} min)"

    @property
    def offset(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.offset_minutes)
