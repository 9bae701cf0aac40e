"""The verdict on one scan, as pure functions of plain facts, so the server and the offline scanner
(static/checkin/js/verdict.js mirrors this file) decide the same way.

Order of the checks (the first that fails gives the reason): the credential (forged / unknown), the badge
(revoked, not approved, outside its own validity), the list (wrong zone, outside the list's window), then
presence (already inside).
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from .enums import Direction, Reason

# Badge states that may pass a gate (accreditation's badge machine: approved → printed → collected).
PASSABLE_STATES = frozenset({"approved", "printed", "collected"})
REVOKED_STATES = frozenset({"revoked"})


@dataclass(frozen=True)
class ListRules:
    id: int
    zone: str
    categories: frozenset[str]
    valid_from: datetime | None
    valid_until: datetime | None
    allow_reentry: bool
    entry_requires_exit: bool
    everyone_out_at: time | None

    @classmethod
    def of(cls, lst) -> "ListRules":
        return cls(
            id=lst.pk,
            zone=lst.zone,
            categories=frozenset(lst.categories or ()),
            valid_from=lst.valid_from,
            valid_until=lst.valid_until,
            allow_reentry=lst.allow_reentry,
            entry_requires_exit=lst.entry_requires_exit,
            everyone_out_at=lst.everyone_out_at,
        )


@dataclass(frozen=True)
class BadgeFacts:
    id: int
    serial: int
    state: str
    category: str
    zones: frozenset[str]
    valid_from: datetime | None
    valid_until: datetime | None


@dataclass(frozen=True)
class PresenceFacts:
    inside: bool
    entries: int
    last_entry_at: datetime | None


def last_everyone_out(rules: ListRules, at: datetime) -> datetime | None:
    """The latest "everyone out" moment at or before `at` (the list's daily time, in the event's zone)."""
    if rules.everyone_out_at is None:
        return None
    zone = ZoneInfo(settings.TIME_ZONE)
    local = at.astimezone(zone)
    candidate = datetime.combine(local.date(), rules.everyone_out_at, tzinfo=zone)
    if candidate > local:
        candidate -= timedelta(days=1)
    return candidate


def is_inside(rules: ListRules, presence: PresenceFacts | None, at: datetime) -> bool:
    if presence is None or not presence.inside or presence.last_entry_at is None:
        return False
    reset = last_everyone_out(rules, at)
    return reset is None or presence.last_entry_at > reset


def admits(rules: ListRules, badge: BadgeFacts) -> bool:
    return badge.category in rules.categories or bool(rules.zone and rules.zone in badge.zones)


def within(start: datetime | None, end: datetime | None, at: datetime) -> bool:
    return (start is None or at >= start) and (end is None or at < end)


def verdict(
    *,
    rules: ListRules,
    badge: BadgeFacts | None,
    serial_scanned: int | None,
    direction: str,
    at: datetime,
    presence: PresenceFacts | None,
) -> str:
    """The refusal reason, or "" when the scan is accepted."""
    if badge is None:
        return Reason.UNKNOWN
    if badge.state in REVOKED_STATES or (serial_scanned is not None and serial_scanned != badge.serial):
        # A serial that is no longer the badge's own is a replaced (lost) badge: revoked too.
        return Reason.REVOKED
    if direction == Direction.EXIT:
        return ""  # anyone known may leave; leaving never needs a window or a zone
    if badge.state not in PASSABLE_STATES:
        return Reason.NOT_APPROVED
    if not within(badge.valid_from, badge.valid_until, at):
        return Reason.OUTSIDE_WINDOW
    if not admits(rules, badge):
        return Reason.WRONG_ZONE
    if not within(rules.valid_from, rules.valid_until, at):
        return Reason.OUTSIDE_WINDOW
    if not rules.entry_requires_exit:
        return ""  # re-entry without an exit scan: every entry counts
    if is_inside(rules, presence, at):
        return Reason.ALREADY_INSIDE
    if presence is not None and presence.entries and not rules.allow_reentry:
        return Reason.ALREADY_INSIDE  # one entry only, and it was used
    return ""
