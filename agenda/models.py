import secrets
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from delegations.models import Delegation, Member

from .enums import (
    AccessLevel,
    BoothSize,
    ChangeKind,
    ExhibitorKind,
    ParticipantRole,
    ProposalStatus,
    RegistrationStatus,
    SessionKind,
    SessionStatus,
)

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


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
    room = models.ForeignKey(
        Room, verbose_name=_("room"), null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=SessionStatus.choices, default=SessionStatus.DRAFT
    )
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, default="English", help_text=_("e.g. English, Vietnamese")
    )
    interpretation = models.CharField(
        _("interpretation"), max_length=200, blank=True, help_text=_("e.g. simultaneous English ↔ Vietnamese")
    )
    access = models.CharField(
        _("access"), max_length=16, choices=AccessLevel.choices, default=AccessLevel.ALL_DELEGATES
    )
    capacity = models.PositiveIntegerField(
        _("seats for registration"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the session takes no registrations."),
    )
    organisers = models.ManyToManyField(
        Delegation, verbose_name=_("organising delegations"), blank=True, related_name="organised_sessions"
    )
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
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
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in SessionKind]), name="agenda_session_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in SessionStatus]), name="agenda_session_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(access__in=[a.value for a in AccessLevel]), name="agenda_session_access_valid"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="agenda_session_capacity_positive",
                violation_error_message=_("Seats for registration must be at least 1."),
            ),
        ]
        indexes = [models.Index(fields=["room", "starts_at"], name="agenda_session_room_start")]
        # On PostgreSQL, migration 0003 adds an exclusion constraint: no two non-cancelled sessions in one
        # room at once (see agenda.services.session_room_conflicts for the same rule on every database).

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agenda:session", args=[self.pk])

    @property
    def local_starts(self):
        return self.starts_at.astimezone(HANOI)

    @property
    def local_ends(self):
        return self.ends_at.astimezone(HANOI)

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def takes_registrations(self) -> bool:
        return self.capacity is not None and self.status != SessionStatus.CANCELLED


class SessionParticipant(models.Model):
    """A chair, moderator or speaker: either a delegation member or an external speaker."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="participants"
    )
    role = models.CharField(
        _("role"), max_length=16, choices=ParticipantRole.choices, default=ParticipantRole.SPEAKER
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("delegation member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="session_roles",
    )
    name = models.CharField(_("external speaker's name"), max_length=200, blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    email = models.EmailField(_("external speaker's e-mail"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("session participant")
        verbose_name_plural = _("session participants")
        ordering = ["session_id", "role", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(name="")) | (Q(member__isnull=True) & ~Q(name="")),
                name="agenda_participant_member_xor_name",
                violation_error_message=_(
                    "Choose a delegation member or type an external speaker's name, not both."
                ),
            ),
            models.UniqueConstraint(
                fields=["session", "member", "role"],
                condition=Q(member__isnull=False),
                name="agenda_participant_unique_member_role",
                violation_error_message=_("This person already has this role in the session."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in ParticipantRole]), name="agenda_participant_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return str(self.member) if self.member_id else self.name

    @property
    def display_affiliation(self) -> str:
        if self.member_id:
            return self.member.delegation.name
        return self.affiliation


class SessionRegistration(models.Model):
    """A delegate's seat (or place on the waiting list) in a session that takes registrations."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="registrations"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("delegate"), on_delete=models.CASCADE, related_name="session_registrations"
    )
    status = models.CharField(_("status"), max_length=16, choices=RegistrationStatus.choices)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("promoted from the waiting list"), null=True, blank=True)

    class Meta:
        verbose_name = _("session registration")
        verbose_name_plural = _("session registrations")
        ordering = ["session_id", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member"],
                name="agenda_registration_once_per_session",
                violation_error_message=_("This delegate is already registered for this session."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in RegistrationStatus]),
                name="agenda_registration_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["session", "status", "created_at"], name="agenda_reg_queue")]

    def __str__(self) -> str:
        return f"{self.member} → {self.session}"

    @property
    def is_waitlisted(self) -> bool:
        return self.status == RegistrationStatus.WAITLISTED


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
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
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


class ProgrammeVersion(models.Model):
    """One publication of the programme, with a snapshot to diff the next publication against."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    snapshot = models.JSONField(_("snapshot"), default=dict, editable=False)

    class Meta:
        verbose_name = _("programme version")
        verbose_name_plural = _("programme versions")
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(condition=Q(number__gt=0), name="agenda_version_number_positive")
        ]

    def __str__(self) -> str:
        return str(self.number)


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
