"""Seating plans (domain rule 9): the Secretary-General draws the State that takes the first seat; States
follow in English alphabetical order of their UN short names from it, then observer States, REIOs,
intergovernmental organisations and UN entities, then other bodies. Each delegation gets N seats (per
participant type), its head in front. A new draw makes a new plan; the old one stays, no longer current.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from delegations.enums import ParticipantType


class SeatQuota(models.Model):
    """Seats per delegation for one participant type (no row: ``DEFAULT_SEATS``)."""

    participant_type = models.CharField(
        _("participant type"), max_length=32, choices=ParticipantType.choices, unique=True
    )
    seats = models.PositiveSmallIntegerField(_("seats per delegation"))

    class Meta:
        verbose_name = _("seats per delegation")
        verbose_name_plural = _("seats per delegation")
        constraints = [
            models.CheckConstraint(
                condition=Q(seats__gte=1, seats__lte=20),
                name="seating_quota_range",
                violation_error_message=_("Give between 1 and 20 seats."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_participant_type_display()}: {self.seats}"


class SeatingPlan(models.Model):
    session = models.ForeignKey(
        "agenda.Session", verbose_name=_("session"), on_delete=models.PROTECT, related_name="seating_plans"
    )
    version = models.PositiveIntegerField(_("version"))
    is_current = models.BooleanField(_("current"), default=True)
    drawn_delegation = models.ForeignKey(
        "delegations.Delegation",
        verbose_name=_("State drawn for the first seat"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    drawn_at = models.DateTimeField(_("drawn at"))
    by_lot = models.BooleanField(_("drawn by the system's lot"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("seating plan")
        verbose_name_plural = _("seating plans")
        ordering = ["session_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["session", "version"], name="seating_plan_version_unique"),
            models.UniqueConstraint(
                fields=["session"], condition=Q(is_current=True), name="seating_one_current_plan"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} — v{self.version}"


class Seat(models.Model):
    plan = models.ForeignKey(
        SeatingPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="seats"
    )
    delegation = models.ForeignKey(
        "delegations.Delegation", verbose_name=_("delegation"), on_delete=models.PROTECT, related_name="+"
    )
    block = models.PositiveIntegerField(_("place of the delegation"))  # 1 = first seat
    row = models.PositiveSmallIntegerField(_("row within the delegation"))  # 1 = front
    number = models.PositiveSmallIntegerField(_("seat within the row"))
    member = models.ForeignKey(
        "delegations.Member",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Copied at the draw, so an old plan still reads as it was.
    delegation_name = models.CharField(max_length=200)
    person_name = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["plan_id", "block", "row", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "block", "row", "number"], name="seating_seat_unique"),
            models.CheckConstraint(
                condition=Q(block__gte=1, row__gte=1, number__gte=1), name="seating_seat_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegation_name} {self.row}.{self.number}"
