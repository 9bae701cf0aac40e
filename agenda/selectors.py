"""Reads of the programme, each with a constant number of queries whatever the data size."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, Prefetch, Q, QuerySet

from delegations.models import Member

from .enums import AccessLevel, RegistrationStatus, SessionKind
from .models import (
    HANOI,
    Booth,
    BoothAllocation,
    ChangelogEntry,
    ProgrammeVersion,
    Room,
    Session,
    SessionParticipant,
    SessionRegistration,
    SideEventProposal,
)
from .permissions import public_sessions


def _with_people(qs: QuerySet[Session]) -> QuerySet[Session]:
    return (
        qs.select_related("room__venue")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=SessionParticipant.objects.select_related("member__delegation").order_by(
                    "role", "order", "pk"
                ),
            ),
            "organisers",
        )
        .annotate(
            seats_taken=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED), distinct=True
            )
        )
    )


@dataclass
class ProgrammeFilter:
    day: datetime.date | None = None
    kind: str = ""
    room_id: int | None = None

    @property
    def key(self) -> str:
        return f"day={self.day or ''}&kind={self.kind}&room={self.room_id or ''}"


def programme_filter_parse(params, *, days: list[datetime.date]) -> ProgrammeFilter:
    """Read ?day=YYYY-MM-DD&kind=…&room=<id> leniently: unknown values are ignored, never an error."""
    result = ProgrammeFilter()
    try:
        day = datetime.date.fromisoformat(params.get("day", ""))
        if day in days:
            result.day = day
    except ValueError:
        pass
    if params.get("kind") in SessionKind.values:
        result.kind = params["kind"]
    room = params.get("room", "")
    if room.isdigit() and len(room) <= 18:
        result.room_id = int(room)
    return result


def programme_sessions(*, flt: ProgrammeFilter | None = None) -> list[Session]:
    """Public sessions in order, with rooms and venues (what a calendar needs; the page uses programme_rows)."""
    qs = _programme_filtered(flt)
    return list(qs.select_related("room__venue").order_by("starts_at", "room__name", "pk"))


def programme_rooms() -> list[Room]:
    """Largest rooms first, then in natural order ("Meeting room 2" before "Meeting room 10")."""
    rooms = Room.objects.select_related("venue").order_by("-capacity", "name")
    return sorted(rooms, key=lambda room: (-room.capacity, natural_key(room.name)))


@dataclass(frozen=True)
class RoomRow:
    pk: int
    name: str
    capacity: int

    def __str__(self) -> str:
        return self.name


def programme_room_rows() -> list[RoomRow]:
    """The rooms as plain rows (what the programme's filter and its by-room view show): one query of values,
    no model instances — a summit has a thousand rooms."""
    return [
        RoomRow(*values)
        for values in Room.objects.order_by("-capacity", "name").values_list("pk", "name", "capacity")
    ]


def session_public_get(pk: int) -> Session | None:
    return _with_people(public_sessions().filter(pk=pk)).first()


def exhibitors_list() -> list[BoothAllocation]:
    return list(
        BoothAllocation.objects.select_related("booth", "delegation").order_by("booth__zone", "booth__code")
    )


def booths_list() -> list[Booth]:
    return list(Booth.objects.select_related("allocation").order_by("zone", "code"))


def changelog_list(*, limit: int = 200) -> list[ChangelogEntry]:
    return list(
        ChangelogEntry.objects.select_related("version").order_by("-version__number", "kind", "pk")[:limit]
    )


def latest_version() -> ProgrammeVersion | None:
    return ProgrammeVersion.objects.defer("snapshot").order_by("-number").first()


@dataclass
class MyProgramme:
    sessions: list[Session]
    # (session id, member's given names, family name, registration status)
    registrations: list[tuple[int, str, str, str]]
    # (session id, member's given names, family name, role)
    speaking: list[tuple[int, str, str, str]]
    organised_ids: set[int]


OFFICIAL_KINDS = (
    SessionKind.WELCOME,
    SessionKind.GROUP_PHOTO,
    SessionKind.OPENING,
    SessionKind.SIGNING,
    SessionKind.PLENARY,
    SessionKind.GALA,
    SessionKind.CLOSING,
)


def my_programme(*, delegation_id: int | None) -> MyProgramme:
    """A delegation's programme: sessions it organises, its members' registrations and speaking slots.
    Four queries; the people are read as plain values (a delegation may have a hundred rows)."""
    if not delegation_id:
        return MyProgramme(sessions=[], registrations=[], speaking=[], organised_ids=set())
    registrations = list(
        SessionRegistration.objects.filter(member__delegation_id=delegation_id)
        .order_by("status", "member__family_name", "pk")
        .values_list("session_id", "member__given_names", "member__family_name", "status")
    )
    speaking = list(
        SessionParticipant.objects.filter(member__delegation_id=delegation_id)
        .order_by("role", "order", "pk")
        .values_list("session_id", "member__given_names", "member__family_name", "role")
    )
    organised_ids = set(
        Session.organisers.through.objects.filter(delegation_id=delegation_id).values_list(
            "session_id", flat=True
        )
    )
    ids = organised_ids | {r[0] for r in registrations} | {p[0] for p in speaking}
    # The official sessions a head of delegation attends without registering (opening, signing, plenary, …),
    # when the delegation has a head: in the same query.
    from delegations.enums import Capacity

    has_head = Member.objects.filter(delegation_id=delegation_id, capacity=Capacity.HEAD)
    official = public_sessions().filter(Q(kind__in=OFFICIAL_KINDS) | Q(access=AccessLevel.HEADS_ONLY))
    sessions = list(
        Session.objects.filter(Q(pk__in=ids) | (Q(pk__in=official.values("pk")) & Q(Exists(has_head))))
        .select_related("room__venue")
        .order_by("starts_at", "pk")
    )
    return MyProgramme(
        sessions=sessions, registrations=registrations, speaking=speaking, organised_ids=organised_ids
    )


def session_registrations_for(
    *, session: Session, delegation_id: int | None, all_delegations: bool
) -> list[SessionRegistration]:
    """The registrations a user may see for one session, each waiting one with its `position` in the queue.
    Two queries."""
    qs = SessionRegistration.objects.filter(session=session).select_related("member__delegation")
    if not all_delegations:
        qs = qs.filter(member__delegation_id=delegation_id or 0)
    rows = list(qs.order_by("status", "created_at", "pk"))
    queue = list(
        SessionRegistration.objects.filter(session=session, status=RegistrationStatus.WAITLISTED)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    positions = {pk: index + 1 for index, pk in enumerate(queue)}
    for row in rows:
        row.position = positions.get(row.pk)
    return rows


def manage_sessions() -> list[Session]:
    return list(_with_people(Session.objects.all()).order_by("starts_at", "room__name", "pk"))


def proposals_list(qs: QuerySet[SideEventProposal]) -> list[SideEventProposal]:
    return list(
        qs.select_related("delegation", "session__room")
        .prefetch_related("co_organisers")
        .order_by("-created_at", "-pk")
    )


def member_choices(qs: QuerySet[Member]) -> QuerySet[Member]:
    return qs.select_related("delegation").order_by("delegation__name", "family_name", "given_names")


@dataclass
class Clash:
    member: Member
    first: Session
    second: Session


def person_clashes() -> list[Clash]:
    """Every person (delegation member) in two overlapping non-cancelled sessions — as speaker, chair,
    moderator or registered delegate. Two queries, whatever the size; a warning list for organisers."""
    rows: dict[int, dict[int, tuple[Member, Session]]] = {}
    for qs in (
        SessionParticipant.objects.filter(member__isnull=False),
        SessionRegistration.objects.all(),
    ):
        for row in qs.exclude(session__status="cancelled").select_related("member", "session__room"):
            rows.setdefault(row.member_id, {})[row.session_id] = (row.member, row.session)
    clashes = []
    for entries in rows.values():
        ordered = sorted(entries.values(), key=lambda e: e[1].starts_at)
        for i, (member, first) in enumerate(ordered):
            for _member, second in ordered[i + 1 :]:
                if second.starts_at >= first.ends_at:
                    break
                clashes.append(Clash(member=member, first=first, second=second))
    return sorted(clashes, key=lambda c: (c.first.starts_at, str(c.member)))


def member_name(given_names: str, family_name: str) -> str:
    """The same display as delegations.Member.__str__, from plain values."""
    return f"{given_names} {family_name.upper()}".strip()


@dataclass
class ProgrammeRow:
    """One line of the public programme, every string ready (no model instances, no per-row template work)."""

    pk: int
    url: str
    title: str
    kind: str
    time: str
    day: datetime.date
    cancelled: bool
    people: str
    room_id: int | None
    room: str
    seats: str
    html: str = ""  # the table row, filled by the view


def programme_count(*, flt: ProgrammeFilter | None = None) -> int:
    """How many public sessions the filter matches (for the programme's pages)."""
    return _programme_filtered(flt).count()


def _programme_filtered(flt: ProgrammeFilter | None):
    qs = public_sessions()
    if flt is not None:
        if flt.day is not None:
            start = datetime.datetime.combine(flt.day, datetime.time(0), tzinfo=HANOI)
            qs = qs.filter(starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1))
        if flt.kind:
            qs = qs.filter(kind=flt.kind)
        if flt.room_id:
            qs = qs.filter(room_id=flt.room_id)
    return qs


def programme_rows(*, flt: ProgrammeFilter | None = None, window: slice | None = None) -> list[ProgrammeRow]:
    """The public programme as plain rows, in order (only `window` of them when given, e.g. one page of a
    summit's thousands). Two queries whatever the size: the sessions (with room and seats taken) as values,
    and the people of those sessions as values."""
    from django.urls import reverse
    from django.utils.translation import gettext

    sessions = list(
        _programme_filtered(flt)
        .annotate(
            seats_taken=Count("registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED))
        )
        .order_by("starts_at", "room__name", "pk")
        .values_list(
            "pk",
            "title",
            "kind",
            "status",
            "starts_at",
            "ends_at",
            "capacity",
            "room_id",
            "room__name",
            "seats_taken",
        )[window or slice(None)]
    )
    people: dict[int, list[str]] = {}
    if sessions:
        ids = [row[0] for row in sessions]
        for session_id, given, family, name in (
            SessionParticipant.objects.filter(session_id__in=ids)
            .order_by("session_id", "role", "order", "pk")
            .values_list("session_id", "member__given_names", "member__family_name", "name")
        ):
            people.setdefault(session_id, []).append(
                name if family is None else member_name(given or "", family)
            )
    kinds = dict(SessionKind.choices)
    prefix = reverse("agenda:programme") + "sessions/"
    rows = []
    for pk, title, kind, status, starts_at, ends_at, capacity, room_id, room_name, taken in sessions:
        start, end = starts_at.astimezone(HANOI), ends_at.astimezone(HANOI)
        rows.append(
            ProgrammeRow(
                pk=pk,
                url=f"{prefix}{pk}/",
                title=title,
                kind=str(kinds.get(kind, kind)),
                time=f"{start:%H:%M}–{end:%H:%M}",
                day=start.date(),
                cancelled=status == "cancelled",
                people="; ".join(people.get(pk, ())),
                room_id=room_id,
                room=room_name or "",
                seats=(
                    gettext("%(taken)s / %(seats)s seats") % {"taken": taken, "seats": capacity}
                    if capacity
                    else ""
                ),
            )
        )
    return rows


def rooms_in_natural_order(rooms):
    """`rooms` (a queryset) ordered "Meeting room 2" before "Meeting room 10", still a queryset (for choice
    fields): the order is computed from the names, then applied in the database."""
    from django.db.models import Case, IntegerField, Value, When

    pks = [pk for pk, _name in sorted(rooms.values_list("pk", "name"), key=lambda row: natural_key(row[1]))]
    if not pks:
        return rooms
    order = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(pks)], output_field=IntegerField())
    return rooms.order_by(order)


def natural_key(text: str) -> list:
    """Sort "Meeting room 2" before "Meeting room 10"."""
    import re

    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text or "")]


@dataclass
class GridCell:
    session: Session | None = None
    rowspan: int = 1


@dataclass
class ProgrammeGrid:
    day: datetime.date
    rooms: list
    rows: list  # [(start, end, [GridCell | None (covered) for each room])]
    elsewhere: list  # sessions without a room (or clashing in one), listed above the grid


def programme_grid(*, day: datetime.date) -> ProgrammeGrid:
    """One day of the public programme as a time × room grid: a row per interval between consecutive start
    or end times, a column per room in use (natural order), a session spanning the rows it covers."""
    start = datetime.datetime.combine(day, datetime.time(0), tzinfo=HANOI)
    sessions = list(
        public_sessions()
        .filter(starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1))
        .select_related("room")
        .order_by("starts_at", "pk")
    )
    in_rooms = [s for s in sessions if s.room_id]
    rooms = sorted({s.room_id: s.room for s in in_rooms}.values(), key=lambda r: natural_key(r.name))
    times = sorted({s.starts_at for s in in_rooms} | {s.ends_at for s in in_rooms})
    index = {t: i for i, t in enumerate(times)}
    column = {room.pk: c for c, room in enumerate(rooms)}
    matrix: list[list] = [[GridCell() for _ in rooms] for _ in range(max(len(times) - 1, 0))]
    elsewhere = [s for s in sessions if not s.room_id]
    for session in in_rooms:
        top, bottom, col = index[session.starts_at], index[session.ends_at], column[session.room_id]
        if bottom <= top or any(matrix[r][col] is None or matrix[r][col].session for r in range(top, bottom)):
            elsewhere.append(session)  # zero length or two sessions in one room at once: listed, not drawn
            continue
        matrix[top][col] = GridCell(session=session, rowspan=bottom - top)
        for r in range(top + 1, bottom):
            matrix[r][col] = None
    rows = [(times[i], times[i + 1], matrix[i]) for i in range(len(matrix))]
    return ProgrammeGrid(day=day, rooms=rooms, rows=rows, elsewhere=elsewhere)
