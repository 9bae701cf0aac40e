from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .enums import SessionKind, SessionStatus


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    venue = models.ForeignKey(Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="rooms")
    name = models.CharField(_("name"), max_length=200)
    capacity = models.PositiveIntegerField(_("capacity"))

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["venue__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "name"], name="agenda_room_unique_in_venue"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="agenda_room_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """One item of the programme. Times are stored in UTC and shown in the ceremony's time zone."""

    kind = models.CharField(_("kind"), max_length=32, choices=SessionKind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.ForeignKey(Room, verbose_name=_("room"), null=True, blank=True, on_delete=models.PROTECT, related_name="sessions")
    status = models.CharField(_("status"), max_length=16, choices=SessionStatus.choices, default=SessionStatus.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "room_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="agenda_session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            ),
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in SessionKind]), name="agenda_session_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in SessionStatus]), name="agenda_session_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title
