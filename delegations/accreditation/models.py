"""Accreditation data: categories and zones (organiser-edited data), one accreditation per person
(delegation members and media alike), zone passes within quotas, badges and the keys that sign them.

"No one holds two accreditations" (domain rules 4 and 8) is the database's job: every accreditation
carries its person's normalised passport key (issuing State + passport number without spaces or
punctuation), unique across delegation members and media applicants.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .enums import (
    LIVE_BADGE_STATES,
    AccreditationKind,
    BadgeState,
    KeyState,
    MediaRole,
    PhotoState,
    RevocationReason,
    VettingState,
)

colour_validator = RegexValidator(r"^#[0-9A-Fa-f]{6}$", _("Give the colour as #RRGGBB."))
code_validator = RegexValidator(r"^[A-Z0-9]{1,8}$", _("Use up to 8 capital letters or digits."))


class Zone(models.Model):
    """An area of the venue a badge opens (plenary hall, signing room, VIP lounge...). Restricted zones
    also need a zone pass, except for categories with the "lapel pin"."""

    code = models.CharField(_("code"), max_length=8, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100)
    restricted = models.BooleanField(
        _("restricted"), default=False, help_text=_("Needs a zone pass on top of the badge.")
    )
    default_pass_quota = models.PositiveSmallIntegerField(
        _("zone passes per delegation"),
        default=0,
        help_text=_(
            "Restricted zones: passes each delegation may issue unless its own quota says otherwise."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"


class BadgeCategory(models.Model):
    """One badge category per person: its colour band, printed label and the zones it may open."""

    code = models.CharField(_("code"), max_length=8, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100)
    printed_label = models.CharField(_("label printed on the badge"), max_length=40)
    colour = models.CharField(
        _("colour band"), max_length=7, default="#1F4E79", validators=[colour_validator]
    )
    text_colour = models.CharField(
        _("text colour on the band"), max_length=7, default="#FFFFFF", validators=[colour_validator]
    )
    zones = models.ManyToManyField(Zone, verbose_name=_("zones"), related_name="categories", blank=True)
    lapel_pin = models.BooleanField(
        _("lapel pin"),
        default=False,
        help_text=_("Passes every restricted zone of the category without a zone pass (Heads of State…)."),
    )
    for_media = models.BooleanField(_("media category"), default=False)
    capacities = models.JSONField(
        _("default for capacities"),
        default=list,
        blank=True,
        help_text=_("Delegation capacities that get this category unless the officer chooses another."),
    )
    ranks = models.JSONField(
        _("default for protocol ranks"),
        default=list,
        blank=True,
        help_text=_("Protocol ranks that get this category (takes precedence over capacities)."),
    )
    valid_days_before = models.PositiveSmallIntegerField(_("valid days before the first day"), default=2)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("badge category")
        verbose_name_plural = _("badge categories")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class MediaApplication(models.Model):
    """A journalist's public application (no delegation): assignment letter, press card, photo."""

    family_name = models.CharField(_("family name (as in passport)"), max_length=100)
    given_names = models.CharField(_("given names (as in passport)"), max_length=150, blank=True)
    nationality = models.CharField(_("nationality (ISO 3166 alpha-3)"), max_length=3)
    passport_number = models.CharField(_("passport number"), max_length=32)
    passport_expiry = models.DateField(_("passport expiry"))
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    outlet = models.CharField(_("media organisation"), max_length=200)
    outlet_country = models.CharField(_("country of the media organisation (ISO alpha-3)"), max_length=3)
    role = models.CharField(_("role"), max_length=16, choices=MediaRole.choices)
    press_card_number = models.CharField(_("press card number"), max_length=60)
    press_card = models.FileField(_("press card (PDF)"), upload_to="media_accreditation/%Y/")
    assignment_letter = models.FileField(_("letter of assignment (PDF)"), upload_to="media_accreditation/%Y/")
    photo = models.ImageField(_("badge photo"), upload_to="photos/%Y/", blank=True)
    language = models.CharField(
        _("language"), max_length=8, blank=True, help_text=_("The language the journalist applied in.")
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("media application")
        verbose_name_plural = _("media applications")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in MediaRole]), name="accr_media_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_names} {self.family_name.upper()}".strip()


class Accreditation(models.Model):
    """One person's accreditation: a delegation member's or a media applicant's, never both."""

    kind = models.CharField(_("kind"), max_length=8, choices=AccreditationKind.choices)
    member = models.OneToOneField(
        "delegations.Member",
        verbose_name=_("delegation member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="accreditation",
    )
    media = models.OneToOneField(
        MediaApplication,
        verbose_name=_("media application"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="accreditation",
    )
    # Denormalised from member.delegation for filters, quotas and the liaison's scope (NULL for media).
    delegation = models.ForeignKey(
        "delegations.Delegation",
        verbose_name=_("delegation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="accreditations",
    )
    # Issuing State + passport number, upper case, letters and digits only. NULL while unknown.
    passport_key = models.CharField(_("passport key"), max_length=48, null=True, blank=True, editable=False)  # noqa: DJ001
    category = models.ForeignKey(
        BadgeCategory,
        verbose_name=_("badge category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accreditations",
    )
    vetting = models.CharField(
        _("security vetting"), max_length=16, choices=VettingState.choices, default=VettingState.NEW
    )
    vetting_changed_at = models.DateTimeField(_("vetting changed"), null=True, blank=True)
    vetting_note = models.TextField(_("security note"), blank=True)
    photo_state = models.CharField(
        _("photo"), max_length=16, choices=PhotoState.choices, default=PhotoState.MISSING
    )
    photo_checked_at = models.DateTimeField(_("photo checked"), null=True, blank=True)
    photo_reason = models.TextField(_("reason for the photo verdict"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["passport_key"],
                condition=Q(passport_key__isnull=False),
                name="accr_one_accreditation_per_passport",
                violation_error_message=_("This person already holds an accreditation."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="member", member__isnull=False, media__isnull=True, delegation__isnull=False)
                    | Q(kind="media", member__isnull=True, media__isnull=False, delegation__isnull=True)
                ),
                name="accr_member_xor_media",
                violation_error_message=_(
                    "An accreditation is a delegation member's or a media applicant's."
                ),
            ),
            models.CheckConstraint(
                condition=Q(vetting__in=[s.value for s in VettingState]), name="accr_vetting_valid"
            ),
            models.CheckConstraint(
                condition=Q(photo_state__in=[s.value for s in PhotoState]), name="accr_photo_state_valid"
            ),
            models.CheckConstraint(condition=~Q(passport_key=""), name="accr_passport_key_not_empty"),
        ]
        indexes = [models.Index(fields=["vetting", "photo_state"], name="accr_queue_idx")]

    def __str__(self) -> str:
        return str(self.person) if self.person else f"#{self.pk}"

    @property
    def person(self):
        """The Member or MediaApplication (the fields a badge shows are named alike on both)."""
        return self.member if self.kind == AccreditationKind.MEMBER else self.media


class ZonePassQuota(models.Model):
    """How many passes for one restricted zone a delegation may issue (overrides the zone's default)."""

    delegation = models.ForeignKey(
        "delegations.Delegation", verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="+"
    )
    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="quotas")
    quota = models.PositiveSmallIntegerField(_("passes"))

    class Meta:
        verbose_name = _("zone pass quota")
        verbose_name_plural = _("zone pass quotas")
        constraints = [
            models.UniqueConstraint(fields=["delegation", "zone"], name="accr_one_quota_per_zone"),
        ]

    def __str__(self) -> str:
        return f"{self.delegation_id}/{self.zone_id}: {self.quota}"


class ZonePass(models.Model):
    """A pass for a restricted zone, held by one member of the delegation. Two sources:

    - the delegation's quota: numbered 1..quota (unique per delegation and zone), issued and transferable
      by the liaison;
    - a scheduled bilateral meeting: the meeting's listed participants get the bilateral-suite pass while the
      meeting stands (no number, outside the quota, never transferred by hand; it goes with the meeting).
    """

    delegation = models.ForeignKey(
        "delegations.Delegation", verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="+"
    )
    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="passes")
    number = models.PositiveSmallIntegerField(_("pass number"), null=True, blank=True)
    holder = models.ForeignKey(
        Accreditation, verbose_name=_("holder"), on_delete=models.CASCADE, related_name="zone_passes"
    )
    bilateral = models.ForeignKey(
        "bilaterals.Bilateral",
        verbose_name=_("bilateral meeting"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("zone pass")
        verbose_name_plural = _("zone passes")
        ordering = ["zone__order", "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "zone", "number"],
                condition=Q(bilateral__isnull=True),
                name="accr_zone_pass_number_unique",
                violation_error_message=_("This pass number is already issued."),
            ),
            models.UniqueConstraint(
                fields=["zone", "holder"],
                condition=Q(bilateral__isnull=True),
                name="accr_one_pass_per_zone_per_person",
                violation_error_message=_("This person already holds a pass for this zone."),
            ),
            models.UniqueConstraint(
                fields=["bilateral", "holder"],
                condition=Q(bilateral__isnull=False),
                name="accr_one_meeting_pass_per_person",
            ),
            models.CheckConstraint(
                condition=(
                    Q(bilateral__isnull=True, number__gte=1) | Q(bilateral__isnull=False, number__isnull=True)
                ),
                name="accr_zone_pass_numbered_or_meeting",
            ),
        ]

    def __str__(self) -> str:
        if self.number is None:
            return f"{self.zone.code} · {_('bilateral meeting')}"
        return f"{self.zone.code} #{self.number}"


class Counter(models.Model):
    """A named, monotonically increasing number (badge serials, the revocation list's version), taken
    under a row lock so two writers never draw the same value."""

    name = models.CharField(max_length=32, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class BadgeCollection(models.Model):
    """A delegation's bulk collection at the accreditation desk, with the custody receipt it signs."""

    delegation = models.ForeignKey(
        "delegations.Delegation", verbose_name=_("delegation"), on_delete=models.PROTECT, related_name="+"
    )
    collected_by_name = models.CharField(_("collected by (name)"), max_length=200)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("collected by (user)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    desk_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("desk officer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    collected_at = models.DateTimeField(_("collected"), auto_now_add=True)

    class Meta:
        verbose_name = _("badge collection")
        verbose_name_plural = _("badge collections")
        ordering = ["-collected_at", "-id"]

    def __str__(self) -> str:
        return f"R-{self.pk:06d}"


class Badge(models.Model):
    """A printed credential: serial, category and zones as issued, validity window. approved → printed →
    collected → revoked; a lost or changed badge is revoked and reissued with a new serial (`replaces`)."""

    # SET_NULL keeps a revoked badge (and its place on the revocation list) when its person is removed;
    # the check constraint below refuses removing a person whose badge is still valid.
    accreditation = models.ForeignKey(
        Accreditation,
        verbose_name=_("accreditation"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="badges",
    )
    serial = models.PositiveBigIntegerField(_("serial"), unique=True)
    category = models.ForeignKey(
        BadgeCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="badges"
    )
    # Snapshots as issued (the QR is signed over these; a later change of the category does not alter them).
    category_code = models.CharField(_("category code"), max_length=8)
    zone_codes = models.JSONField(_("zones"), default=list, blank=True)
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))
    state = models.CharField(
        _("state"), max_length=16, choices=BadgeState.choices, default=BadgeState.APPROVED
    )
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    printed_at = models.DateTimeField(_("printed"), null=True, blank=True)
    collected_at = models.DateTimeField(_("collected"), null=True, blank=True)
    collection = models.ForeignKey(
        BadgeCollection,
        verbose_name=_("collection"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="badges",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(
        _("reason for revocation"), max_length=16, choices=RevocationReason.choices, blank=True
    )
    revoked_note = models.CharField(_("note"), max_length=300, blank=True)
    # Position on the revocation list (Counter "revocation"): scanners fetch serials above their version.
    revocation_version = models.PositiveBigIntegerField(null=True, blank=True, unique=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("reissue of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["accreditation"],
                condition=Q(state__in=list(LIVE_BADGE_STATES)),
                name="accr_one_live_badge_per_person",
                violation_error_message=_("This person already has a valid badge: revoke it first."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in BadgeState]), name="accr_badge_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(accreditation__isnull=False) | Q(state="revoked"),
                name="accr_badge_orphan_is_revoked",
                violation_error_message=_("Revoke the person's badge before removing them."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gt=F("valid_from")), name="accr_badge_validity_ordered"
            ),
            models.CheckConstraint(
                condition=Q(state="approved") | Q(state="revoked") | Q(printed_at__isnull=False),
                name="accr_badge_printed_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state="collected") | Q(collected_at__isnull=False),
                name="accr_badge_collected_has_time",
            ),
            models.CheckConstraint(
                condition=(
                    Q(state="revoked", revoked_at__isnull=False, revocation_version__isnull=False)
                    & ~Q(revoked_reason="")
                )
                | (~Q(state="revoked") & Q(revoked_at__isnull=True, revocation_version__isnull=True)),
                name="accr_badge_revoked_has_time_reason_version",
            ),
        ]
        indexes = [models.Index(fields=["state", "printed_at"], name="accr_badge_print_idx")]

    def __str__(self) -> str:
        return f"{self.category_code}-{self.serial}"


class SigningKey(models.Model):
    """An Ed25519 key pair that signs the badges' QR credentials. The private key is stored encrypted
    with a key derived from SECRET_KEY and never leaves the server; the public key is published."""

    ceremony = models.ForeignKey(
        "core.Ceremony", verbose_name=_("ceremony"), on_delete=models.CASCADE, related_name="+"
    )
    kid = models.CharField(_("key id"), max_length=32, unique=True)
    public_key = models.CharField(_("public key (base64url, raw 32 bytes)"), max_length=64, unique=True)
    private_key_encrypted = models.TextField(editable=False)
    state = models.CharField(_("state"), max_length=16, choices=KeyState.choices, default=KeyState.ACTIVE)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    retiring_at = models.DateTimeField(_("retiring since"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ceremony"],
                condition=Q(state="active"),
                name="accr_one_active_key_per_ceremony",
                violation_error_message=_("The ceremony already has an active signing key."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in KeyState]), name="accr_key_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state="retired") | Q(retired_at__isnull=False), name="accr_key_retired_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kid} ({self.get_state_display()})"
