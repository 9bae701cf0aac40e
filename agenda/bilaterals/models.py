"""Bilateral meetings (domain rule 10): one delegation asks another for a meeting; the host gives it a room
and a slot from the bilateral blocks.

The database refuses what must never happen: a meeting with itself, a scheduled meeting without room and
time, and, on PostgreSQL (migration 0002), two meetings in one room at once (turnover included) or one head
of delegation in two meetings at once. The rules that need other rows (signing slot, speaking turn,
heads-only sessions, capacity, daily cap) live in ``scheduling.py``, used by the services.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .enums import BilateralStatus, Side


class Bilateral(models.Model):
    requester = models.ForeignKey(
        "delegations.Delegation",
        verbose_name=_("requesting delegation"),
        on_delete=models.CASCADE,
        related_name="bilaterals_requested",
    )
    counterpart = models.ForeignKey(
        "delegations.Delegation",
        verbose_name=_("invited delegation"),
        on_delete=models.CASCADE,
        related_name="bilaterals_invited",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=BilateralStatus.choices, default=BilateralStatus.REQUESTED
    )
    awaiting_side = models.CharField(
        _("answer awaited from"), max_length=16, choices=Side.choices, default=Side.COUNTERPART
    )
    note = models.TextField(_("note"), blank=True)
    interpretation_from = models.CharField(_("interpretation from"), max_length=40, blank=True)
    interpretation_to = models.CharField(_("interpretation into"), max_length=40, blank=True)
    expires_at = models.DateTimeField(_("answer expected by"), null=True, blank=True)
    room = models.ForeignKey(
        "agenda.Room",
        verbose_name=_("room"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bilaterals",
    )
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    # ends_at + the turnover in force when it was scheduled: the room is not free before this.
    room_free_at = models.DateTimeField(_("room free again"), null=True, blank=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer_note = models.TextField(_("answer"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bilateral meeting")
        verbose_name_plural = _("bilateral meetings")
        ordering = ["starts_at", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester=F("counterpart")),
                name="bilaterals_not_with_itself",
                violation_error_message=_("A delegation cannot meet itself."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in BilateralStatus]), name="bilaterals_status_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=BilateralStatus.SCHEDULED)
                    & Q(room__isnull=False, starts_at__isnull=False, ends_at__isnull=False)
                    & Q(room_free_at__isnull=False)
                )
                | (
                    ~Q(status=BilateralStatus.SCHEDULED)
                    & Q(room__isnull=True, starts_at__isnull=True, ends_at__isnull=True)
                    & Q(room_free_at__isnull=True)
                ),
                name="bilaterals_scheduled_has_room_and_time",
                violation_error_message=_("A scheduled meeting has a room and a time; only it has them."),
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="bilaterals_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(room_free_at__isnull=True) | Q(room_free_at__gte=F("ends_at")),
                name="bilaterals_turnover_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="bilaterals_status_start")]

    def __str__(self) -> str:
        return f"{self.requester} – {self.counterpart}"

    def get_absolute_url(self) -> str:
        return reverse("bilaterals:detail", args=[self.pk])

    def side_of(self, delegation_id: int | None) -> str | None:
        if delegation_id == self.requester_id:
            return Side.REQUESTER
        if delegation_id == self.counterpart_id:
            return Side.COUNTERPART
        return None

    def other_delegation_id(self, delegation_id: int) -> int:
        return self.counterpart_id if delegation_id == self.requester_id else self.requester_id


class BilateralParticipant(models.Model):
    """A person listed for the meeting by their side (the head first, then up to N others)."""

    bilateral = models.ForeignKey(
        Bilateral, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="participants"
    )
    member = models.ForeignKey(
        "delegations.Member", verbose_name=_("person"), on_delete=models.CASCADE, related_name="bilaterals"
    )
    side = models.CharField(_("side"), max_length=16, choices=Side.choices)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["bilateral_id", "side", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bilateral", "member"],
                name="bilaterals_participant_once",
                violation_error_message=_("This person is already listed for the meeting."),
            ),
            models.CheckConstraint(
                condition=Q(side__in=[s.value for s in Side]), name="bilaterals_participant_side_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(self.member)


class BilateralWindow(models.Model):
    """A time one side would like (the request's preferred windows, or the other side's proposal)."""

    bilateral = models.ForeignKey(
        Bilateral, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="windows"
    )
    side = models.CharField(_("proposed by"), max_length=16, choices=Side.choices)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))

    class Meta:
        verbose_name = _("preferred time")
        verbose_name_plural = _("preferred times")
        ordering = ["bilateral_id", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="bilaterals_window_ordered",
                violation_error_message=_("A preferred time must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(side__in=[s.value for s in Side]), name="bilaterals_window_side_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"


class BilateralHold(models.Model):
    """While a meeting is scheduled, one row per side holds that side's head (and delegation) for its time.
    PostgreSQL's exclusion constraint over these rows refuses one head in two meetings at once."""

    bilateral = models.ForeignKey(
        Bilateral, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="holds"
    )
    delegation = models.ForeignKey(
        "delegations.Delegation", verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="+"
    )
    head = models.ForeignKey(
        "delegations.Member",
        verbose_name=_("head of delegation"),
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        verbose_name = _("time held")
        verbose_name_plural = _("times held")
        constraints = [
            models.UniqueConstraint(fields=["bilateral", "delegation"], name="bilaterals_hold_once"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="bilaterals_hold_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.delegation}: {self.starts_at:%H:%M}"
