"""Badges: the printed credentials, their collection by a delegation, and the counters behind serials and
the revocation list."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..enums import (
    LIVE_BADGE_STATES,
    BadgeState,
    RevocationReason,
)
from .accreditations import Accreditation
from .categories import BadgeCategory


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
