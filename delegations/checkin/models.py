"""Check-in lists, gates, paired devices, every scan, and who is inside.

The invariant "a badge enters a list once until it leaves" lives in the database: one `Presence` row per
(list, badge) (a unique constraint) that the redeem service changes only under a row lock, so two gates
scanning the same badge at the same moment give one entry and one "already inside".
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import DeviceState, Direction, Reason, ScanResult


def _valid(field: str, choices) -> Q:
    return Q(**{f"{field}__in": [c.value for c in choices]})


class Counter(models.Model):
    """A named, monotonically increasing number: `rules` is the version devices sync rules from."""

    name = models.CharField(max_length=32, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("version counter")

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class CheckinList(models.Model):
    """Who may enter one zone or session, and when. Lists are data, edited by accreditation officers."""

    name = models.CharField(_("name"), max_length=120)
    code = models.SlugField(_("short code"), max_length=40, unique=True)
    zone = models.CharField(
        _("zone"),
        max_length=40,
        blank=True,
        help_text=_("Zone code. A badge whose zone passes include it is admitted whatever its category."),
    )
    categories = models.JSONField(
        _("admitted categories"),
        default=list,
        blank=True,
        help_text=_("Badge category codes admitted by this list."),
    )
    session = models.ForeignKey(
        "agenda.Session",
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checkin_lists",
        help_text=_("The programme session whose attendance this list counts."),
    )
    valid_from = models.DateTimeField(_("open from"), null=True, blank=True)
    valid_until = models.DateTimeField(_("open until"), null=True, blank=True)
    allow_reentry = models.BooleanField(
        _("re-entry allowed"), default=True, help_text=_("A badge may enter again after it has left.")
    )
    entry_requires_exit = models.BooleanField(
        _("entry only after an exit"),
        default=True,
        help_text=_("A badge that is inside must be scanned out before it may enter again."),
    )
    everyone_out_at = models.TimeField(
        _("everyone out at"),
        null=True,
        blank=True,
        help_text=_("Every day at this time (Hà Nội) everyone counts as having left."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveBigIntegerField(_("rules version"), default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("check-in list")
        verbose_name_plural = _("check-in lists")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gt=models.F("valid_from")),
                name="checkin_list_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Gate(models.Model):
    name = models.CharField(_("name"), max_length=120)
    code = models.SlugField(_("short code"), max_length=40, unique=True)
    lists = models.ManyToManyField(CheckinList, verbose_name=_("check-in lists"), related_name="gates")
    offline_people = models.BooleanField(
        _("names and photos offline"),
        default=False,
        help_text=_(
            "Devices at this gate may keep the names and photos of the people its lists admit, to show "
            "them while offline."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("gate")
        verbose_name_plural = _("gates")

    def __str__(self) -> str:
        return self.name


class Device(models.Model):
    """A phone or gate laptop. It is paired once with a one-time code and then holds a token scoped to its
    gate. Only hashes of the code and of the token are stored; revoking takes effect on the next request."""

    gate = models.ForeignKey(Gate, verbose_name=_("gate"), on_delete=models.CASCADE, related_name="devices")
    name = models.CharField(_("name"), max_length=120)
    state = models.CharField(
        _("state"), max_length=16, choices=DeviceState.choices, default=DeviceState.PENDING
    )
    pairing_code_hash = models.CharField(max_length=64, blank=True, editable=False)
    pairing_expires_at = models.DateTimeField(_("pairing code expires"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    paired_at = models.DateTimeField(_("paired"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)

    class Meta:
        ordering = ["gate__name", "name"]
        verbose_name = _("scanning device")
        verbose_name_plural = _("scanning devices")
        constraints = [
            models.CheckConstraint(condition=_valid("state", DeviceState), name="checkin_device_state_valid"),
            models.CheckConstraint(
                condition=~Q(state=DeviceState.ACTIVE) | Q(token_hash__isnull=False),
                name="checkin_device_active_has_token",
            ),
            models.UniqueConstraint(
                fields=["pairing_code_hash"],
                condition=~Q(pairing_code_hash=""),
                name="checkin_device_pairing_code_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.gate})"


class Scan(models.Model):
    """One scan as the gate saw it. `nonce` is chosen by the device, so an upload sent twice adds nothing."""

    nonce = models.CharField(_("nonce"), max_length=64, unique=True)
    gate = models.ForeignKey(Gate, verbose_name=_("gate"), on_delete=models.PROTECT, related_name="scans")
    device = models.ForeignKey(
        Device, verbose_name=_("device"), null=True, on_delete=models.SET_NULL, related_name="scans"
    )
    checkin_list = models.ForeignKey(
        CheckinList, verbose_name=_("list"), null=True, on_delete=models.PROTECT, related_name="scans"
    )
    badge = models.ForeignKey(
        "accreditation.Badge",
        verbose_name=_("badge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scans",
    )
    badge_serial = models.PositiveBigIntegerField(_("badge number"), null=True, blank=True)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    result = models.CharField(_("result"), max_length=16, choices=ScanResult.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    offline = models.BooleanField(_("scanned offline"), default=False)
    device_result = models.CharField(
        _("result on the device"), max_length=16, choices=ScanResult.choices, blank=True
    )
    device_reason = models.CharField(
        _("reason on the device"), max_length=20, choices=Reason.choices, blank=True
    )
    conflict = models.BooleanField(
        _("conflict"), default=False, help_text=_("Let in offline while the server had it inside elsewhere.")
    )
    device_time = models.DateTimeField(_("time on the device"))
    received_at = models.DateTimeField(_("received"), db_index=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        indexes = [
            models.Index(
                fields=["checkin_list", "direction", "result", "device_time"], name="checkin_scan_list_idx"
            ),
            models.Index(fields=["result", "device_time"], name="checkin_scan_result_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=_valid("direction", Direction), name="checkin_scan_direction_valid"
            ),
            models.CheckConstraint(condition=_valid("result", ScanResult), name="checkin_scan_result_valid"),
            models.CheckConstraint(
                condition=(Q(result=ScanResult.ACCEPTED) & Q(reason=""))
                | (Q(result=ScanResult.REJECTED) & _valid("reason", Reason)),
                name="checkin_scan_reason_iff_rejected",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.get_result_display()} {self.badge_serial or ''}"


class Presence(models.Model):
    """Whether one badge is inside one list's zone. Exactly one row per (list, badge): the unique constraint
    plus the redeem service's row lock are what make entry exactly-once."""

    checkin_list = models.ForeignKey(CheckinList, on_delete=models.CASCADE, related_name="presences")
    badge = models.ForeignKey("accreditation.Badge", on_delete=models.CASCADE, related_name="presences")
    inside = models.BooleanField(default=False)
    entries = models.PositiveIntegerField(default=0)
    first_entry_at = models.DateTimeField(null=True, blank=True)
    last_entry_at = models.DateTimeField(null=True, blank=True)
    last_exit_at = models.DateTimeField(null=True, blank=True)
    last_gate = models.ForeignKey(Gate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("presence")
        verbose_name_plural = _("presences")
        constraints = [
            models.UniqueConstraint(fields=["checkin_list", "badge"], name="checkin_presence_once"),
            models.CheckConstraint(
                condition=Q(inside=False) | Q(last_entry_at__isnull=False, entries__gte=1),
                name="checkin_presence_inside_has_entry",
            ),
        ]
        indexes = [models.Index(fields=["checkin_list", "inside"], name="checkin_presence_inside_idx")]

    def __str__(self) -> str:
        return f"{self.checkin_list_id}/{self.badge_id} {'in' if self.inside else 'out'}"


class DutyStatus(models.Model):
    """Whether a user is on duty now (arrival alerts go to the Reception subcommittee's on-duty members)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkin_duty"
    )
    on_duty = models.BooleanField(_("on duty"), default=False)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("duty status")
        verbose_name_plural = _("duty statuses")

    def __str__(self) -> str:
        return f"{self.user} {'on' if self.on_duty else 'off'} duty"
