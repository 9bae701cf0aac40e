"""The scan itself: a badge let in or out of a list, exactly once (the hot path: see the package)."""

import json
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.core.errors import Invalid, NotFound, Unauthorized
from hanoi_ceremony.core.rawsql import Columns, fetch_one

from .. import badges, tokens
from ..enums import DeviceState, Direction, Reason, ScanResult
from ..models import CheckinList, Device, Gate, Presence, Scan
from ..rules import PASSABLE_STATES, BadgeFacts, ListRules, PresenceFacts, verdict
from ._common import DEVICE_CLOCK_SLACK
from .arrivals import _arrival_alert
from .devices import device_seen

# --- scans -----------------------------------------------------------------------------------------


@dataclass
class Outcome:
    scan: Scan
    holder: badges.Holder | None = None
    duplicate: bool = False

    @property
    def accepted(self) -> bool:
        return self.scan.result == ScanResult.ACCEPTED


def _not_at_this_gate() -> NotFound:
    return NotFound(_("This list is not scanned at this gate."))


def device_list(*, device: Device, list_id: int) -> CheckinList:
    """One of the device's gate's active lists, or 404 (a token is scoped to its gate's lists)."""
    found = CheckinList.objects.filter(pk=list_id, gates=device.gate_id, is_active=True).first()
    if found is None:
        raise _not_at_this_gate()
    return found


_RULE_FIELDS = (
    "id",
    "zone",
    "categories",
    "valid_from",
    "valid_until",
    "allow_reentry",
    "entry_requires_exit",
    "everyone_out_at",
)


@lru_cache(maxsize=4)
def _scan_read(by: str, with_device: bool) -> tuple[str, Columns, Columns | None]:
    """The scan's one read: the list's rules (if the device's gate scans it) and the badge with its holder,
    the badge found by `id` (a QR) or `serial` (typed by hand).

    Given the gate: no row means not this gate's list. Given a device token (the API's redeem): the device
    is read in the same statement; no row means no active device holds the token, a row without a list
    means not this gate's list. Named parameters: `gate`, or `token` (its hash) and `state` (active); `badge`
    and `list`."""
    rules = Columns(*((name, "l", CheckinList, name) for name in _RULE_FIELDS))
    holder_columns, holder_joins = badges.holder_select()
    through = Gate.lists.through._meta
    badge_column = badges.badge_model()._meta.get_field(by).column
    list_gate = f'gl."{through.get_field("gate").column}"'
    lists = (
        f'"{CheckinList._meta.db_table}" l JOIN "{through.db_table}" gl '
        f'ON gl."{through.get_field("checkinlist").column}" = l.id'
    )
    active_list = f'l."{CheckinList._meta.get_field("is_active").column}"'
    holder = f'LEFT JOIN ({holder_joins}) ON hb."{badge_column}" = %(badge)s'
    if not with_device:
        sql = (
            f"SELECT {rules.sql}, {holder_columns} FROM {lists} AND {list_gate} = %(gate)s "  # noqa: S608 (names from _meta)
            f"{holder} WHERE l.id = %(list)s AND {active_list}"
        )
        return sql, rules, None
    device = Columns(
        ("device_id", "d", Device, "id"),
        ("gate_id", "d", Device, "gate"),
        ("last_seen_at", "d", Device, "last_seen_at"),
    )
    d_meta, g_meta = Device._meta, Gate._meta
    sql = (
        f"SELECT {device.sql}, {rules.sql}, {holder_columns} "  # noqa: S608 (names from _meta)
        f'FROM "{d_meta.db_table}" d JOIN "{g_meta.db_table}" g ON g.id = d."{d_meta.get_field("gate").column}" '
        f'AND g."{g_meta.get_field("is_active").column}" '
        f'AND d."{d_meta.get_field("token_hash").column}" = %(token)s '
        f'AND d."{d_meta.get_field("state").column}" = %(state)s '
        f'LEFT JOIN ({lists}) ON {list_gate} = d."{d_meta.get_field("gate").column}" AND l.id = %(list)s '
        f"AND {active_list} {holder}"
    )
    return sql, rules, device


def _read(*, list_id: int, gate_id: int, badge_id: int | None = None, serial: int | None = None):
    """(rules, facts, holder) for one scan at a gate, in one query; facts and holder are None for an unknown
    badge."""
    by, value = ("serial", serial) if badge_id is None else ("id", badge_id)
    sql, rules_columns, _ = _scan_read(by, False)
    row = fetch_one(sql, {"gate": gate_id, "badge": value, "list": list_id}, prepare=f"scan_read_{by}")
    if row is None:
        raise _not_at_this_gate()
    return _rules_and_badge(row, rules_columns, 0)


def _read_with_device(*, token: str, list_id: int, badge_id: int | None = None, serial: int | None = None):
    """(device, rules, facts, holder) for a device API scan: the device check and the scan's read in one
    query. Raises Unauthorized (no active device at an open gate holds the token) or NotFound."""
    by, value = ("serial", serial) if badge_id is None else ("id", badge_id)
    sql, rules_columns, device_columns = _scan_read(by, True)
    row = fetch_one(
        sql,
        {"token": tokens.digest(token), "state": DeviceState.ACTIVE, "list": list_id, "badge": value},
        prepare=f"device_scan_read_{by}",
    )
    return _device_row(row, rules_columns, device_columns)


@dataclass
class _ScanningDevice:
    """All a scan needs of the device its read found (a model instance costs more to build than it gives)."""

    pk: int
    gate_id: int
    last_seen_at: datetime | None


def _device_of(row, device_columns: Columns) -> _ScanningDevice:
    """The device from the first columns of a device read (noted as heard from); Unauthorized for no row."""
    if row is None:
        raise Unauthorized()
    seen = device_columns.as_dict(row)
    device = _ScanningDevice(pk=seen["device_id"], gate_id=seen["gate_id"], last_seen_at=seen["last_seen_at"])
    device_seen(device)
    return device


def _device_row(row, rules_columns: Columns, device_columns: Columns):
    """(device, rules, facts, holder) from a row of the device read (`_scan_read(…, True)`'s columns first)."""
    device = _device_of(row, device_columns)
    start = len(device_columns.columns)
    if row[start] is None:
        raise _not_at_this_gate()
    found = _rules_and_badge(row, rules_columns, start)
    _rules_seen_note(found[0])
    return (device, *found)


# --- the gate scan in one statement ------------------------------------------------------------------
#
# A scan needs the database twice: read the device, the list's rules and the badge, decide (rules.verdict),
# then write. The commonest scan, a valid badge's first entry, is decided before the read instead: on the
# facts the badge's signed QR carries and on the list's rules as this process last read them. One statement
# then reads what the two-step path reads and inserts the presence and the scan only if the database's facts
# are those the verdict was given (equal, never re-decided in SQL: the rules stay in rules.py) and the badge
# had no presence on the list. When anything differs (a badge edited or revoked since it was printed, a list
# changed, a badge already seen) nothing is written and the scan goes on from the facts just read, as before.

_RULES_SEEN: dict[int, ListRules] = {}  # list id -> its rules as last read by this process (a guess)
_RULES_SEEN_MAX = 512


def _rules_seen_note(rules: ListRules | None) -> None:
    if rules is None:
        return
    if len(_RULES_SEEN) >= _RULES_SEEN_MAX and rules.id not in _RULES_SEEN:
        _RULES_SEEN.clear()
    _RULES_SEEN[rules.id] = rules


def _literal(value: str) -> str:
    """A code constant (an enum value) as an SQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"


# A passable state stands for all of them: the verdict reads a badge's state only through these sets.
_PASSABLE = min(PASSABLE_STATES)


def _badge_as_printed(payload: dict) -> BadgeFacts:
    """The badge's facts as its QR states them. The QR carries the validity in whole seconds (the database
    to the microsecond), so the window is narrowed to what the stored one surely contains: a verdict that
    accepts on it accepts on the stored window too."""
    return BadgeFacts(
        id=payload["bid"],
        serial=payload["sn"],
        state=_PASSABLE,
        category=payload["cat"],
        zones=frozenset(payload["z"]),
        valid_from=datetime.fromtimestamp(payload["nbf"], tz=UTC) + timedelta(seconds=1),
        valid_until=datetime.fromtimestamp(payload["exp"], tz=UTC),
    )


@lru_cache(maxsize=1)
def _scan_enter_sql() -> tuple[str, Columns, Columns, int]:
    """(sql, rules columns, device columns, width of the read): the device read by token
    (`_scan_read("id", True)`) with the first entry's two inserts, made only when its `ok` column is true.

    Named parameters: the read's (`token`, `state`, `list`, `badge`), the facts assumed (the list's `zone`,
    `categories`, `list_from`, `list_until`, `reentry`, `requires_exit`, `everyone_out`; the badge's `serial`,
    `category`, `zones`, `nbf`, `exp`: its window in whole seconds), and the scan's `nonce` and `now`."""
    read_sql, rules, device = _scan_read("id", True)
    holder = badges._holder_columns()
    width = len(device.columns) + len(rules.columns) + len(holder.columns)
    names = [f"c{i}" for i in range(width)]
    at = {c.key: names[i] for i, c in enumerate(rules.columns, start=len(device.columns))}
    hb = {
        c.key: names[i] for i, c in enumerate(holder.columns, start=len(device.columns) + len(rules.columns))
    }
    passable = ", ".join(_literal(state) for state in sorted(PASSABLE_STATES))
    ok = (
        f"r.{at['id']} IS NOT NULL AND r.{at['zone']} = %(zone)s "
        f"AND COALESCE(r.{at['categories']}, '[]'::jsonb) @> %(categories)s::jsonb "
        f"AND COALESCE(r.{at['categories']}, '[]'::jsonb) <@ %(categories)s::jsonb "
        f"AND r.{at['valid_from']} IS NOT DISTINCT FROM %(list_from)s::timestamptz "
        f"AND r.{at['valid_until']} IS NOT DISTINCT FROM %(list_until)s::timestamptz "
        f"AND r.{at['allow_reentry']} = %(reentry)s AND r.{at['entry_requires_exit']} = %(requires_exit)s "
        f"AND r.{at['everyone_out_at']} IS NOT DISTINCT FROM %(everyone_out)s::time "
        f"AND r.{hb['id']} IS NOT NULL AND r.{hb['serial']} = %(serial)s AND r.{hb['state']} IN ({passable}) "
        f"AND r.{hb['category_code']} = %(category)s "
        f"AND COALESCE(r.{hb['zone_codes']}, '[]'::jsonb) @> %(zones)s::jsonb "
        f"AND COALESCE(r.{hb['zone_codes']}, '[]'::jsonb) <@ %(zones)s::jsonb "
        f"AND floor(extract(epoch FROM r.{hb['valid_from']})) = %(nbf)s::numeric "
        f"AND floor(extract(epoch FROM r.{hb['valid_until']})) = %(exp)s::numeric"
    )
    # A stored entry needs only the device and the holder's card back: the facts it was decided on are the
    # assumed ones. The rest (the list's rules, the badge's state, zones and window) comes back only when
    # nothing was written, for the two-step path; not loading it saves 0.06 ms of the scan's 1 ms in Python.
    only_if_not_entered = {at[key] for key in _RULE_FIELDS if key != "id"} | {
        hb[key] for key in ("state", "zone_codes", "valid_from", "valid_until")
    }
    answer = ", ".join(
        f"CASE WHEN x.sid IS NULL THEN g.{name} END" if name in only_if_not_entered else f"g.{name}"
        for name in names
    )
    presence_table, scan_table = Presence._meta.db_table, Scan._meta.db_table
    gate_column, device_column = names[1], names[0]
    entry, accepted = _literal(Direction.ENTRY), _literal(ScanResult.ACCEPTED)
    sql = (
        f"WITH r({', '.join(names)}) AS ({read_sql}), "  # noqa: S608 (names from _meta)
        f"g AS (SELECT r.*, COALESCE({ok}, false) AS ok FROM r), "
        f'p AS (INSERT INTO "{presence_table}" ("checkin_list_id", "badge_id", "inside", "entries", '
        '"first_entry_at", "last_entry_at", "last_exit_at", "last_gate_id") '
        f"SELECT %(list)s, %(badge)s, true, 1, %(now)s, %(now)s, NULL, g.{gate_column} FROM g WHERE g.ok "
        'ON CONFLICT ("checkin_list_id", "badge_id") DO NOTHING RETURNING "id"), '
        f's AS (INSERT INTO "{scan_table}" ("nonce", "gate_id", "device_id", "checkin_list_id", "badge_id", '
        '"badge_serial", "direction", "result", "reason", "offline", "device_result", "device_reason", '
        f'"conflict", "device_time", "received_at") SELECT %(nonce)s, g.{gate_column}, g.{device_column}, '
        f"%(list)s, %(badge)s, %(serial)s, {entry}, {accepted}, '', false, '', '', false, %(now)s, %(now)s "
        'FROM p CROSS JOIN g RETURNING "id") '
        f'SELECT {answer}, g.ok, x.sid FROM g, (SELECT (SELECT "id" FROM s) AS sid) x'
    )
    return sql, rules, device, width


def _enter_at_once(*, token: str, list_id: int, payload: dict, rules: ListRules, nonce: str, now: datetime):
    """The first entry decided on the QR's facts and `rules`, in one statement (see above).

    Returns (device, rules, facts, holder, scan, assumed): `scan` is the accepted scan when it was written
    (then rules and facts are the assumed ones, which the database matched); `assumed` is true when the database's facts were the assumed ones (so a missing scan means the
    badge already had a presence on the list). Raises Unauthorized or NotFound as the read does."""
    sql, rules_columns, device_columns, width = _scan_enter_sql()
    row = fetch_one(
        sql,
        {
            "token": tokens.digest(token),
            "state": DeviceState.ACTIVE,
            "list": list_id,
            "badge": payload["bid"],
            "zone": rules.zone,
            "categories": json.dumps(sorted(rules.categories)),
            "list_from": rules.valid_from,
            "list_until": rules.valid_until,
            "reentry": rules.allow_reentry,
            "requires_exit": rules.entry_requires_exit,
            "everyone_out": rules.everyone_out_at,
            "serial": payload["sn"],
            "category": payload["cat"],
            "zones": json.dumps(sorted(payload["z"])),
            "nbf": payload["nbf"],
            "exp": payload["exp"],
            "now": now,
            "nonce": nonce,
        },
        prepare="device_scan_enter",
    )
    assumed, scan_id = (row[width], row[width + 1]) if row is not None else (False, None)
    if scan_id is None:
        device, found_rules, facts, holder = _device_row(row, rules_columns, device_columns)
        return device, found_rules, facts, holder, None, assumed
    device = _device_of(row, device_columns)
    _, holder = badges.holder_from_row(
        row, len(device_columns.columns) + len(rules_columns.columns), facts=False
    )
    printed = _badge_as_printed(payload)
    scan = _accepted_entry(
        nonce=nonce, device=device, list_id=list_id, badge=printed, device_time=now, now=now
    )
    scan.pk = scan_id
    return device, rules, printed, holder, scan, True


def _rules_and_badge(row, rules_columns: Columns, start: int):
    values = rules_columns.as_dict(row, start)
    values["categories"] = frozenset(values["categories"] or ())
    found = badges.holder_from_row(row, start + len(rules_columns.columns))
    facts, holder = found if found is not None else (None, None)
    return ListRules(**values), facts, holder


# Django builds an enum's .values list anew on every read, and every scan asks.
_DIRECTIONS = frozenset(Direction.values)
_REASONS = frozenset(Reason.values)


def scan_redeem(
    *,
    device: Device | None = None,
    token: str = "",
    list_id: int,
    direction: str,
    nonce: str,
    device_time: datetime,
    text: str = "",
    serial: int | None = None,
    offline: bool = False,
    device_result: str = "",
    device_reason: str = "",
) -> Outcome:
    """Decide one scan (a QR text, or a badge number typed by hand), record it, and let the badge in or out.

    Offline scans (uploaded later) are judged at their device time; the device's refusal stands (the
    person was turned away), and a device's acceptance the server would have refused is a conflict.
    A nonce seen before returns the first outcome and changes nothing.

    The device is given, or (the device API) its bearer `token`, checked in the scan's own read: Unauthorized
    when no active device holds it.

    Side effects: a Scan row; the badge's Presence on the list; on a head of delegation's first entry, an
    arrival alert to the Reception subcommittee's members on duty (on commit)."""
    if direction not in _DIRECTIONS:
        raise Invalid({"direction": _("Direction is entry or exit.")})
    if not nonce or len(nonce) > 64:
        raise Invalid({"nonce": _("Each scan needs a nonce of at most 64 characters.")})
    if not text and serial is None:
        raise Invalid({"text": _("Scan a badge or type its number.")})
    now = timezone.now()
    at = min(device_time, now + DEVICE_CLOCK_SLACK) if offline else now

    reason = ""
    payload = None
    serial_scanned = None
    badge_id = None
    if text:
        payload, reason = badges.verify(text.strip())
        if payload is not None:
            serial_scanned = payload["sn"]
            badge_id = payload["bid"]
        found = {"badge_id": badge_id or 0}
    else:
        found = {"serial": serial}
    known_rules = _RULES_SEEN.get(list_id)
    read = None
    presence_seen = False  # the badge's facts were the assumed ones and it already had a presence row
    if (
        device is None
        and payload is not None
        and known_rules is not None
        and direction == Direction.ENTRY
        and not offline
        and connection.vendor == "postgresql"
        and verdict(
            rules=known_rules,
            badge=_badge_as_printed(payload),
            serial_scanned=serial_scanned,
            direction=direction,
            at=at,
            presence=None,
        )
        == ""
    ):
        try:
            # Inside a caller's transaction a savepoint, so a repeated nonce does not spoil that transaction.
            with transaction.atomic() if connection.in_atomic_block else nullcontext():
                read = _enter_at_once(
                    token=token, list_id=list_id, payload=payload, rules=known_rules, nonce=nonce, now=now
                )
        except IntegrityError:
            read = None  # a nonce stored before, for another badge: the two-step path answers it
    if read is not None:
        device, rules, facts, holder, scan, presence_seen = read
        if scan is not None:
            return _entered(scan, holder)
    elif device is None:
        device, rules, facts, holder = _read_with_device(token=token, list_id=list_id, **found)
    else:
        rules, facts, holder = _read(gate_id=device.gate_id, list_id=list_id, **found)
    badge_id = facts.id if facts is not None else None

    first_entry = False
    if not reason:
        reason = verdict(
            rules=rules, badge=facts, serial_scanned=serial_scanned, direction=direction, at=at, presence=None
        )
    try:
        if (
            not reason
            and not presence_seen
            and direction == Direction.ENTRY
            and connection.vendor == "postgresql"
            and not (offline and device_result == ScanResult.REJECTED)
        ):
            # The commonest scan, a badge's first entry on the list, in one statement (no BEGIN/COMMIT
            # round trips): the presence row and the scan row together, or neither. Inside a caller's
            # transaction it takes a savepoint, so a repeated nonce does not spoil that transaction.
            with transaction.atomic() if connection.in_atomic_block else nullcontext():
                scan = _first_entry_statement(
                    list_id=rules.id,
                    badge=facts,
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
                return _entered(scan, holder)
        with transaction.atomic():
            presence = None
            turned_away = offline and device_result == ScanResult.REJECTED  # what the gate did stands
            applied = False
            if not reason and not turned_away:
                entering = direction == Direction.ENTRY
                if entering and _presence_first_entry(rules.id, badge_id, at=at, gate_id=device.gate_id):
                    first_entry = applied = True  # no row before: this is the badge's first entry
                else:
                    presence = _presence_locked(rules.id, badge_id)
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
                        device_reason if device_reason in _REASONS else Reason.UNKNOWN,
                    )
                elif result == ScanResult.REJECTED:
                    conflict = True
            if result == ScanResult.ACCEPTED and presence is not None and not applied:
                first_entry = _presence_apply(presence, direction=direction, at=at, gate_id=device.gate_id)
            scan = Scan.objects.create(
                nonce=nonce,
                gate_id=device.gate_id,
                device_id=device.pk,
                checkin_list_id=rules.id,
                badge_id=badge_id,
                badge_serial=facts.serial
                if facts is not None
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


def _accepted_entry(
    *, nonce, device, list_id, badge, device_time, now, offline=False, device_result="", device_reason=""
) -> Scan:
    """The accepted first-entry scan that a one-statement insert stores (unsaved; the caller sets its pk)."""
    return Scan(
        nonce=nonce,
        gate_id=device.gate_id,
        device_id=device.pk,
        checkin_list_id=list_id,
        badge_id=badge.id,
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


def _entered(scan: Scan, holder) -> Outcome:
    """The outcome of a first entry stored in one statement (autocommit): a head of delegation's arrival
    alert goes out at once."""
    if holder is not None and holder.is_head:
        transaction.on_commit(lambda: _arrival_alert(scan_id=scan.pk))
    return Outcome(scan=scan, holder=holder)


def _first_entry_statement(
    *, list_id, badge, device, at, offline, device_result, device_reason, device_time, nonce, now
) -> Scan | None:
    """PostgreSQL: insert the presence (inside, first entry) and the accepted scan in one statement, the scan
    only if the presence row was new. None when the badge already had a row (the locked path decides)."""
    presence_table, scan_table = Presence._meta.db_table, Scan._meta.db_table
    scan = _accepted_entry(
        nonce=nonce,
        device=device,
        list_id=list_id,
        badge=badge,
        device_time=device_time,
        now=now,
        offline=offline,
        device_result=device_result,
        device_reason=device_reason,
    )
    row = fetch_one(
        f'WITH p AS (INSERT INTO "{presence_table}" ("checkin_list_id", "badge_id", "inside", "entries", '  # noqa: S608
        '"first_entry_at", "last_entry_at", "last_exit_at", "last_gate_id") VALUES (%s, %s, true, 1, %s, %s, '
        'NULL, %s) ON CONFLICT ("checkin_list_id", "badge_id") DO NOTHING RETURNING "id") '
        f'INSERT INTO "{scan_table}" ("nonce", "gate_id", "device_id", "checkin_list_id", "badge_id", '
        '"badge_serial", "direction", "result", "reason", "offline", "device_result", "device_reason", '
        '"conflict", "device_time", "received_at") SELECT %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '
        '%s, %s, %s FROM p RETURNING "id"',
        [
            list_id,
            badge.id,
            at,
            at,
            device.gate_id,
            scan.nonce,
            scan.gate_id,
            device.pk,
            list_id,
            badge.id,
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
        prepare="first_entry",
    )
    if row is None:
        return None
    scan.pk = row[0]
    return scan


def _presence_first_entry(list_id: int, badge_id: int, *, at: datetime, gate_id: int) -> bool:
    """Insert the badge's presence as inside, unless a row exists: True when this call created it.

    One statement, INSERT … ON CONFLICT DO NOTHING RETURNING: a concurrent scan of the same badge waits on
    the unique index until this transaction ends, then inserts nothing and takes the row lock below."""
    table = Presence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{table}" ("checkin_list_id", "badge_id", "inside", "entries", "first_entry_at", '  # noqa: S608
            '"last_entry_at", "last_exit_at", "last_gate_id") VALUES (%s, %s, %s, 1, %s, %s, NULL, %s) '
            'ON CONFLICT ("checkin_list_id", "badge_id") DO NOTHING RETURNING "id"',
            [list_id, badge_id, True, at, at, gate_id],
        )
        return cursor.fetchone() is not None


def _presence_locked(list_id: int, badge_id: int) -> Presence | None:
    return Presence.objects.select_for_update().filter(checkin_list_id=list_id, badge_id=badge_id).first()


def _presence_facts(presence: Presence | None) -> PresenceFacts | None:
    if presence is None:
        return None
    return PresenceFacts(
        inside=presence.inside, entries=presence.entries, last_entry_at=presence.last_entry_at
    )


def _presence_apply(presence: Presence, *, direction: str, at: datetime, gate_id: int) -> bool:
    """Move the locked presence row; True for the badge's first entry on the list.

    Scans can arrive out of order (an offline device uploads an exit made before an entry another gate
    recorded online): whether the badge is inside follows the latest movement by time, so an older scan is
    counted but never overrides a newer one."""
    if direction == Direction.EXIT:
        newer_entry = presence.last_entry_at is not None and presence.last_entry_at > at
        updates = {"last_exit_at": max(presence.last_exit_at, at) if presence.last_exit_at else at}
        if not newer_entry:
            updates.update(inside=False, last_gate_id=gate_id)
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
        updates.update(inside=True, last_gate_id=gate_id)
    Presence.objects.filter(pk=presence.pk).update(**updates)
    return first
