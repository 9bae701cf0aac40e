from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from .enums import (
    FULL_POWERS_EXEMPT_RANKS,
    SIGNING_TYPES,
    STATE_TYPES,
    Capacity,
    DelegationStatus,
    FullPowersStatus,
    ListVisibility,
    ParticipantType,
    ProtocolRank,
    Region,
    protocol_tier,
    speaker_group,
)


class Delegation(models.Model):
    """A State's or an organisation's delegation to the ceremony."""

    name = models.CharField(_("name"), max_length=200, help_text=_("UN short name for States."))
    participant_type = models.CharField(_("participant type"), max_length=32, choices=ParticipantType.choices)
    # NULL (not "") keeps organisations out of the one-delegation-per-State constraint.
    country_code = models.CharField(  # noqa: DJ001
        _("ISO 3166 alpha-3 code"),
        max_length=3,
        null=True,
        blank=True,
        help_text=_("States only."),
    )
    m49_code = models.CharField(_("UN M49 code"), max_length=3, blank=True)
    region = models.CharField(
        _("region"), max_length=16, choices=Region.choices, default=Region.INTERNATIONAL
    )
    status = models.CharField(
        _("status"),
        max_length=32,
        choices=DelegationStatus.choices,
        default=DelegationStatus.INVITED,
        db_index=True,
    )
    focal_point_email = models.EmailField(_("focal point's e-mail"), blank=True)
    registration_deadline_extended_to = models.DateTimeField(
        _("registration deadline for this delegation"),
        null=True,
        blank=True,
        help_text=_("Later than the ceremony's deadline: this delegation's liaison may register until then."),
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    review_message = models.TextField(
        _("message from the organisers"),
        blank=True,
        help_text=_("The latest request for changes or reason for a decision."),
    )
    last_reviewed_at = models.DateTimeField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("Changes after this moment are highlighted for the organisers."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Upper("name"),
                name="delegations_name_unique_ci",
                violation_error_message=_("A delegation with this name already exists."),
            ),
            models.UniqueConstraint(
                fields=["country_code"],
                condition=Q(country_code__isnull=False),
                name="delegations_one_per_state",
                violation_error_message=_("This State already has a delegation."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(participant_type__in=sorted(t.value for t in STATE_TYPES), country_code__isnull=False)
                    | (
                        ~Q(participant_type__in=sorted(t.value for t in STATE_TYPES))
                        & Q(country_code__isnull=True)
                    )
                ),
                name="delegations_state_has_country_code",
                violation_error_message=_("A State needs its ISO 3166 code; an organisation has none."),
            ),
            models.CheckConstraint(
                condition=Q(participant_type__in=[t.value for t in ParticipantType]),
                name="delegations_participant_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in DelegationStatus]), name="delegations_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (States from the maintained country lists); the stored `name`
        stays the UN English short name, which orders seating and signing."""
        if self.country_code:
            from .countries import local_name

            return local_name(self.country_code, self.name)
        return self.name

    @property
    def is_state(self) -> bool:
        return self.participant_type in STATE_TYPES

    @property
    def may_sign(self) -> bool:
        return self.participant_type in SIGNING_TYPES

    @property
    def speaker_group(self):
        return speaker_group(self.participant_type)


class Liaison(models.Model):
    """A user acting as the focal point of exactly one delegation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="liaison"
    )
    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="liaisons"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("liaison")
        verbose_name_plural = _("liaisons")

    def __str__(self) -> str:
        return f"{self.user} ({self.delegation})"


class Member(models.Model):
    """A person in a delegation, with what the host needs for protocol, badges, hotels and transport."""

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="members"
    )
    family_name = models.CharField(_("family name (as in passport)"), max_length=100)
    given_names = models.CharField(_("given names (as in passport)"), max_length=150, blank=True)
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("e.g. H.E. Mr., Minister of Justice")
    )
    capacity = models.CharField(_("capacity in the delegation"), max_length=32, choices=Capacity.choices)
    rank = models.CharField(
        _("protocol rank"), max_length=32, choices=ProtocolRank.choices, default=ProtocolRank.OTHER
    )
    nationality = models.CharField(_("nationality (ISO 3166 alpha-3)"), max_length=3, blank=True)
    passport_number = models.CharField(_("passport number"), max_length=32, blank=True)
    passport_expiry = models.DateField(_("passport expiry"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    photo = models.ImageField(_("badge photo"), upload_to="photos/%Y/", blank=True)
    arrival_flight = models.CharField(_("arrival flight"), max_length=20, blank=True)
    arrival_at = models.DateTimeField(_("arrival time"), null=True, blank=True)
    arrival_airport = models.CharField(_("arrival airport"), max_length=60, blank=True)
    departure_flight = models.CharField(_("departure flight"), max_length=20, blank=True)
    departure_at = models.DateTimeField(_("departure time"), null=True, blank=True)
    departure_airport = models.CharField(_("departure airport"), max_length=60, blank=True)
    hotel = models.CharField(_("hotel"), max_length=200, blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=300, blank=True)
    list_visibility = models.CharField(
        _("on the list of participants"),
        max_length=16,
        choices=ListVisibility.choices,
        default=ListVisibility.PARTICIPANTS,
        help_text=_("Who may see this person's name on the published list of participants (their consent)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("delegation member")
        verbose_name_plural = _("delegation members")
        ordering = ["delegation_id", "capacity", "family_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation"],
                condition=Q(capacity="head"),
                name="delegations_one_head_per_delegation",
                violation_error_message=_("This delegation already has a head of delegation."),
            ),
            models.UniqueConstraint(
                "nationality",
                Upper("passport_number"),
                condition=~Q(passport_number=""),
                name="delegations_passport_unique",
                violation_error_message=_("A person with this passport is already registered."),
            ),
            models.CheckConstraint(
                condition=Q(departure_at__isnull=True)
                | Q(arrival_at__isnull=True)
                | Q(departure_at__gte=models.F("arrival_at")),
                name="delegations_member_departs_after_arrival",
                violation_error_message=_("Departure cannot come before arrival."),
            ),
            models.CheckConstraint(
                condition=Q(list_visibility__in=["nobody", "participants", "public"]),
                name="delegations_member_list_visibility_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_names} {self.family_name.upper()}".strip()

    @property
    def protocol_tier(self):
        return protocol_tier(self.rank)

    @property
    def signs_by_function(self) -> bool:
        """Domain rule 1: Heads of State or Government and Ministers for Foreign Affairs need no full powers."""
        return self.rank in FULL_POWERS_EXEMPT_RANKS


class FullPowers(models.Model):
    """The instrument of full powers for one intended signatory (domain rule 1). Checked by OLA."""

    member = models.OneToOneField(
        Member, verbose_name=_("signatory"), on_delete=models.CASCADE, related_name="full_powers"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=FullPowersStatus.choices, default=FullPowersStatus.AWAITED
    )
    document = models.FileField(_("instrument (PDF)"), upload_to="full_powers/%Y/", blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("full powers")
        verbose_name_plural = _("full powers")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="verified") | Q(verified_at__isnull=False, verified_by__isnull=False),
                name="delegations_full_powers_verified_has_who_when",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in FullPowersStatus]),
                name="delegations_full_powers_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_status_display()}"

    @property
    def is_verified(self) -> bool:
        return self.status == FullPowersStatus.VERIFIED


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")


class Invitation(models.Model):
    """An invitation for a delegation's focal point to become its liaison.

    Only the SHA-256 of the link's token is stored: a database leak does not reveal usable links. A resend
    replaces the token (the older link stops working) and extends the expiry.
    """

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("focal point's e-mail"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    expires_at = models.DateTimeField(_("expires"))
    sent_count = models.PositiveSmallIntegerField(_("times sent"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation"],
                condition=Q(status="pending"),
                name="delegations_one_pending_invitation",
                violation_error_message=_(
                    "This delegation already has an open invitation: resend or revoke it."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(accepted_at__isnull=False),
                name="delegations_invitation_accepted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | Q(revoked_at__isnull=False),
                name="delegations_invitation_revoked_has_time",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in InvitationStatus]),
                name="delegations_invitation_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegation}: {self.email}"

    def is_expired(self, now) -> bool:
        return self.status == InvitationStatus.PENDING and self.expires_at <= now


class DocumentKind(models.TextChoices):
    NOTE_VERBALE = "note_verbale", _("Note verbale")
    CREDENTIALS = "credentials", _("Credentials")


class DelegationDocument(models.Model):
    """A note verbale or credentials listing the delegation's members (domain rule 4). PDF only."""

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    file = models.FileField(_("file (PDF)"), upload_to="delegation_documents/%Y/")
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("delegation document")
        verbose_name_plural = _("delegation documents")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="delegations_document_not_empty"),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in DocumentKind]), name="delegations_document_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class ParticipantQuota(models.Model):
    """How many people of each capacity a delegation of one participant type may register (checked at
    submission). Empty = no limit. Types without a row use ``DEFAULT_QUOTAS`` in services."""

    participant_type = models.CharField(
        _("participant type"), max_length=32, choices=ParticipantType.choices, unique=True
    )
    representatives = models.PositiveSmallIntegerField(_("representatives"), null=True, blank=True)
    alternates = models.PositiveSmallIntegerField(_("alternates"), null=True, blank=True)
    advisers = models.PositiveSmallIntegerField(_("advisers and experts"), null=True, blank=True)
    total = models.PositiveSmallIntegerField(_("total members"), null=True, blank=True)

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["participant_type"]

    def __str__(self) -> str:
        return self.get_participant_type_display()
