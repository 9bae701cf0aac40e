"""Reads about bilateral meetings that cross relations, with their joins, so pages keep a constant number
of queries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from agenda.enums import SessionKind, SessionStatus
from agenda.models import Room, Session

from . import scheduling
from .enums import LIVE_STATUSES, BilateralStatus
from .models import Bilateral, BilateralParticipant


def _with_people(qs):
    return qs.select_related("requester", "counterpart", "room__venue").prefetch_related(
        Prefetch(
            "participants",
            queryset=BilateralParticipant.objects.select_related("member").order_by("side", "pk"),
        ),
        "windows",
    )


def bilaterals_of(*, delegation_id: int) -> list[Bilateral]:
    """A delegation's meetings, both sides, newest first. Four queries."""
    qs = Bilateral.objects.filter(Q(requester_id=delegation_id) | Q(counterpart_id=delegation_id))
    return list(_with_people(qs).order_by("-created_at", "-pk"))


def scheduled_for(*, delegation_id: int | None) -> list[Bilateral]:
    """The delegation's scheduled meetings in time order (My programme, the personal feed). One query."""
    if not delegation_id:
        return []
    return list(
        Bilateral.objects.filter(status=BilateralStatus.SCHEDULED)
        .filter(Q(requester_id=delegation_id) | Q(counterpart_id=delegation_id))
        .select_related("requester", "counterpart", "room__venue")
        .order_by("starts_at", "pk")
    )


def awaiting_room() -> list[Bilateral]:
    """Accepted meetings still without a room, oldest first (the organisers' queue). Four queries."""
    return list(
        _with_people(Bilateral.objects.filter(status=BilateralStatus.ACCEPTED)).order_by("created_at", "pk")
    )


def organiser_list(*, status: str | None = None) -> list[Bilateral]:
    qs = Bilateral.objects.all()
    if status:
        qs = qs.filter(status=status)
    return list(
        qs.select_related("requester", "counterpart", "room").order_by(
            "status", "starts_at", "created_at", "pk"
        )
    )


def block_days() -> list[datetime.date]:
    starts = (
        Session.objects.filter(kind=SessionKind.BILATERAL)
        .exclude(status=SessionStatus.CANCELLED)
        .values_list("starts_at", flat=True)
    )
    return sorted({scheduling.local_day(s) for s in starts})


@dataclass
class Grid:
    day: datetime.date
    rooms: list[Room]
    rows: list[dict]  # {"start": dt, "cells": [Bilateral | None per room]}
    others: list[Bilateral]  # scheduled that day at a time off the slot grid


def grid(*, day: datetime.date) -> Grid:
    """The room × time grid of one day: every slot of the day's blocks, each room's meeting in it.
    Three queries whatever the number of meetings."""
    cal_slot, cal_turn = scheduling.slot_length(), scheduling.turnover()
    blocks = [
        (s, e)
        for s, e in Session.objects.filter(kind=SessionKind.BILATERAL)
        .exclude(status=SessionStatus.CANCELLED)
        .values_list("starts_at", "ends_at")
        if scheduling.local_day(s) == day
    ]
    cal = scheduling.Calendar(blocks=blocks, rooms=[], slot=cal_slot, turnover=cal_turn, cap=0)
    starts = cal.candidate_starts()
    rooms = list(
        Room.objects.filter(for_bilaterals=True).select_related("venue").order_by("capacity", "name")
    )
    begin = datetime.datetime.combine(day, datetime.time(0), tzinfo=scheduling.HANOI)
    meetings = list(
        Bilateral.objects.filter(
            status=BilateralStatus.SCHEDULED,
            starts_at__gte=begin,
            starts_at__lt=begin + datetime.timedelta(days=1),
        ).select_related("requester", "counterpart", "room")
    )
    at: dict[tuple[int, datetime.datetime], Bilateral] = {(m.room_id, m.starts_at): m for m in meetings}
    placed = set()
    rows = []
    for start in starts:
        cells = []
        for room in rooms:
            meeting = at.get((room.pk, start))
            if meeting is not None:
                placed.add(meeting.pk)
            cells.append({"room": room, "meeting": meeting})
        rows.append({"start": start, "cells": cells})
    others = sorted((m for m in meetings if m.pk not in placed), key=lambda m: (m.starts_at, m.room_id))
    return Grid(day=day, rooms=rooms, rows=rows, others=others)


def room_day(*, room: Room, day: datetime.date) -> list[Bilateral]:
    """One bilateral room's meetings of one day, for the protocol staff's printed schedule. Two queries."""
    begin = datetime.datetime.combine(day, datetime.time(0), tzinfo=scheduling.HANOI)
    return list(
        _with_people(
            Bilateral.objects.filter(
                status=BilateralStatus.SCHEDULED,
                room=room,
                starts_at__gte=begin,
                starts_at__lt=begin + datetime.timedelta(days=1),
            )
        ).order_by("starts_at")
    )


def live_pairs(*, delegation_id: int) -> set[int]:
    """Delegations this one already has a live request with (either side)."""
    rows = Bilateral.objects.filter(status__in=LIVE_STATUSES).filter(
        Q(requester_id=delegation_id) | Q(counterpart_id=delegation_id)
    )
    out = set()
    for a, b in rows.values_list("requester_id", "counterpart_id"):
        out.add(b if a == delegation_id else a)
    return out


def needs_of(bilaterals) -> dict[int, scheduling.Need]:
    """Needs of many meetings from two queries (participants and windows by meeting)."""
    ids = [b.pk for b in bilaterals]
    people = defaultdict(list)
    for p in BilateralParticipant.objects.filter(bilateral_id__in=ids):
        people[p.bilateral_id].append(p)
    from .models import BilateralWindow

    spans = defaultdict(list)
    for w in BilateralWindow.objects.filter(bilateral_id__in=ids):
        spans[w.bilateral_id].append(w)
    return {b.pk: scheduling.need_for(b, participants=people[b.pk], windows=spans[b.pk]) for b in bilaterals}
