"""Demo bilateral meetings: rooms marked for bilaterals, a second bilateral block, and a few meetings in
different states (requested, another time proposed, accepted awaiting a room, scheduled, declined) —
through the services, so their audit trail and notifications are real. Idempotent."""

import datetime

from agenda.enums import AccessLevel, SessionKind, SessionStatus
from agenda.models import Room, Session, Venue
from delegations.enums import Capacity, DelegationStatus
from delegations.models import Delegation, Member
from hanoi_ceremony.accounts.models import User
from hanoi_ceremony.core.demo import demo_clock

from . import scheduling, services
from .models import Bilateral

HANOI = scheduling.HANOI


def _at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return demo_clock.shift(datetime.datetime(2025, 10, day, hour, minute, tzinfo=HANOI))


def _rooms(scale: int) -> None:
    Room.objects.filter(name="Bilateral meeting suite").update(for_bilaterals=True)
    venue = Venue.objects.order_by("pk").first()
    if venue is None:
        return
    for i in range(4 + 2 * scale):
        Room.objects.get_or_create(
            venue=venue,
            name=f"Bilateral room {chr(65 + i % 26)}{'' if i < 26 else i // 26}",
            defaults={"capacity": 12, "for_bilaterals": True},
        )


def _second_block() -> None:
    suite = Room.objects.filter(name="Bilateral meeting suite").first()
    if not Session.objects.filter(title="Bilateral meetings (day 2)").exists():
        Session.objects.create(
            title="Bilateral meetings (day 2)",
            kind=SessionKind.BILATERAL,
            starts_at=_at(26, 9),
            ends_at=_at(26, 12),
            room=suite,
            status=SessionStatus.PUBLISHED,
            first_published_at=_at(20, 9),
            access=AccessLevel.INVITATION,
        )


def _with_head(qs):
    heads = Member.objects.filter(capacity=Capacity.HEAD).values("delegation_id")
    return qs.filter(pk__in=heads, status=DelegationStatus.CONFIRMED)


def seed(*, scale: int, out) -> None:
    _rooms(scale)
    _second_block()
    if Bilateral.objects.exists():
        out.write(f"  bilaterals: {Bilateral.objects.count()} meetings (kept)")
        return
    organiser = User.objects.filter(username="organiser").first()
    confirmed = list(_with_head(Delegation.objects.filter(country_code__isnull=False)).order_by("name"))
    by_code = {d.country_code: d for d in confirmed}
    fra, vnm = by_code.get("FRA"), by_code.get("VNM")
    others = [d for d in confirmed if d.country_code not in ("FRA", "VNM")]
    if fra is None or vnm is None or len(others) < 4:
        out.write("  bilaterals: not enough confirmed delegations with a head")
        return
    scheduled = services.bilateral_request(
        requester=fra,
        counterpart=vnm,
        by=organiser,
        interpretation_from="French",
        interpretation_to="Vietnamese",
        note="Cooperation on electronic evidence.",
    )
    services.bilateral_accept(bilateral=scheduled, by=organiser, side=None, organiser=True)
    cal = scheduling.calendar_load()
    found = scheduling.suggest(cal, scheduling.need_for(scheduled))
    if found is not None:
        services.bilateral_schedule(
            bilateral=scheduled,
            room=Room.objects.get(pk=found.room.id),
            starts_at=found.starts_at,
            by=organiser,
        )
    services.bilateral_request(
        requester=others[0],
        counterpart=fra,
        by=organiser,
        note="Ratification timetable.",
        windows=[(_at(26, 9), _at(26, 11))],
    )
    accepted = services.bilateral_request(requester=vnm, counterpart=others[1], by=organiser)
    services.bilateral_accept(bilateral=accepted, by=organiser, side=None, organiser=True)
    proposed = services.bilateral_request(
        requester=others[2], counterpart=vnm, by=organiser, windows=[(_at(25, 14), _at(25, 15))]
    )
    services.bilateral_propose(
        bilateral=proposed,
        by=organiser,
        side=None,
        organiser=True,
        windows=[(_at(26, 10), _at(26, 12))],
        note="Our head of delegation arrives on the 26th.",
    )
    declined = services.bilateral_request(requester=others[3], counterpart=fra, by=organiser)
    services.bilateral_decline(
        bilateral=declined, by=organiser, side=None, organiser=True, reason="Agenda full."
    )
    out.write(
        f"  bilaterals: {Bilateral.objects.count()} meetings, {Room.objects.filter(for_bilaterals=True).count()} rooms"
    )
