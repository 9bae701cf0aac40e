"""The published programme: versions, the changelog, calendar feeds."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.core.models import NumberedPublication

from ..enums import (
    ChangeKind,
)
from .sessions import Session


class ProgrammeVersion(NumberedPublication):
    """One publication of the programme, with a snapshot to diff the next publication against."""

    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    snapshot = models.JSONField(_("snapshot"), default=dict, editable=False)

    class Meta(NumberedPublication.Meta):
        verbose_name = _("programme version")
        verbose_name_plural = _("programme versions")
        constraints = [
            models.CheckConstraint(condition=Q(number__gt=0), name="agenda_version_number_positive")
        ]


class ChangelogEntry(models.Model):
    """One public line of the changelog: what changed in a session at a publication."""

    version = models.ForeignKey(
        ProgrammeVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="changes"
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="changes",
    )
    kind = models.CharField(_("change"), max_length=16, choices=ChangeKind.choices)
    title = models.CharField(_("session"), max_length=300)
    old_starts_at = models.DateTimeField(null=True, blank=True)
    new_starts_at = models.DateTimeField(null=True, blank=True)
    old_ends_at = models.DateTimeField(null=True, blank=True)
    new_ends_at = models.DateTimeField(null=True, blank=True)
    old_room = models.CharField(max_length=200, blank=True)
    new_room = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("programme change")
        verbose_name_plural = _("programme changes")
        ordering = ["-version__number", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in ChangeKind]), name="agenda_change_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The unguessable address of a user's personal iCalendar feed (rotate it to revoke old subscriptions)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    rotated_at = models.DateTimeField(_("issued"), auto_now=True)

    class Meta:
        verbose_name = _("personal calendar feed")
        verbose_name_plural = _("personal calendar feeds")

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("agenda:personal_ics", args=[self.token])
