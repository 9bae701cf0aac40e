"""The signing roster, ratifications and speakers' lists (domain rules 1–3 in ../shared/domain.md).

The database refuses what treaty practice forbids: a second signature for a party, an organisation on the
roster, a signature without time and place, a third right of reply. Rules that need other rows (the signatory
belongs to the party, full powers verified) live in services.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delegations.enums import SIGNING_TYPES

from .enums import (
    MAX_REPLIES_PER_ITEM,
    InscriptionStatus,
    OrderingRule,
    SigningPlace,
    SigningStatus,
    SpeakersListKind,
)

_SIGNING_TYPE_VALUES = sorted(t.value for t in SIGNING_TYPES)


class SigningRoster(models.Model):
    """The roster of the signing session: its ordering rule and a version number for optimistic
    concurrency (every reorder checks and bumps it under a row lock)."""

    session = models.OneToOneField(
        "agenda.Session",
        verbose_name=_("signing session"),
        on_delete=models.PROTECT,
        related_name="signing_roster",
    )
    rule = models.CharField(
        _("ordering rule"), max_length=16, choices=OrderingRule.choices, default=OrderingRule.PROTOCOL
    )
    drawn_letter = models.CharField(
        _("drawn letter"),
        max_length=1,
        blank=True,
        help_text=_("For the alphabetical rule: the letter drawn by lot."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("signing roster")
        verbose_name_plural = _("signing rosters")
        constraints = [
            models.CheckConstraint(
                condition=Q(rule__in=[r.value for r in OrderingRule]), name="signing_roster_rule_valid"
            ),
            models.CheckConstraint(
                condition=~Q(rule=OrderingRule.ALPHABETICAL) | ~Q(drawn_letter=""),
                name="signing_roster_alphabetical_needs_letter",
                violation_error_message=_("The alphabetical rule needs a drawn letter."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.session)


class SigningEntry(models.Model):
    """One signing party (a State or a REIO) on the roster: who signs, in which order, and whether it did."""

    roster = models.ForeignKey(
        SigningRoster, verbose_name=_("roster"), on_delete=models.CASCADE, related_name="entries"
    )
    delegation = models.ForeignKey(
        "delegations.Delegation",
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="signing_entries",
    )
    # Copied from the delegation by the service so the database itself refuses organisations (domain rule 2).
    participant_type = models.CharField(_("participant type"), max_length=32, editable=False)
    signatory = models.ForeignKey(
        "delegations.Member",
        verbose_name=_("signatory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_entries",
    )
    position = models.PositiveIntegerField(_("order of signing"))
    position_overridden = models.BooleanField(_("placed by hand"), default=False)
    override_reason = models.TextField(_("reason for the manual placement"), blank=True)
    registered_at = models.DateTimeField(_("registered to sign"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=16, choices=SigningStatus.choices, default=SigningStatus.SCHEDULED
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    place = models.CharField(_("place of signature"), max_length=16, choices=SigningPlace.choices, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("signing entry")
        verbose_name_plural = _("signing entries")
        ordering = ["roster_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation"],
                name="signing_one_signature_per_party",
                violation_error_message=_(
                    "This party is already on the signing roster: one signature per party."
                ),
            ),
            models.UniqueConstraint(fields=["roster", "position"], name="signing_entry_position_unique"),
            models.CheckConstraint(
                condition=Q(participant_type__in=_SIGNING_TYPE_VALUES),
                name="signing_entry_party_may_sign",
                violation_error_message=_(
                    "Only States and regional economic integration organisations sign."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in SigningStatus]), name="signing_entry_status_valid"
            ),
            models.CheckConstraint(condition=Q(position__gt=0), name="signing_entry_position_positive"),
            models.CheckConstraint(
                condition=(
                    Q(status=SigningStatus.SIGNED, signed_at__isnull=False, confirmed_at__isnull=False)
                    & Q(place__in=[p.value for p in SigningPlace])
                )
                | (~Q(status=SigningStatus.SIGNED) & Q(signed_at__isnull=True, place="")),
                name="signing_entry_signed_has_time_and_place",
                violation_error_message=_(
                    "A signature has a time and a place, and only a signed entry has them."
                ),
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True, confirmed_by__isnull=True)
                | Q(confirmed_at__isnull=False, confirmed_by__isnull=False, signatory__isnull=False),
                name="signing_entry_confirmed_has_who_when",
            ),
            models.CheckConstraint(
                condition=Q(position_overridden=False) | ~Q(override_reason=""),
                name="signing_entry_override_has_reason",
                violation_error_message=_("A manual placement needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.delegation)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Ratification(models.Model):
    """An instrument of ratification, acceptance, approval or accession, for the road to entry into force."""

    delegation = models.ForeignKey(
        "delegations.Delegation",
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="ratifications",
    )
    deposited_on = models.DateField(_("deposited on"))
    is_reio = models.BooleanField(
        _("by a regional economic integration organisation"),
        default=False,
        help_text=_("Not counted in addition to the instruments of its member States."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("instrument of ratification")
        verbose_name_plural = _("instruments of ratification")
        ordering = ["deposited_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation"],
                name="signing_one_instrument_per_party",
                violation_error_message=_("This party has already deposited its instrument."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.delegation} ({self.deposited_on:%Y-%m-%d})"


class SpeakersList(models.Model):
    """The speakers' list of the plenary or of one high-level discussion (domain rule 3)."""

    session = models.OneToOneField(
        "agenda.Session", verbose_name=_("session"), on_delete=models.PROTECT, related_name="speakers_list"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=SpeakersListKind.choices)
    default_time_limit_seconds = models.PositiveIntegerField(_("speaking time (seconds)"), default=300)
    is_open = models.BooleanField(_("open for inscription"), default=True)
    current = models.ForeignKey(
        "Inscription",
        verbose_name=_("now speaking"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    current_started_at = models.DateTimeField(_("started speaking"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("speakers' list")
        verbose_name_plural = _("speakers' lists")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in SpeakersListKind]), name="signing_list_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(default_time_limit_seconds__gt=0), name="signing_list_time_limit_positive"
            ),
            models.CheckConstraint(
                condition=Q(current__isnull=True) | Q(current_started_at__isnull=False),
                name="signing_list_current_has_start",
            ),
        ]

    def __str__(self) -> str:
        return str(self.session)


class Inscription(models.Model):
    """A delegation's speaker on a list. The order is computed (selectors.speaking_order), not stored,
    except for an organiser's audited manual placement."""

    speakers_list = models.ForeignKey(
        SpeakersList, verbose_name=_("speakers' list"), on_delete=models.CASCADE, related_name="inscriptions"
    )
    delegation = models.ForeignKey(
        "delegations.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.PROTECT,
        related_name="inscriptions",
    )
    speaker = models.ForeignKey(
        "delegations.Member", verbose_name=_("speaker"), on_delete=models.PROTECT, related_name="inscriptions"
    )
    inscribed_at = models.DateTimeField(_("inscribed at"), default=timezone.now)
    inscribed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inscribed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    time_limit_seconds = models.PositiveIntegerField(_("speaking time (seconds)"))
    position_override = models.PositiveIntegerField(_("placed by hand at"), null=True, blank=True)
    override_reason = models.TextField(_("reason for the manual placement"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=InscriptionStatus.choices, default=InscriptionStatus.INSCRIBED
    )
    spoke_at = models.DateTimeField(_("spoke at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["speakers_list_id", "inscribed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["speakers_list", "delegation"],
                condition=~Q(status=InscriptionStatus.WITHDRAWN),
                name="signing_one_inscription_per_delegation",
                violation_error_message=_("This delegation is already inscribed on this list."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in InscriptionStatus]),
                name="signing_inscription_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(time_limit_seconds__gt=0), name="signing_inscription_time_positive"
            ),
            models.CheckConstraint(
                condition=Q(position_override__isnull=True)
                | (Q(position_override__gt=0) & ~Q(override_reason="")),
                name="signing_inscription_override_has_reason",
                violation_error_message=_("A manual placement needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegation}: {self.speaker}"


class RightOfReply(models.Model):
    """A right of reply, heard at the end of the day; at most two per delegation per item (domain rule 3)."""

    speakers_list = models.ForeignKey(
        SpeakersList, verbose_name=_("speakers' list"), on_delete=models.CASCADE, related_name="replies"
    )
    delegation = models.ForeignKey(
        "delegations.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.PROTECT,
        related_name="replies",
    )
    number = models.PositiveSmallIntegerField(_("reply number"))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("right of reply")
        verbose_name_plural = _("rights of reply")
        ordering = ["speakers_list_id", "requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["speakers_list", "delegation", "number"],
                name="signing_reply_number_unique",
                violation_error_message=_("This delegation already has this right of reply."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=MAX_REPLIES_PER_ITEM),
                name="signing_reply_at_most_two",
                violation_error_message=_("At most two rights of reply per delegation per item."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegation} ({self.number})"
