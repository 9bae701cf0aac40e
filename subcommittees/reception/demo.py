"""Demo reception: welcoming officials by rank, cars and motorcades, liaison officers, the senior leaders'
arrivals spread over 24 and early 25 October 2025 (Heads of State and Government at Nội Bài's VIP
terminal), a car and an officer for each senior leader, every senior leader's scenario, a printed
arrivals board, and one flight that moved after printing (its scenario re-issued, its officer notified).
Idempotent. Uses the real 2025 dates, as the other demo seeders do.
"""

import datetime
import random
import zoneinfo

from django.db import transaction

from delegations.enums import Capacity, DelegationStatus, ProtocolRank, ProtocolTier, protocol_tier
from delegations.models import Member
from hanoi_ceremony.accounts.demo import ensure_user
from hanoi_ceremony.accounts.models import User
from hanoi_ceremony.core.demo import demo_clock
from subcommittees.enums import MembershipRole
from subcommittees.models import Membership, Subcommittee

from . import services
from .enums import Direction, VehicleKind
from .models import Scenario, Vehicle, WelcomingRule

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
VIP = "Nội Bài International Airport – VIP terminal (A1)"
T2 = "Nội Bài International Airport – Terminal 2"
R = ProtocolRank

RULES = [
    (R.HEAD_OF_STATE, "Deputy Prime Minister, with the Minister of Foreign Affairs", True),
    (R.VICE_PRESIDENT, "Minister of Foreign Affairs", True),
    (R.CROWN_PRINCE, "Minister of Foreign Affairs", True),
    (R.HEAD_OF_GOVERNMENT, "Deputy Prime Minister", True),
    (R.DEPUTY_HEAD_OF_GOVERNMENT, "Minister of Public Security", True),
    (R.FOREIGN_MINISTER, "Deputy Minister of Foreign Affairs", False),
    (R.MINISTER, "Deputy Minister of Public Security", False),
    (R.VICE_MINISTER, "Director-General, State Protocol Department", False),
    (R.HEAD_OF_ORGANISATION, "Deputy Minister of Foreign Affairs", False),
    (R.OTHER, "Deputy Director-General, State Protocol Department", False),
]


def _officers() -> list[User]:
    sc = Subcommittee.objects.filter(slug="reception").first()
    users = []
    for i in range(1, 13):
        user = ensure_user(
            f"officer.{i:02d}",
            description="Host liaison officer (Reception Subcommittee): my receptions, scenarios",
            first_name=[
                "An",
                "Binh",
                "Chi",
                "Dung",
                "Giang",
                "Hanh",
                "Khoa",
                "Lam",
                "My",
                "Nhung",
                "Phuc",
                "Quan",
            ][i - 1],
            last_name="Officer",
            organisation="Ministry of Foreign Affairs – State Protocol Department",
        )
        if sc is not None:
            Membership.objects.get_or_create(
                user=user, subcommittee=sc, defaults={"role": MembershipRole.MEMBER}
            )
        users.append(user)
    return users


def _reshape_arrivals(heads: list[Member]) -> None:
    """Senior leaders land on 24 October or early on 25 October; Heads of State and Government at the VIP
    terminal. Their whole delegation travels with them."""
    for i, head in enumerate(heads):
        rng = random.Random(f"arrival:{head.delegation_id}")
        tier_one = protocol_tier(head.rank) == ProtocolTier.HEADS
        day, hour = (24, rng.randint(6, 22)) if i % 6 else (25, rng.randint(1, 6))
        arrival = demo_clock.shift(
            datetime.datetime(2025, 10, day, hour, rng.choice([0, 10, 25, 40, 55]), tzinfo=HANOI)
        )
        departure = demo_clock.shift(
            datetime.datetime(2025, 10, 26 + (i % 2), rng.randint(14, 23), 0, tzinfo=HANOI)
        )
        airport = VIP if tier_one else T2
        Member.objects.filter(delegation_id=head.delegation_id).update(
            arrival_at=arrival,
            arrival_airport=airport,
            departure_at=departure,
            departure_airport=airport,
            arrival_flight=head.arrival_flight
            if not tier_one
            else f"{head.delegation.country_code or 'XX'}-001",
        )


def seed(*, scale: int, out) -> None:
    if WelcomingRule.objects.exists():
        out.write(f"  reception: {Scenario.objects.count()} scenarios (already seeded)")
        return
    lead = User.objects.filter(username="lead.reception").first() or ensure_user(
        "lead.reception", description="Reception Subcommittee lead"
    )
    organiser = User.objects.filter(username="organiser").first()
    for rank, official, motorcade in RULES:
        services.welcoming_rule_set(rank=rank, official=official, motorcade=motorcade, by=lead)
    vehicles = [
        Vehicle.objects.create(
            label=f"Motorcade {i:02d}",
            plate=f"80A-{100 + i:03d}.{i:02d}",
            kind=VehicleKind.MOTORCADE,
            seats=4,
            driver=f"Team leader {i:02d}",
        )
        for i in range(1, 11)
    ] + [
        Vehicle.objects.create(
            label=f"Car {i:02d}",
            plate=f"29A-{500 + i:03d}.{i:02d}",
            kind=VehicleKind.CAR,
            seats=4,
            driver=f"Driver {i:02d}",
        )
        for i in range(1, 31 * max(1, scale // 5 + 1))
    ]
    officers = _officers()
    # Every senior leader still coming lands on 24–25 October; confirmed delegations get the full treatment.
    _reshape_arrivals(
        list(services.senior_leaders().select_related("delegation").order_by("delegation__name"))
    )
    heads = list(
        services.senior_leaders()
        .filter(delegation__status=DelegationStatus.CONFIRMED)
        .select_related("delegation")
        .order_by("arrival_at")
    )
    booked = 0
    # Free times are tracked here so each head costs one booking (the service still checks every rule).
    busy: dict[tuple[str, int], list[tuple]] = {}

    def free(key, start, end) -> bool:
        return all(end <= s or start >= e for s, e in busy.get(key, ()))

    for i, head in enumerate(heads):
        officer = officers[i % len(officers)]
        services.officer_assign(delegation=head.delegation, officer=officer, by=lead)
        rule = services.welcoming_rule_for(head.rank)
        pool = [v for v in vehicles if (v.kind == VehicleKind.MOTORCADE) == bool(rule and rule.motorcade)]
        start = head.arrival_at - datetime.timedelta(minutes=30)
        end = head.arrival_at + datetime.timedelta(minutes=120)
        # The first free vehicle; the officer is the delegation's, or the next free officer.
        vehicle = next((v for v in pool if free(("v", v.pk), start, end)), None)
        candidate = next((o for o in [officer, *officers] if free(("o", o.pk), start, end)), None)
        if vehicle is not None and candidate is not None:
            services.car_slot_book(
                member=head,
                vehicle=vehicle,
                officer=candidate,
                starts_at=start,
                ends_at=end,
                by=lead,
                purpose="Nội Bài to the hotel",
            )
            busy.setdefault(("v", vehicle.pk), []).append((start, end))
            busy.setdefault(("o", candidate.pk), []).append((start, end))
            booked += 1
        services.scenario_issue(member=head, by=lead)
    # The arrivals board of 24 October is printed; then one Head of State's flight moves.
    day = demo_clock.shift(datetime.date(2025, 10, 24))
    services.board_print(day=day, direction=Direction.ARRIVALS, airport="", by=lead)
    services.board_print(day=day, direction=Direction.ARRIVALS, airport=VIP, by=lead)
    moved = next((h for h in heads if h.arrival_airport == VIP and h.arrival_at.date() == day), None)
    if moved is not None and organiser is not None:
        member = Member.objects.get(pk=moved.pk)
        old = member.arrival_at
        member.arrival_at = old + datetime.timedelta(minutes=95)
        member.arrival_flight = member.arrival_flight + "A"
        member.save(update_fields=["arrival_at", "arrival_flight"])
        with transaction.atomic():
            services.member_travel_changed(
                member=member,
                by=organiser,
                changes={
                    "arrival_at": [
                        old.astimezone(HANOI).strftime("%Y-%m-%d %H:%M"),
                        member.arrival_at.astimezone(HANOI).strftime("%Y-%m-%d %H:%M"),
                    ],
                    "arrival_flight": [moved.arrival_flight, member.arrival_flight],
                },
            )
    heads_all = Member.objects.filter(capacity=Capacity.HEAD).count()
    out.write(
        f"  reception: {len(heads)} senior leaders (of {heads_all} heads), {booked} cars booked, "
        f"{Scenario.objects.count()} scenarios, {len(vehicles)} vehicles"
    )
