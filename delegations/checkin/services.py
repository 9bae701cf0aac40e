"""Writes of check-in: lists and gates (officers), device pairing and revocation, and the scan itself.

The scan (`scan_redeem`) is the hot path: a handful of queries, one transaction, and the exactly-once rule
kept by the database — a `Presence` row per (list, badge) under a unique constraint. A first entry inserts
it (INSERT … ON CONFLICT DO NOTHING RETURNING); any later scan takes it with SELECT … FOR UPDATE. Of two
gates scanning the same badge at once, the second waits on the first's row and then sees it inside.
"""

from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.core.errors import Conflict, Invalid, NotFound
from hanoi_ceremony.core.transitions import record_change

from . import badges, tokens
from .enums import DeviceState, Direction, Reason, ScanResult
from .models import CheckinList, Counter, Device, DutyStatus, Gate, Presence, Scan
from .rules import ListRules, PresenceFacts, verdict

PAIRING_CODE_MINUTES = 15
LAST_SEEN_EVERY = timedelta(seconds=60)
# An offline device's clock may run ahead; a scan is never taken as later than this past the upload.
DEVICE_CLOCK_SLACK = timedelta(minutes=5)
UPLOAD_MAX = 500


# --- versions --------------------------------------------------------------------------------------


def counter_next(name: str) -> int:
    """The next value of a named counter, under its row lock (call inside a transaction)."""
    Counter.objects.get_or_create(name=name)
    row = Counter.objects.select_for_update().get(name=name)
    row.value += 1
    row.save(update_fields=["value"])
    return row.value


def rules_version() -> int:
    return Counter.objects.filter(name="rules").values_list("value", flat=True).first() or 0


# --- lists and gates (accreditation officers) -------------------------------------------------------


def checkin_list_save(*, checkin_list: CheckinList, by) -> CheckinList:
    """Create or change a list; devices pick the change up at their next sync.

    Side effects: a new rules version, an audit entry, the check-in pages' content area."""
    created = checkin_list.pk is None
    checkin_list.categories = sorted({c.strip().upper() for c in checkin_list.categories or () if c.strip()})
    checkin_list.zone = checkin_list.zone.strip().upper()
    with transaction.atomic():
        checkin_list.version = counter_next("rules")
        record_change(
            checkin_list,
            by=by,
            action="checkinlist.created" if created else "checkinlist.updated",
            created=created,
            reconcile=False,
        )
    return checkin_list


def gate_save(*, gate: Gate, lists, by) -> Gate:
    """Create or change a gate and the lists its devices scan for.

    Side effects: a new rules version (devices resync their lists), an audit entry."""
    created = gate.pk is None
    with transaction.atomic():
        counter_next("rules")
        record_change(
            gate,
            by=by,
            action="gate.created" if created else "gate.updated",
            created=created,
            reconcile=False,
        )
        gate.lists.set(lists)
    return gate


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
    """The active device holding `token`, or None. Read on every request: a revocation bites at once."""
    if not token or not token.startswith("hcd_"):
        return None
    device = (
        Device.objects.select_related("gate")
        .filter(token_hash=tokens.digest(token), state=DeviceState.ACTIVE, gate__is_active=True)
        .first()
    )
    if device is not None:
        now = timezone.now()
        if device.last_seen_at is None or now - device.last_seen_at > LAST_SEEN_EVERY:
            Device.objects.filter(pk=device.pk).update(last_seen_at=now)
            device.last_seen_at = now
    return device


# --- scans -----------------------------------------------------------------------------------------


@dataclass
class Outcome:
    scan: Scan
    holder: badges.Holder | None = None
    duplicate: bool = False

    @property
    def accepted(self) -> bool:
        return self.scan.result == ScanResult.ACCEPTED


@dataclass
class UploadReport:
    received: int = 0
    stored: int = 0
    duplicates: int = 0
    accepted: int = 0
    rejected: int = 0
    conflicts: list[dict] = field(default_factory=list)


def device_list(*, device: Device, list_id: int) -> CheckinList:
    """One of the device's gate's active lists, or 404 (a token is scoped to its gate's lists)."""
    found = CheckinList.objects.filter(pk=list_id, gates=device.gate_id, is_active=True).first()
    if found is None:
        raise NotFound(_("This list is not scanned at this gate."))
    return found


def scan_redeem(
    *,
    device: Device,
    list_id: int,
    direction: str,
    nonce: str,
    device_time: datetime,
    text: str = "",
    serial: int | None = None,
    offline: bool = False,
    device_result: str = "",
    device_reason: str = "",
    checkin_list: CheckinList | None = None,
) -> Outcome:
    """Decide one scan (a QR text, or a badge number typed by hand), record it, and let the badge in or out.

    Offline scans (uploaded later) are judged at their device time; the device's refusal stands (the
    person was turned away), and a device's acceptance the server would have refused is a conflict.
    A nonce seen before returns the first outcome and changes nothing.

    Side effects: a Scan row; the badge's Presence on the list; on a head of delegation's first entry, an
    arrival alert to the Reception subcommittee's members on duty (on commit)."""
    if direction not in Direction.values:
        raise Invalid({"direction": _("Direction is entry or exit.")})
    if not nonce or len(nonce) > 64:
        raise Invalid({"nonce": _("Each scan needs a nonce of at most 64 characters.")})
    if not text and serial is None:
        raise Invalid({"text": _("Scan a badge or type its number.")})
    lst = checkin_list or device_list(device=device, list_id=list_id)
    rules = ListRules.of(lst)
    now = timezone.now()
    at = min(device_time, now + DEVICE_CLOCK_SLACK) if offline else now

    badge = None
    reason = ""
    serial_scanned = None
    if text:
        payload, reason = badges.verify(text.strip())
        if payload is not None:
            serial_scanned = payload["sn"]
            badge = badges.badges_with_holder().filter(pk=payload["bid"]).first()
    else:
        badge = badges.badges_with_holder().filter(serial=serial).first()
    holder = badges.holder(badge) if badge is not None else None
    facts = badges.facts(badge) if badge is not None else None

    first_entry = False
    if not reason:
        reason = verdict(
            rules=rules, badge=facts, serial_scanned=serial_scanned, direction=direction, at=at, presence=None
        )
    try:
        if (
            not reason
            and direction == Direction.ENTRY
            and connection.vendor == "postgresql"
            and not (offline and device_result == ScanResult.REJECTED)
        ):
            # The commonest scan, a badge's first entry on the list, in one statement (no BEGIN/COMMIT
            # round trips): the presence row and the scan row together, or neither. Inside a caller's
            # transaction it takes a savepoint, so a repeated nonce does not spoil that transaction.
            with transaction.atomic() if connection.in_atomic_block else nullcontext():
                scan = _first_entry_statement(
                    lst=lst,
                    badge=badge,
                    device=device,
                    at=at,
                    offline=offline,
                    device_result=device_result,
                    device_reason=device_reason,
                    device_time=min(device_time, now + DEVICE_CLOCK_SLACK),
                    nonce=nonce,
                    now=now,
                )
            if scan is not None:
                if holder is not None and holder.is_head:
                    transaction.on_commit(lambda: _arrival_alert(scan_id=scan.pk))  # runs now: autocommit
                return Outcome(scan=scan, holder=holder)
        with transaction.atomic():
            presence = None
            turned_away = offline and device_result == ScanResult.REJECTED  # what the gate did stands
            applied = False
            if not reason and not turned_away:
                entering = direction == Direction.ENTRY
                if entering and _presence_first_entry(lst, badge, at=at, gate=device.gate):
                    first_entry = applied = True  # no row before: this is the badge's first entry
                else:
                    presence = _presence_locked(lst, badge)
                    if entering and rules.entry_requires_exit:
                        reason = verdict(
                            rules=rules,
                            badge=facts,
                            serial_scanned=serial_scanned,
                            direction=direction,
                            at=at,
                            presence=_presence_facts(presence),
                        )
            result = ScanResult.REJECTED if reason else ScanResult.ACCEPTED
            conflict = False
            if offline and device_result:
                if device_result == ScanResult.REJECTED:
                    # The device turned the person away: that is what happened at the gate.
                    result, reason = (
                        ScanResult.REJECTED,
                        device_reason if device_reason in Reason.values else Reason.UNKNOWN,
                    )
                elif result == ScanResult.REJECTED:
                    conflict = True
            if result == ScanResult.ACCEPTED and presence is not None and not applied:
                first_entry = _presence_apply(presence, direction=direction, at=at, gate=device.gate)
            scan = Scan.objects.create(
                nonce=nonce,
                gate_id=device.gate_id,
                device=device,
                checkin_list=lst,
                badge=badge,
                badge_serial=badge.serial
                if badge is not None
                else serial
                if serial is not None
                else serial_scanned,
                direction=direction,
                result=result,
                reason=reason,
                offline=offline,
                device_result=device_result if offline else "",
                device_reason=device_reason if offline else "",
                conflict=conflict,
                device_time=min(device_time, now + DEVICE_CLOCK_SLACK),
                received_at=now,
            )
            if first_entry and direction == Direction.ENTRY and holder is not None and holder.is_head:
                transaction.on_commit(lambda: _arrival_alert(scan_id=scan.pk))
    except IntegrityError:
        existing = Scan.objects.filter(nonce=nonce).select_related("badge").first()
        if existing is None:
            raise
        if existing.gate_id != device.gate_id:
            raise Invalid({"nonce": _("This nonce was used by another gate.")}) from None
        return Outcome(scan=existing, holder=holder, duplicate=True)
    return Outcome(scan=scan, holder=holder)


def _first_entry_statement(
    *, lst, badge, device, at, offline, device_result, device_reason, device_time, nonce, now
) -> Scan | None:
    """PostgreSQL: insert the presence (inside, first entry) and the accepted scan in one statement, the scan
    only if the presence row was new. None when the badge already had a row (the locked path decides)."""
    presence_table, scan_table = Presence._meta.db_table, Scan._meta.db_table
    scan = Scan(
        nonce=nonce,
        gate_id=device.gate_id,
        device=device,
        checkin_list=lst,
        badge=badge,
        badge_serial=badge.serial,
        direction=Direction.ENTRY,
        result=ScanResult.ACCEPTED,
        reason="",
        offline=offline,
        device_result=device_result if offline else "",
        device_reason=device_reason if offline else "",
        conflict=False,
        device_time=device_time,
        received_at=now,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f'WITH p AS (INSERT INTO "{presence_table}" ("checkin_list_id", "badge_id", "inside", "entries", '  # noqa: S608
            '"first_entry_at", "last_entry_at", "last_exit_at", "last_gate_id") VALUES (%s, %s, true, 1, %s, %s, '
            'NULL, %s) ON CONFLICT ("checkin_list_id", "badge_id") DO NOTHING RETURNING "id") '
            f'INSERT INTO "{scan_table}" ("nonce", "gate_id", "device_id", "checkin_list_id", "badge_id", '
            '"badge_serial", "direction", "result", "reason", "offline", "device_result", "device_reason", '
            '"conflict", "device_time", "received_at") SELECT %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '
            '%s, %s, %s FROM p RETURNING "id"',
            [
                lst.pk,
                badge.pk,
                at,
                at,
                device.gate_id,
                scan.nonce,
                scan.gate_id,
                device.pk,
                lst.pk,
                badge.pk,
                scan.badge_serial,
                scan.direction,
                scan.result,
                scan.reason,
                scan.offline,
                scan.device_result,
                scan.device_reason,
                scan.conflict,
                scan.device_time,
                scan.received_at,
            ],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    scan.pk = row[0]
    return scan


def _presence_first_entry(lst: CheckinList, badge, *, at: datetime, gate: Gate) -> bool:
    """Insert the badge's presence as inside, unless a row exists: True when this call created it.

    One statement, INSERT … ON CONFLICT DO NOTHING RETURNING: a concurrent scan of the same badge waits on
    the unique index until this transaction ends, then inserts nothing and takes the row lock below."""
    table = Presence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{table}" ("checkin_list_id", "badge_id", "inside", "entries", "first_entry_at", '  # noqa: S608
            '"last_entry_at", "last_exit_at", "last_gate_id") VALUES (%s, %s, %s, 1, %s, %s, NULL, %s) '
            'ON CONFLICT ("checkin_list_id", "badge_id") DO NOTHING RETURNING "id"',
            [lst.pk, badge.pk, True, at, at, gate.pk],
        )
        return cursor.fetchone() is not None


def _presence_locked(lst: CheckinList, badge) -> Presence | None:
    return Presence.objects.select_for_update().filter(checkin_list=lst, badge=badge).first()


def _presence_facts(presence: Presence | None) -> PresenceFacts | None:
    if presence is None:
        return None
    return PresenceFacts(
        inside=presence.inside, entries=presence.entries, last_entry_at=presence.last_entry_at
    )


def _presence_apply(presence: Presence, *, direction: str, at: datetime, gate: Gate) -> bool:
    """Move the locked presence row; True for the badge's first entry on the list.

    Scans can arrive out of order (an offline device uploads an exit made before an entry another gate
    recorded online): whether the badge is inside follows the latest movement by time, so an older scan is
    counted but never overrides a newer one."""
    if direction == Direction.EXIT:
        newer_entry = presence.last_entry_at is not None and presence.last_entry_at > at
        updates = {"last_exit_at": max(presence.last_exit_at, at) if presence.last_exit_at else at}
        if not newer_entry:
            updates.update(inside=False, last_gate=gate)
        Presence.objects.filter(pk=presence.pk).update(**updates)
        return False
    first = presence.entries == 0
    newer_exit = presence.last_exit_at is not None and presence.last_exit_at > at
    updates = {
        "entries": F("entries") + 1,
        "last_entry_at": max(presence.last_entry_at, at) if presence.last_entry_at else at,
        "first_entry_at": min(presence.first_entry_at, at) if presence.first_entry_at else at,
    }
    if not newer_exit:
        updates.update(inside=True, last_gate=gate)
    Presence.objects.filter(pk=presence.pk).update(**updates)
    return first


def scans_upload(*, device: Device, scans: list[dict]) -> UploadReport:
    """Store a batch of scans made offline, each once (by nonce), judged at its device time.

    Each scan is its own transaction, so one bad row never loses the others. Conflicts (the device let a
    badge in that the server would have refused, e.g. already inside through another gate) are reported."""
    if len(scans) > UPLOAD_MAX:
        raise Invalid({"scans": _("Upload at most %(n)s scans at a time.") % {"n": UPLOAD_MAX}})
    report = UploadReport(received=len(scans))
    lists = {}
    for item in scans:
        list_id = item["list_id"]
        if list_id not in lists:
            lists[list_id] = device_list(device=device, list_id=list_id)
        outcome = scan_redeem(
            device=device,
            list_id=list_id,
            checkin_list=lists[list_id],
            direction=item["direction"],
            nonce=item["nonce"],
            device_time=item["device_time"],
            text=item.get("text") or "",
            serial=item.get("serial"),
            offline=True,
            device_result=item.get("device_result") or "",
            device_reason=item.get("device_reason") or "",
        )
        if outcome.duplicate:
            report.duplicates += 1
            continue
        report.stored += 1
        scan = outcome.scan
        if scan.result == ScanResult.ACCEPTED:
            report.accepted += 1
        else:
            report.rejected += 1
        if scan.conflict:
            report.conflicts.append(
                {
                    "nonce": scan.nonce,
                    "badge_serial": scan.badge_serial,
                    "reason": scan.reason,
                    "list_id": scan.checkin_list_id,
                    "device_time": scan.device_time,
                }
            )
    return report


# --- arrival alerts ----------------------------------------------------------------------------------


def duty_set(*, user, on_duty: bool, by) -> DutyStatus:
    """Put a user on or off duty for arrival alerts. Side effects: an audit entry."""
    with transaction.atomic():
        status, created = DutyStatus.objects.select_for_update().get_or_create(user=user)
        status.on_duty = on_duty
        record_change(
            status,
            by=by,
            action="dutystatus.changed",
            fields=("on_duty",),
            data={"on_duty": "on duty" if on_duty else "off duty"},
            reconcile=False,
        )
    return status


def arrival_recipients():
    """Users on duty who belong to the arrivals subcommittee (Reception by default)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            subcommittee_memberships__subcommittee__slug=settings.CHECKIN_ARRIVAL_SUBCOMMITTEE,
            checkin_duty__on_duty=True,
            is_active=True,
        )
        .distinct()
    )


def _arrival_alert(*, scan_id: int) -> int:
    """Tell the on-duty Reception members that a head of delegation just came in (in-app, at once)."""
    from django.urls import reverse

    from hanoi_ceremony.notifications.services import IN_APP, notify

    scan = Scan.objects.select_related("gate", "checkin_list").filter(pk=scan_id).first()
    if scan is None or scan.badge_id is None:
        return 0
    badge = badges.badges_with_holder().get(pk=scan.badge_id)
    holder = badges.holder(badge)
    context = {
        "name": holder.name,
        "delegation": holder.delegation,
        "gate": scan.gate.name,
        "list": scan.checkin_list.name if scan.checkin_list else "",
        "at": scan.device_time,
    }
    sent = 0
    for user in arrival_recipients():
        notify(
            recipient=user,
            kind="checkin.arrival",
            template="checkin/notifications/arrival",
            context=context,
            url=reverse("checkin:dashboard"),
            channels=(IN_APP,),
        )
        sent += 1
    return sent
