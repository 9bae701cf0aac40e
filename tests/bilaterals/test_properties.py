"""Property test: whatever requests and assignments arrive, in whatever order, the scheduled meetings never
put one head in two meetings, one room under two meetings (turnover included), or a meeting over a listed
person's signing slot or speaking turn. The invariants are recomputed here from the rows, independently of
the scheduler's own calendar."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agenda.bilaterals import scheduling, services
from agenda.bilaterals.enums import BilateralStatus as S
from agenda.bilaterals.models import Bilateral, BilateralParticipant
from agenda.enums import SessionKind
from agenda.models import Room, Venue
from agenda.signing.models import Inscription, SigningEntry
from delegations.enums import Capacity
from tests.agenda.signing.factories import (
    DelegationFactory,
    InscriptionFactory,
    MemberFactory,
    RosterFactory,
    SessionFactory,
    SigningEntryFactory,
    SpeakersListFactory,
)

from .conftest import at

N_DELEGATIONS = 6
TURNOVER = datetime.timedelta(minutes=15)
SIGNING = datetime.timedelta(minutes=3)


def _world():
    venue = Venue.objects.create(name="NCC")
    rooms = [
        Room.objects.create(venue=venue, name=f"Room {i}", capacity=8 + 4 * i, for_bilaterals=True)
        for i in range(2)
    ]
    SessionFactory(kind=SessionKind.BILATERAL, title="Block", starts_at=at(14), ends_at=at(17))
    delegations = []
    for i in range(N_DELEGATIONS):
        d = DelegationFactory(name=f"State {i}", country_code=f"S{i:02d}")
        head = MemberFactory(delegation=d, capacity=Capacity.HEAD, family_name=f"Head{i}")
        adviser = MemberFactory(delegation=d, capacity=Capacity.ADVISER, family_name=f"Adv{i}")
        delegations.append((d, head, adviser))
    roster = RosterFactory(session__starts_at=at(14, 30), session__ends_at=at(15, 30))
    for pos, (d, head, _adv) in enumerate(delegations[:3], start=1):
        SigningEntryFactory(roster=roster, delegation=d, signatory=head, position=pos * 4)
    speakers = SpeakersListFactory(session__starts_at=at(15, 30), session__ends_at=at(17))
    for d, head, adviser in delegations[2:]:
        InscriptionFactory(
            speakers_list=speakers,
            delegation=d,
            speaker=adviser if d.pk % 2 else head,
            time_limit_seconds=600,
        )
    return rooms, delegations


def _busy_people() -> dict[int, list[tuple[datetime.datetime, datetime.datetime]]]:
    """Signing slots and speaking turns, computed from the rows (the speakers' list has no overrides here
    and every speaker is in the same group and tier, so the order is the time of inscription)."""
    busy: dict[int, list] = {}
    for entry in SigningEntry.objects.select_related("roster__session"):
        start = entry.roster.session.starts_at + SIGNING * (entry.position - 1)
        busy.setdefault(entry.signatory_id, []).append((start, start + SIGNING))
    t = None
    for ins in Inscription.objects.select_related("speakers_list__session").order_by("inscribed_at", "pk"):
        t = t or ins.speakers_list.session.starts_at
        end = t + datetime.timedelta(seconds=ins.time_limit_seconds)
        busy.setdefault(ins.speaker_id, []).append((t, end))
        t = end
    return busy


def _check_invariants():
    meetings = list(Bilateral.objects.filter(status=S.SCHEDULED))
    people = {}
    for p in BilateralParticipant.objects.filter(bilateral__in=meetings):
        people.setdefault(p.bilateral_id, set()).add(p.member_id)
    for i, a in enumerate(meetings):
        for b in meetings[i + 1 :]:
            if {a.requester_id, a.counterpart_id} & {b.requester_id, b.counterpart_id}:
                assert a.ends_at <= b.starts_at or b.ends_at <= a.starts_at, (a, b)
            if a.room_id == b.room_id:
                assert a.ends_at + TURNOVER <= b.starts_at or b.ends_at + TURNOVER <= a.starts_at, (a, b)
    busy = _busy_people()
    for m in meetings:
        for member_id in people.get(m.pk, ()):
            for start, end in busy.get(member_id, ()):
                assert m.ends_at <= start or end <= m.starts_at, (m, member_id, start, end)


pairs = st.tuples(st.integers(0, N_DELEGATIONS - 1), st.integers(0, N_DELEGATIONS - 1)).filter(
    lambda p: p[0] != p[1]
)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("request"), pairs, st.booleans()),
        st.tuples(st.just("assign"), st.integers(0, 20), st.integers(0, 1), st.integers(0, 36)),
        st.tuples(st.just("suggest"), st.integers(0, 20)),
        st.tuples(st.just("cancel"), st.integers(0, 20)),
    ),
    min_size=1,
    max_size=25,
)


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_random_requests_and_assignments_never_double_book(ops, ceremony):
    with transaction.atomic():
        rooms, delegations = _world()
        made: list[Bilateral] = []
        for op in ops:
            try:
                if op[0] == "request":
                    (i, j), with_adviser = op[1], op[2]
                    d, _head, adviser = delegations[i]
                    b = services.bilateral_request(
                        requester=d,
                        counterpart=delegations[j][0],
                        by=None,
                        participants=[adviser] if with_adviser else [],
                    )
                    made.append(services.bilateral_accept(bilateral=b, by=None, side="counterpart"))
                elif op[0] == "assign" and made:
                    b = made[op[1] % len(made)]
                    start = at(14) + datetime.timedelta(minutes=5 * op[3])
                    services.bilateral_schedule(bilateral=b, room=rooms[op[2]], starts_at=start, by=None)
                elif op[0] == "suggest" and made:
                    b = Bilateral.objects.get(pk=made[op[1] % len(made)].pk)
                    cal = scheduling.calendar_load()
                    cal.forget(b.pk)
                    found = scheduling.suggest(cal, scheduling.need_for(b))
                    if found is not None:
                        services.bilateral_schedule(
                            bilateral=b,
                            room=Room.objects.get(pk=found.room.id),
                            starts_at=found.starts_at,
                            by=None,
                        )
                elif op[0] == "cancel" and made:
                    services.bilateral_cancel(bilateral=made[op[1] % len(made)], by=None, side="requester")
            except (ValidationError, PermissionDenied):
                pass
            _check_invariants()
        transaction.set_rollback(True)
