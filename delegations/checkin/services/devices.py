"""Scanning devices: one-time pairing codes, pairing, revocation, and the token checked on every request."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.core.errors import Conflict, Invalid
from hanoi_ceremony.core.transitions import record_change

from .. import tokens
from ..enums import DeviceState
from ..models import Device, Gate
from ._common import LAST_SEEN_EVERY, PAIRING_CODE_MINUTES

# --- devices ---------------------------------------------------------------------------------------


def _issue_code(device: Device) -> str:
    code = tokens.pairing_code_new()
    device.pairing_code_hash = tokens.digest(code)
    device.pairing_expires_at = timezone.now() + timedelta(minutes=PAIRING_CODE_MINUTES)
    return code


def device_create(*, gate: Gate, name: str, by) -> tuple[Device, str]:
    """A device waiting for pairing, and its one-time code (shown once, stored hashed).

    Side effects: an audit entry."""
    if not name.strip():
        raise Invalid({"name": _("Name the device (e.g. “North gate, phone 2”).")})
    if not gate.is_active:
        raise Invalid({"gate": _("This gate is closed.")})
    device = Device(gate=gate, name=name.strip(), created_by=by)
    code = _issue_code(device)
    with transaction.atomic():
        record_change(device, by=by, action="device.pairing_issued", created=True, reconcile=False)
    return device, code


def device_code_reissue(*, device: Device, by) -> str:
    """A fresh one-time code for a device that is still waiting for pairing."""
    with transaction.atomic():
        device = Device.objects.select_for_update().get(pk=device.pk)
        if device.state != DeviceState.PENDING:
            raise Conflict(_("This device is already paired or revoked."))
        code = _issue_code(device)
        record_change(
            device,
            by=by,
            action="device.pairing_issued",
            fields=("pairing_code_hash", "pairing_expires_at"),
            reconcile=False,
        )
    return code


def device_pair(*, code: str) -> tuple[Device, str]:
    """Exchange a one-time pairing code for a device token (returned once; only its hash is kept).

    Side effects: the code is spent; an audit entry."""
    normalised = tokens.pairing_code_normalise(code)
    if not normalised:
        raise Invalid({"code": _("A pairing code has 8 letters and digits, e.g. ABCD-2345.")})
    with transaction.atomic():
        device = (
            Device.objects.select_for_update()
            .select_related("gate")
            .filter(pairing_code_hash=tokens.digest(normalised), state=DeviceState.PENDING)
            .first()
        )
        if device is None or device.pairing_expires_at is None or device.pairing_expires_at < timezone.now():
            raise Invalid({"code": _("This pairing code is unknown, used or expired. Ask for a new one.")})
        token = tokens.device_token_new()
        device.token_hash = tokens.digest(token)
        device.pairing_code_hash = ""
        device.pairing_expires_at = None
        device.state = DeviceState.ACTIVE
        device.paired_at = device.last_seen_at = timezone.now()
        record_change(
            device,
            by=None,
            action="device.paired",
            fields=(
                "token_hash",
                "pairing_code_hash",
                "pairing_expires_at",
                "state",
                "paired_at",
                "last_seen_at",
            ),
            reconcile=False,
        )
    return device, token


def device_revoke(*, device: Device, by) -> Device:
    """Stop a device at once: its token answers 401 from the next request on.

    Side effects: an audit entry."""
    with transaction.atomic():
        device = Device.objects.select_for_update().get(pk=device.pk)
        if device.state == DeviceState.REVOKED:
            return device
        device.state = DeviceState.REVOKED
        device.pairing_code_hash = ""
        device.revoked_at = timezone.now()
        record_change(
            device,
            by=by,
            action="device.revoked",
            fields=("state", "pairing_code_hash", "revoked_at"),
            reconcile=False,
        )
    return device


def device_authenticate(token: str) -> Device | None:
    """The active device holding `token`, or None. Read on every request: a revocation bites at once.
    (The redeem endpoint, the hot path, checks its device inside the scan's own read instead.)"""
    if not tokens.device_token_shaped(token):
        return None
    device = (
        Device.objects.select_related("gate")
        .filter(token_hash=tokens.digest(token), state=DeviceState.ACTIVE, gate__is_active=True)
        .first()
    )
    if device is not None:
        device_seen(device)
    return device


def device_seen(device: Device) -> None:
    """Note that the device was heard from (at most once every LAST_SEEN_EVERY: not a write per scan)."""
    now = timezone.now()
    if device.last_seen_at is None or now - device.last_seen_at > LAST_SEEN_EVERY:
        Device.objects.filter(pk=device.pk).update(last_seen_at=now)
        device.last_seen_at = now
