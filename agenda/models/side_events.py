"""Side-event slots and proposals, exhibition booths and their allocations."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from delegations.models import Delegation

from ..enums import (
    BoothSize,
    ExhibitorKind,
    ProposalStatus,
)
from ._common import HANOI
from .sessions import Session


class SideEventSlot(models.Model):
    """One 75-minute slot of the side-event grid (26 October)."""

    starts_at = models.DateTimeField(_("starts"), unique=True)
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("side-event slot")
        verbose_name_plural = _("side-event slots")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="agenda_slot_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        start, end = self.starts_at.astimezone(HANOI), self.ends_at.astimezone(HANOI)
        return f"{start:%d %b %H:%M}–{end:%H:%M}"


class SideEventProposal(models.Model):
    """A liaison's proposal for a side event; an organiser accepts it into a slot and room."""

    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("proposing delegation"),
        on_delete=models.CASCADE,
        related_name="side_event_proposals",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("agenda and description"), blank=True)
    co_organisers = models.ManyToManyField(
        Delegation,
        verbose_name=_("co-organising delegations"),
        blank=True,
        related_name="co_organised_proposals",
    )
    other_co_organisers = models.CharField(_("other co-organisers"), max_length=500, blank=True)
    speakers = models.TextField(
        _("proposed speakers"), blank=True, help_text=_("One per line: name, affiliation.")
    )
    logistics_needs = models.TextField(_("logistics needs"), blank=True)
    expected_attendance = models.PositiveIntegerField(_("expected attendance"), default=50)
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    session = models.OneToOneField(
        Session,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("note to the proposers"), blank=True)
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)

    class Meta:
        verbose_name = _("side-event proposal")
        verbose_name_plural = _("side-event proposals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ProposalStatus]), name="agenda_proposal_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ProposalStatus.ACCEPTED)
                | Q(session__isnull=False, decided_at__isnull=False),
                name="agenda_proposal_accepted_has_session",
            ),
            models.CheckConstraint(
                condition=Q(expected_attendance__gt=0), name="agenda_proposal_attendance_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agenda:proposal", args=[self.pk])


class Booth(models.Model):
    """An exhibition booth."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    zone = models.CharField(_("zone"), max_length=100)
    size = models.CharField(_("size"), max_length=16, choices=BoothSize.choices, default=BoothSize.SMALL)

    class Meta:
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        ordering = ["zone", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__in=[s.value for s in BoothSize]), name="agenda_booth_size_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class BoothAllocation(models.Model):
    """A booth given to one exhibitor (the OneToOne makes a second exhibitor impossible)."""

    booth = models.OneToOneField(
        Booth,
        verbose_name=_("booth"),
        on_delete=models.PROTECT,
        related_name="allocation",
        error_messages={"unique": _("This booth is already allocated to an exhibitor.")},
    )
    exhibitor_name = models.CharField(_("exhibitor"), max_length=200)
    exhibitor_kind = models.CharField(_("kind of exhibitor"), max_length=16, choices=ExhibitorKind.choices)
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="booths",
    )
    description = models.TextField(_("what is shown"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    setup_starts_at = models.DateTimeField(_("set-up starts"))
    setup_ends_at = models.DateTimeField(_("set-up ends"))
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("allocated by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("booth allocation")
        verbose_name_plural = _("booth allocations")
        ordering = ["booth__zone", "booth__code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(setup_ends_at__gt=F("setup_starts_at")),
                name="agenda_booth_setup_ordered",
                violation_error_message=_("Set-up must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(exhibitor_kind__in=[k.value for k in ExhibitorKind]),
                name="agenda_booth_exhibitor_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(exhibitor_kind=ExhibitorKind.DELEGATION) | Q(delegation__isnull=False),
                name="agenda_booth_delegation_exhibitor_has_delegation",
                violation_error_message=_("Choose the delegation that exhibits."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.booth.code}: {self.exhibitor_name}"
