"""One accreditation per person (delegation members and media applicants alike), the media application
behind a journalist's, and the zone passes accreditations hold within their delegation's quotas."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..enums import (
    AccreditationKind,
    MediaRole,
    PhotoState,
    VettingState,
)
from .categories import BadgeCategory, Zone


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
