"""Reads of reception, each with a constant number of queries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch
from django.utils import timezone

from delegations.enums import Capacity, ProtocolTier, protocol_tier
from delegations.models import Member

from .enums import Direction
from .models import BoardPrint, CarSlot, OfficerAssignment, Scenario, WelcomingRule


@dataclass
class BoardRow:
    member: Member
    flight: str
    at: datetime.datetime
    airport: str
    is_head: bool
    tier: int
    officer: object | None = None
    change: str = ""  # "", "new", "changed"
    before: list | None = None

    @property
    def signature(self) -> list:
        return [self.flight, timezone.localtime(self.at).strftime("%H:%M"), self.airport]


def _day_bounds(day: datetime.date):
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    return start, start + datetime.timedelta(days=1)


def board_rows(*, day: datetime.date, direction: str, airport: str = "") -> list[BoardRow]:
    """Every member arriving (or departing) that day, by time; heads of delegation carry their tier (2
    queries)."""
    start, end = _day_bounds(day)
    field = "arrival" if direction == Direction.ARRIVALS else "departure"
    qs = Member.objects.filter(**{f"{field}_at__gte": start, f"{field}_at__lt": end}).select_related(
        "delegation"
    )
    if airport:
        qs = qs.filter(**{f"{field}_airport": airport})
    members = sorted(
        qs.order_by(f"{field}_at", "delegation__name", "pk"),
        key=lambda m: (getattr(m, f"{field}_at"), m.delegation.name, m.capacity != Capacity.HEAD, m.pk),
    )
    officers = {
        a.delegation_id: a.officer
        for a in OfficerAssignment.objects.filter(
            delegation_id__in={m.delegation_id for m in members}
        ).select_related("officer")
    }
    return [
        BoardRow(
            member=m,
            flight=getattr(m, f"{field}_flight"),
            at=getattr(m, f"{field}_at"),
            airport=getattr(m, f"{field}_airport"),
            is_head=m.capacity == Capacity.HEAD,
            tier=int(protocol_tier(m.rank)) if m.capacity == Capacity.HEAD else 9,
            officer=officers.get(m.delegation_id),
        )
        for m in members
    ]


@dataclass
class Board:
    day: datetime.date
    direction: str
    airport: str
    rows: list[BoardRow]
    printed: BoardPrint | None
    removed: list[str]
    heads: int
    tier_one: int

    @property
    def changes(self) -> int:
        return sum(1 for r in self.rows if r.change) + len(self.removed)


def board(*, day: datetime.date, direction: str, airport: str = "") -> Board:
    """The board with what changed since it was last printed (3 queries)."""
    rows = board_rows(day=day, direction=direction, airport=airport)
    printed = (
        BoardPrint.objects.filter(day=day, direction=direction, airport=airport)
        .order_by("-printed_at", "-pk")
        .first()
    )
    removed: list[str] = []
    if printed is not None:
        seen = set()
        for row in rows:
            key = str(row.member.pk)
            seen.add(key)
            before = printed.snapshot.get(key)
            if before is None:
                row.change = "new"
            elif list(before) != row.signature:
                row.change, row.before = "changed", list(before)
        removed = [key for key in printed.snapshot if key not in seen]
    return Board(
        day=day,
        direction=direction,
        airport=airport,
        rows=rows,
        printed=printed,
        removed=removed,
        heads=sum(1 for r in rows if r.is_head),
        tier_one=sum(1 for r in rows if r.is_head and r.tier == ProtocolTier.HEADS),
    )


def _memo(name: str, compute):
    """Per-process memory while the delegations area's version stands (members' travel data is there)."""
    from hanoi_ceremony.core import pagecache

    key = f"reception:{name}:{pagecache.current_version('delegations')}"
    value = pagecache._local_get(key)
    if value is None:
        value = compute()
        pagecache._local_put(key, value)
    return value


def airports() -> list[str]:
    return _memo("airports", _airports)


def travel_days() -> list[datetime.date]:
    return _memo("days", _travel_days)


def _airports() -> list[str]:
    values = set(
        Member.objects.exclude(arrival_airport="").values_list("arrival_airport", flat=True).distinct()
    )
    values |= set(
        Member.objects.exclude(departure_airport="").values_list("departure_airport", flat=True).distinct()
    )
    return sorted(values)


def _travel_days() -> list[datetime.date]:
    days = set()
    for field in ("arrival_at", "departure_at"):
        for d in Member.objects.filter(**{f"{field}__isnull": False}).dates(field, "day"):
            days.add(d)
    return sorted(days)


def rooming_lists() -> list[tuple[str, list[Member]]]:
    """Members per hotel, heads first within each delegation (1 query)."""
    per_hotel: dict[str, list[Member]] = defaultdict(list)
    for m in (
        Member.objects.exclude(hotel="")
        .select_related("delegation")
        .order_by("hotel", "delegation__name", "capacity", "family_name")
    ):
        per_hotel[m.hotel].append(m)
    return sorted(per_hotel.items())


def leaders_overview():
    """Heads of delegation of the first two tiers with their officer, car slots and scenario (4 queries)."""
    from .services import senior_leaders

    leaders = list(
        senior_leaders()
        .select_related("delegation", "delegation__reception_officer__officer", "reception_scenario")
        .prefetch_related(
            Prefetch(
                "car_slots",
                queryset=CarSlot.objects.filter(cancelled=False).select_related("vehicle", "officer"),
            )
        )
        .order_by("arrival_at", "delegation__name")
    )
    rules = {r.rank: r for r in WelcomingRule.objects.all()}
    return leaders, rules


def scenario_detail(pk: int) -> Scenario:
    return (
        Scenario.objects.select_related("member__delegation", "issued_by")
        .prefetch_related("steps")
        .get(pk=pk)
    )


def scenarios_for_officer(user):
    return list(
        Scenario.objects.filter(member__delegation__reception_officer__officer=user)
        .select_related("member__delegation")
        .order_by("member__arrival_at")
    )


__all__ = ["Count"]
