"""Where and when a bilateral meeting can take place: one in-memory calendar, loaded once.

`calendar_load()` reads everything that can block a meeting in a handful of queries: the bilateral blocks
(programme sessions of kind "bilateral meetings"), the rooms marked for bilaterals, the meetings already
scheduled, other sessions in those rooms, the heads-only sessions, each signatory's estimated signing slot
(the roster's order × SIGNING_MINUTES_PER_PARTY from the session's start) and each inscribed speaker's
estimated turn (the speakers' list's order, adding up the speaking times). `conflicts()` then answers for
one (meeting, room, start) without a query, and `suggest()` walks the blocks' slots in time order (the
sides' preferred times first) and returns the first room and start with no conflict — the same function the
service re-checks under lock before it writes, so a suggestion and an assignment can never disagree.

Scaling: `suggest` costs O(slots × rooms × k) where k is the number of intervals held by the room, the two
delegations and the listed people (a handful each), so suggesting for n requests in a row is O(n × slots ×
rooms); `Calendar.book` adds a meeting in O(1) so a whole queue can be planned in one pass.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

HANOI = datetime.timezone(datetime.timedelta(hours=7))


def _minutes(name: str, default: int) -> datetime.timedelta:
    return datetime.timedelta(minutes=getattr(settings, name, default))


def slot_length() -> datetime.timedelta:
    return _minutes("BILATERAL_SLOT_MINUTES", 30)


def turnover() -> datetime.timedelta:
    return _minutes("BILATERAL_TURNOVER_MINUTES", 15)


def daily_cap() -> int:
    return int(getattr(settings, "BILATERAL_DAILY_CAP", 2))


def local_day(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(HANOI).date()


@dataclass(frozen=True)
class Busy:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    label: str
    bilateral_id: int | None = None

    def overlaps(self, start: datetime.datetime, end: datetime.datetime) -> bool:
        return self.starts_at < end and start < self.ends_at


@dataclass(frozen=True)
class RoomInfo:
    id: int
    name: str
    capacity: int


@dataclass(frozen=True)
class Need:
    """What one meeting needs: its two delegations, the listed people (heads included) and its size."""

    id: int | None
    requester_id: int
    counterpart_id: int
    member_ids: frozenset[int]
    size: int
    windows: tuple[tuple[datetime.datetime, datetime.datetime], ...] = ()


@dataclass
class Calendar:
    blocks: list[tuple[datetime.datetime, datetime.datetime]]
    rooms: list[RoomInfo]
    slot: datetime.timedelta
    turnover: datetime.timedelta
    cap: int
    room_busy: dict[int, list[Busy]] = field(default_factory=lambda: defaultdict(list))
    delegation_busy: dict[int, list[Busy]] = field(default_factory=lambda: defaultdict(list))
    member_busy: dict[int, list[Busy]] = field(default_factory=lambda: defaultdict(list))
    heads_only: list[Busy] = field(default_factory=list)
    per_day: dict[tuple[int, datetime.date], set[int]] = field(default_factory=lambda: defaultdict(set))

    def room(self, room_id: int) -> RoomInfo | None:
        return next((r for r in self.rooms if r.id == room_id), None)

    def book(self, need: Need, *, room_id: int, start: datetime.datetime, bilateral_id: int) -> None:
        """Hold the room, both delegations and the listed people (in memory)."""
        end = start + self.slot
        label = _("another bilateral meeting")
        self.room_busy[room_id].append(Busy(start, end + self.turnover, label, bilateral_id))
        for delegation_id in (need.requester_id, need.counterpart_id):
            self.delegation_busy[delegation_id].append(Busy(start, end, label, bilateral_id))
            self.per_day[(delegation_id, local_day(start))].add(bilateral_id)

    def forget(self, bilateral_id: int) -> None:
        """Drop a meeting's holds (it is being moved: it must not conflict with itself)."""
        for table in (self.room_busy, self.delegation_busy):
            for key, items in table.items():
                table[key] = [b for b in items if b.bilateral_id != bilateral_id]
        for ids in self.per_day.values():
            ids.discard(bilateral_id)

    def candidate_starts(self, need: Need | None = None) -> list[datetime.datetime]:
        """Every slot start of every block, in time order; the sides' preferred times first."""
        starts: list[datetime.datetime] = []
        step = self.slot + self.turnover
        for block_start, block_end in sorted(self.blocks):
            t = block_start
            while t + self.slot <= block_end:
                starts.append(t)
                t += step
        starts = sorted(set(starts))
        if need is None or not need.windows:
            return starts
        preferred = [t for t in starts if any(ws <= t and t + self.slot <= we for ws, we in need.windows)]
        chosen = set(preferred)
        return preferred + [t for t in starts if t not in chosen]


def conflicts(cal: Calendar, need: Need, *, room_id: int, start: datetime.datetime) -> list[str]:
    """Why this meeting cannot take this room at this start (empty: it can)."""
    problems: list[str] = []
    end = start + cal.slot
    room = cal.room(room_id)
    if room is None:
        return [_("This room is not marked for bilateral meetings.")]
    if not any(bs <= start and end <= be for bs, be in cal.blocks):
        problems.append(_("This time is outside the bilateral meeting blocks of the programme."))
    if need.size > room.capacity:
        problems.append(
            _("%(room)s seats %(capacity)s; this meeting lists %(size)s people.")
            % {"room": room.name, "capacity": room.capacity, "size": need.size}
        )
    for busy in cal.room_busy.get(room_id, ()):
        if busy.bilateral_id is not None and busy.bilateral_id == need.id:
            continue
        # Turnover: this meeting's room must be free until its end plus the turnover too.
        if busy.overlaps(start, end + cal.turnover):
            problems.append(
                _("%(room)s is taken by %(what)s then (turnover included).")
                % {"room": room.name, "what": busy.label}
            )
            break
    for delegation_id in (need.requester_id, need.counterpart_id):
        for busy in cal.delegation_busy.get(delegation_id, ()):
            if busy.bilateral_id == need.id:
                continue
            if busy.overlaps(start, end):
                problems.append(_("A head of delegation already has another bilateral meeting then."))
                break
        day_ids = cal.per_day.get((delegation_id, local_day(start)), set()) - {need.id}
        if len(day_ids) >= cal.cap:
            problems.append(
                _("A delegation already has %(cap)s bilateral meetings that day (the daily limit).")
                % {"cap": cal.cap}
            )
    for busy in cal.heads_only:
        if busy.overlaps(start, end):
            problems.append(
                _("The heads of delegation are expected at “%(what)s” then.") % {"what": busy.label}
            )
            break
    margin = cal.turnover
    for member_id in sorted(need.member_ids):
        for busy in cal.member_busy.get(member_id, ()):
            if busy.overlaps(start - margin, end + margin):
                problems.append(
                    _("A listed participant is expected at %(what)s then.") % {"what": busy.label}
                )
                break
    return list(dict.fromkeys(problems))


@dataclass(frozen=True)
class Suggestion:
    room: RoomInfo
    starts_at: datetime.datetime
    ends_at: datetime.datetime


def suggest(cal: Calendar, need: Need) -> Suggestion | None:
    """The first start (preferred times first) and the smallest fitting room with no conflict."""
    rooms = sorted((r for r in cal.rooms if r.capacity >= need.size), key=lambda r: (r.capacity, r.name))
    for start in cal.candidate_starts(need):
        for room in rooms:
            if not conflicts(cal, need, room_id=room.id, start=start):
                return Suggestion(room=room, starts_at=start, ends_at=start + cal.slot)
    return None


def plan(cal: Calendar, needs: Iterable[Need]) -> Iterator[tuple[Need, Suggestion | None]]:
    """Suggest for a queue in order, booking each suggestion in memory ("quick schedule")."""
    for need in needs:
        found = suggest(cal, need)
        if found is not None and need.id is not None:
            cal.book(need, room_id=found.room.id, start=found.starts_at, bilateral_id=need.id)
        yield need, found


# --- Loading the calendar from the database ------------------------------------------------------


def _signing_busy(cal: Calendar) -> None:
    from agenda.enums import SessionStatus
    from agenda.signing.enums import SigningStatus
    from agenda.signing.models import SigningEntry

    per_party = _minutes("SIGNING_MINUTES_PER_PARTY", 3)
    label = _("the signing ceremony (their estimated turn to sign)")
    entries = (
        SigningEntry.objects.filter(status=SigningStatus.SCHEDULED, signatory__isnull=False)
        .exclude(roster__session__status=SessionStatus.CANCELLED)
        .values_list("signatory_id", "position", "roster__session__starts_at")
    )
    for signatory_id, position, session_start in entries:
        start = session_start + per_party * (position - 1)
        cal.member_busy[signatory_id].append(Busy(start, start + per_party, label))


def _speaking_busy(cal: Calendar) -> None:
    from agenda.enums import SessionStatus
    from agenda.signing.enums import InscriptionStatus
    from agenda.signing.models import Inscription
    from agenda.signing.ordering import place_with_overrides, speaker_key

    rows = list(
        Inscription.objects.exclude(status=InscriptionStatus.WITHDRAWN)
        .exclude(speakers_list__session__status=SessionStatus.CANCELLED)
        .values_list(
            "pk",
            "speakers_list_id",
            "speakers_list__session__starts_at",
            "speakers_list__session__title",
            "delegation__participant_type",
            "speaker__rank",
            "speaker_id",
            "inscribed_at",
            "time_limit_seconds",
            "position_override",
            "status",
        )
    )
    by_list: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        by_list[row[1]].append(row)
    for items in by_list.values():
        order = place_with_overrides(
            items,
            natural_key=lambda r: speaker_key(participant_type=r[4], rank=r[5], inscribed_at=r[7], pk=r[0]),
            override=lambda r: r[9],
        )
        t = order[0][2]
        for row in order:
            end = t + datetime.timedelta(seconds=row[8])
            if row[10] != InscriptionStatus.SPOKEN:
                label = _("“%(session)s” (their estimated speaking turn)") % {"session": row[3]}
                cal.member_busy[row[6]].append(Busy(t, end, label))
            t = end


def calendar_load() -> Calendar:
    """Everything that can block a bilateral meeting, in seven queries."""
    from agenda.enums import AccessLevel, SessionKind, SessionStatus
    from agenda.models import Room, Session

    from .enums import BilateralStatus
    from .models import Bilateral

    blocks = list(
        Session.objects.filter(kind=SessionKind.BILATERAL)
        .exclude(status=SessionStatus.CANCELLED)
        .values_list("starts_at", "ends_at")
    )
    rooms = [
        RoomInfo(id=pk, name=name, capacity=capacity)
        for pk, name, capacity in Room.objects.filter(for_bilaterals=True)
        .order_by("capacity", "name")
        .values_list("pk", "name", "capacity")
    ]
    cal = Calendar(blocks=blocks, rooms=rooms, slot=slot_length(), turnover=turnover(), cap=daily_cap())
    room_ids = [r.id for r in rooms]
    for room_id, title, start, end in (
        Session.objects.filter(room_id__in=room_ids)
        .exclude(kind=SessionKind.BILATERAL)
        .exclude(status=SessionStatus.CANCELLED)
        .values_list("room_id", "title", "starts_at", "ends_at")
    ):
        cal.room_busy[room_id].append(Busy(start, end, title))
    for title, start, end in (
        Session.objects.filter(access=AccessLevel.HEADS_ONLY)
        .exclude(status=SessionStatus.CANCELLED)
        .values_list("title", "starts_at", "ends_at")
    ):
        cal.heads_only.append(Busy(start, end, title))
    label = _("another bilateral meeting")
    for pk, room_id, start, end, free_at, requester_id, counterpart_id in Bilateral.objects.filter(
        status=BilateralStatus.SCHEDULED
    ).values_list("pk", "room_id", "starts_at", "ends_at", "room_free_at", "requester_id", "counterpart_id"):
        cal.room_busy[room_id].append(Busy(start, free_at, label, pk))
        for delegation_id in (requester_id, counterpart_id):
            cal.delegation_busy[delegation_id].append(Busy(start, end, label, pk))
            cal.per_day[(delegation_id, local_day(start))].add(pk)
    _signing_busy(cal)
    _speaking_busy(cal)
    return cal


def need_for(bilateral, *, participants: Iterable | None = None, windows: Iterable | None = None) -> Need:
    """A meeting's needs (participants and windows prefetched or given)."""
    people = list(participants if participants is not None else bilateral.participants.all())
    spans = list(windows if windows is not None else bilateral.windows.all())
    interpreters = 2 if (bilateral.interpretation_from or bilateral.interpretation_to) else 0
    return Need(
        id=bilateral.pk,
        requester_id=bilateral.requester_id,
        counterpart_id=bilateral.counterpart_id,
        member_ids=frozenset(p.member_id for p in people),
        size=max(len(people), 2) + interpreters,
        windows=tuple((w.starts_at, w.ends_at) for w in spans),
    )
