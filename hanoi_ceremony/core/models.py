import datetime

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class NumberedPublication(models.Model):
    """One publication of a list kept for good (the programme, the list of participants): numbered 1, 2, …,
    newest first. Each model adds who published it, its note, its snapshot and its own constraint names."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    published_at = models.DateTimeField(_("published"))

    class Meta:
        abstract = True
        ordering = ["-number"]

    def __str__(self) -> str:
        return str(self.number)


class Ceremony(models.Model):
    """The event this deployment runs. There is exactly one per deployment (a database constraint)."""

    singleton = models.BooleanField(default=True, editable=False, unique=True)
    name = models.CharField(_("name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=100)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    venue = models.CharField(_("venue"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    host_country_code = models.CharField(
        _("host State (ISO 3166 alpha-3)"), max_length=3, help_text=_("The host State signs first.")
    )
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    open_for_signature_until = models.DateField(
        _("open for signature until"),
        help_text=_("After the ceremony, signature continues at this place until this date."),
    )
    later_signature_place = models.CharField(
        _("place of signature after the ceremony"),
        max_length=200,
        default="United Nations Headquarters, New York",
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adoption_reference = models.CharField(_("adoption reference"), max_length=100, blank=True)
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("After this moment only organisers may change a delegation's registration."),
    )
    accreditation_deadline = models.DateTimeField(
        _("accreditation deadline"),
        null=True,
        blank=True,
        help_text=_("Photos and passports of every person to accredit are due by this moment."),
    )
    ratifications_for_entry_into_force = models.PositiveSmallIntegerField(
        _("instruments needed for entry into force"), default=40
    )
    days_to_entry_into_force = models.PositiveSmallIntegerField(
        _("days from the last needed instrument to entry into force"), default=90
    )
    demo_offset_days = models.IntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="Demo only: days the seeded story was moved from 2025 (see hanoi_ceremony/core/demo.py).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ceremony")
        verbose_name_plural = _("ceremony")
        constraints = [
            models.CheckConstraint(condition=Q(singleton=True), name="core_ceremony_singleton"),
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")),
                name="core_ceremony_days_ordered",
                violation_error_message=_("The last day cannot come before the first day."),
            ),
            models.CheckConstraint(
                condition=Q(open_for_signature_until__gte=F("last_day")),
                name="core_ceremony_signature_after_days",
                violation_error_message=_("Signature cannot close before the ceremony ends."),
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def days(self) -> list[datetime.date]:
        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + datetime.timedelta(days=i) for i in range(count)]


class Heartbeat(models.Model):
    """When a Celery process last proved it runs ("beat" ticks, "worker" executed the heartbeat task)."""

    name = models.CharField(max_length=32, primary_key=True)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("heartbeat")

    def __str__(self) -> str:
        return f"{self.name} @ {self.seen_at.isoformat()}"


class ContentVersion(models.Model):
    """A counter per public content area (programme, signing board, …), bumped in the same transaction as
    any write that changes what the area shows. Rendered public pages are cached under the version, so a
    bump invalidates them in every process at once."""

    namespace = models.CharField(max_length=64, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.namespace} v{self.version}"
