"""Reception of delegations: who meets whom, in which car, when, and the scenario of each senior leader.

A car and an officer are never booked for two overlapping times: the services check it, and on PostgreSQL
an exclusion constraint (migration 0002) refuses what slips past a race.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from delegations.enums import ProtocolRank

from .enums import Direction, SlotFollows, StepKey, VehicleKind


def _valid(field: str, choices) -> Q:
    return Q(**{f"{field}__in": [c.value for c in choices]})


class Vehicle(models.Model):
    label = models.CharField(_("name"), max_length=100)
    plate = models.CharField(_("registration plate"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=VehicleKind.choices, default=VehicleKind.CAR)
    seats = models.PositiveSmallIntegerField(_("seats"), default=4)
    driver = models.CharField(_("driver and phone"), max_length=200, blank=True)

    class Meta:
        ordering = ["kind", "label"]
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        constraints = [
            models.CheckConstraint(
                condition=_valid("kind", VehicleKind), name="reception_vehicle_kind_valid"
            ),
            models.CheckConstraint(condition=Q(seats__gt=0), name="reception_vehicle_has_seats"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.plate})"


class OfficerAssignment(models.Model):
    """The host liaison officer who accompanies one delegation."""

    delegation = models.OneToOneField(
        "delegations.Delegation", on_delete=models.CASCADE, related_name="reception_officer"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reception_delegations"
    )
    assigned_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("liaison officer assignment")
        verbose_name_plural = _("liaison officer assignments")

    def __str__(self) -> str:
        return f"{self.delegation}: {self.officer}"


class CarSlot(models.Model):
    """A car or motorcade, with the officer riding with the leader, for one head of delegation."""

    member = models.ForeignKey("delegations.Member", on_delete=models.CASCADE, related_name="car_slots")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="slots")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="car_slots"
    )
    purpose = models.CharField(_("purpose"), max_length=200, default=_("Airport to hotel"))
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    cancelled = models.BooleanField(_("cancelled"), default=False)
    follows = models.CharField(
        _("moves with"), max_length=10, blank=True, default=SlotFollows.ARRIVAL, choices=SlotFollows.choices
    )
    out_of_step = models.BooleanField(
        _("no longer matches the flight"),
        default=False,
        help_text=_(
            "The flight moved and the car could not follow (it or its officer was booked): book again."
        ),
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("car slot")
        verbose_name_plural = _("car slots")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="reception_slot_ends_after_start"
            ),
            models.CheckConstraint(
                condition=_valid("follows", SlotFollows), name="reception_slot_follows_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vehicle} – {self.member}"


class WelcomingRule(models.Model):
    """Who welcomes a leader of this protocol rank at the airport (data: the Reception Subcommittee sets it)."""

    rank = models.CharField(_("protocol rank"), max_length=32, choices=ProtocolRank.choices, unique=True)
    official = models.CharField(_("welcoming official"), max_length=200)
    motorcade = models.BooleanField(_("motorcade"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["rank"]
        verbose_name = _("welcoming rule")
        verbose_name_plural = _("welcoming rules")

    def __str__(self) -> str:
        return f"{self.get_rank_display()}: {self.official}"


class BoardPrint(models.Model):
    """A printed arrivals or departures board: what it showed, so later changes can be flagged."""

    day = models.DateField(_("day"))
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices)
    airport = models.CharField(_("airport"), max_length=60, blank=True)
    snapshot = models.JSONField(default=dict)
    printed_at = models.DateTimeField(auto_now_add=True)
    printed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-printed_at", "-pk"]
        verbose_name = _("printed board")
        verbose_name_plural = _("printed boards")
        indexes = [
            models.Index(fields=["day", "direction", "airport", "-printed_at"], name="reception_print_lookup")
        ]
        constraints = [
            models.CheckConstraint(
                condition=_valid("direction", Direction), name="reception_print_direction_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.day} {self.airport}"


class Scenario(models.Model):
    """The timed reception scenario of one senior leader, re-issued (version + 1) when the data moves."""

    member = models.OneToOneField(
        "delegations.Member", on_delete=models.CASCADE, related_name="reception_scenario"
    )
    version = models.PositiveIntegerField(_("issue"), default=1)
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("reception scenario")
        verbose_name_plural = _("reception scenarios")
        constraints = [
            models.CheckConstraint(condition=Q(version__gte=1), name="reception_scenario_version_gte_1")
        ]

    def __str__(self) -> str:
        return _("Reception scenario of %(member)s") % {"member": self.member}

    def get_absolute_url(self) -> str:
        return reverse("reception:scenario", kwargs={"pk": self.pk})


class ScenarioStep(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="steps")
    key = models.CharField(max_length=20, choices=StepKey.choices, blank=True)
    at = models.DateTimeField(_("time"))
    title = models.CharField(_("step"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    edited = models.BooleanField(_("edited by hand"), default=False)
    changed = models.BooleanField(_("changed in this issue"), default=False)
    previous_at = models.DateTimeField(_("time in the previous issue"), null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("scenario step")
        verbose_name_plural = _("scenario steps")
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "key"], condition=~Q(key=""), name="reception_step_key_once"
            ),
        ]

    def __str__(self) -> str:
        return self.title
