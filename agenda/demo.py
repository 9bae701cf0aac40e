"""The demo programme of the Hanoi Convention's opening for signature (../shared/domain.md).

Day 1 (25 Oct): official welcome, group photo, opening at 09:00 with remarks by the two co-chairs, signing
ceremony, plenary co-chaired by the Prime Minister and the Secretary-General, bilateral meetings, gala dinner.
Day 2 (26 Oct): 4 high-level discussions, 4 roundtables, 38 side events and workshops in the 75-minute grid
(10 in parallel), closing session, press conference. The Technology Exhibition runs both days with 24 booths.

Idempotent: every row is found by a natural key before it is created. --scale N multiplies the side events
(with extra meeting rooms so no room is double-booked), the delegates and their registrations.
"""

import datetime

from django.db.models import Case, Count, When

from delegations.enums import Capacity, DelegationStatus, ParticipantType, ProtocolRank, Region
from delegations.models import Delegation, Liaison, Member
from hanoi_ceremony.accounts.demo import ensure_user
from hanoi_ceremony.accounts.roles import Role
from hanoi_ceremony.core.demo import demo_clock

from . import services
from .enums import (
    AccessLevel,
    BoothSize,
    ExhibitorKind,
    ParticipantRole,
    RegistrationStatus,
    SessionKind,
    SessionStatus,
)
from .models import (
    Booth,
    BoothAllocation,
    ProgrammeVersion,
    Room,
    Session,
    SessionParticipant,
    SessionRegistration,
    SideEventProposal,
    SideEventSlot,
    Venue,
)

STATES = [
    ("VNM", "Viet Nam", Region.ASIA),
    ("AUS", "Australia", Region.OCEANIA),
    ("BRA", "Brazil", Region.AMERICAS),
    ("FRA", "France", Region.EUROPE),
    ("JPN", "Japan", Region.ASIA),
    ("KEN", "Kenya", Region.AFRICA),
    ("MEX", "Mexico", Region.AMERICAS),
    ("SGP", "Singapore", Region.ASIA),
    ("ZAF", "South Africa", Region.AFRICA),
    ("IND", "India", Region.ASIA),
]
ORGANISATIONS = [
    ("European Union", ParticipantType.REIO),
    ("United Nations Office on Drugs and Crime", ParticipantType.UN_ENTITY),
    ("INTERPOL", ParticipantType.IGO),
]

ROOMS = [
    ("Plenary Hall", 3700),
    ("Banquet Hall", 2000),
    ("Conference Hall 1", 500),
    ("Conference Hall 2", 500),
    ("Press Centre", 300),
    ("VIP Lobby", 400),
    ("Exhibition Hall", 3000),
    ("Bilateral meeting suite", 120),
]
MEETING_ROOM_CAPACITIES = [200, 150, 150, 120, 120, 100, 100, 80, 80, 60, 60, 60]

# The 75-minute grid of 26 October (domain.md: 09:00–10:15, 12:00–13:15, 13:30–14:45, …).
SLOTS = [(9, 0), (10, 30), (12, 0), (13, 30)]
SIDE_EVENTS_PER_SLOT = [10, 10, 9, 9]  # 38 in all; 8 of them high-level side events

TOPICS = [
    "Electronic evidence across borders",
    "Protecting children online",
    "Ransomware and critical infrastructure",
    "Capacity building for developing States",
    "Human rights safeguards in cybercrime investigations",
    "Public–private cooperation against online fraud",
    "Cryptocurrency tracing and asset recovery",
    "24/7 networks for urgent assistance",
    "Gender perspectives on cybercrime",
    "Artificial intelligence and crime",
    "Cybercrime in small island developing States",
    "Training judges and prosecutors",
    "Victims' rights and support",
    "Data protection and mutual legal assistance",
    "Regional cooperation in South-East Asia",
    "Academia's role in implementation",
    "Technical assistance under the Convention",
    "Online scams and trafficking in persons",
    "Preserving stored computer data",
    "From signature to ratification",
]
HIGH_LEVEL = [
    "Sharing responsibility: implementing the Hanoi Convention",
    "International cooperation and electronic evidence",
    "Technical assistance and capacity building",
    "Securing our future: emerging technologies and crime",
]
ROUNDTABLES = [
    "Roundtable 1: Ministers of Justice and Interior",
    "Roundtable 2: Prosecutors and central authorities",
    "Roundtable 3: Private sector and service providers",
    "Roundtable 4: Civil society and academia",
]
EXHIBITORS = [
    ("Ministry of Public Security of Viet Nam", ExhibitorKind.DELEGATION, "VNM"),
    ("Ministry of Information and Communications", ExhibitorKind.ORGANISATION, None),
    ("National Cyber Security Centre (NCSC)", ExhibitorKind.ORGANISATION, None),
    ("UN Office on Drugs and Crime", ExhibitorKind.ORGANISATION, None),
    ("UN Office of Legal Affairs — Treaty Section", ExhibitorKind.ORGANISATION, None),
    ("Viettel Cyber Security", ExhibitorKind.COMPANY, None),
    ("VNPT", ExhibitorKind.COMPANY, None),
    ("FPT Software", ExhibitorKind.COMPANY, None),
    ("CMC Cyber Security", ExhibitorKind.COMPANY, None),
    ("BKAV", ExhibitorKind.COMPANY, None),
    ("Hanoi University of Science and Technology", ExhibitorKind.ORGANISATION, None),
    ("INTERPOL Cybercrime Directorate", ExhibitorKind.ORGANISATION, None),
    ("ITU", ExhibitorKind.ORGANISATION, None),
    ("Government of Japan", ExhibitorKind.DELEGATION, "JPN"),
    ("Government of Singapore", ExhibitorKind.DELEGATION, "SGP"),
    ("Government of Australia", ExhibitorKind.DELEGATION, "AUS"),
    ("European Union", ExhibitorKind.ORGANISATION, None),
    ("Vietnam Posts and Telecommunications Group", ExhibitorKind.COMPANY, None),
    ("MISA", ExhibitorKind.COMPANY, None),
    ("VinAI", ExhibitorKind.COMPANY, None),
]


def _at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment of October 2025, as the demo's moment (``demo_clock``, hanoi_ceremony/core/demo.py)."""
    return demo_clock.at(2025, 10, day, hour, minute)


OWN_MARK = "programme-demo@demo.hanoi-convention.example"


def _delegations(scale: int) -> tuple[list[Delegation], list[Member], dict[int, Member]]:
    """The delegations and people the programme refers to. When the delegations seeder ran before us, use
    its delegations and members and add none (its counts stay its own); otherwise make a few of our own."""
    others = Delegation.objects.exclude(focal_point_email=OWN_MARK)
    if not others.exists():
        return _own_delegations(scale)
    delegations = list(
        others.annotate(
            unconfirmed=Case(When(status=DelegationStatus.CONFIRMED, then=0), default=1)
        ).order_by("unconfirmed", "name")[: len(STATES) + len(ORGANISATIONS)]
    )
    members = list(Member.objects.filter(delegation__in=delegations).order_by("delegation_id", "pk"))
    speakers: dict[int, Member] = {}
    for member in members:
        current = speakers.get(member.delegation_id)
        if current is None or (member.capacity == Capacity.HEAD and current.capacity != Capacity.HEAD):
            speakers[member.delegation_id] = member
    chosen = {m.pk for m in speakers.values()}
    return delegations, [m for m in members if m.pk not in chosen], speakers


def _own_delegations(scale: int) -> tuple[list[Delegation], list[Member], dict[int, Member]]:
    """Without the delegations seeder (this capability alone): a few delegations of our own, with delegates
    for registrations and one representative each to speak."""
    delegations = []
    for code, name, region in STATES:
        delegation, _created = Delegation.objects.get_or_create(
            country_code=code,
            defaults={
                "name": name,
                "participant_type": ParticipantType.MEMBER_STATE,
                "region": region,
                "status": DelegationStatus.CONFIRMED,
                "focal_point_email": OWN_MARK,
            },
        )
        delegations.append(delegation)
    for name, kind in ORGANISATIONS:
        existing = Delegation.objects.filter(name__iexact=name).first()
        delegations.append(
            existing
            or Delegation.objects.create(
                name=name,
                participant_type=kind,
                status=DelegationStatus.CONFIRMED,
                focal_point_email=OWN_MARK,
            )
        )
    per_delegation = 6 * scale
    delegates: list[Member] = []
    speakers: dict[int, Member] = {}
    counts = dict(
        Member.objects.filter(delegation__in=delegations, family_name__startswith="Delegate ")
        .values("delegation_id")
        .annotate(n=Count("pk"))
        .values_list("delegation_id", "n")
    )
    new = []
    for delegation in delegations:
        for i in range(counts.get(delegation.pk, 0), per_delegation):
            new.append(
                Member(
                    delegation=delegation,
                    family_name=f"Delegate {i + 1:03d}",
                    given_names=delegation.name[:40],
                    capacity=Capacity.EXPERT,
                )
            )
    Member.objects.bulk_create(new)
    for delegation in delegations:
        speaker, _created = Member.objects.get_or_create(
            delegation=delegation,
            family_name="Speaker",
            given_names=delegation.name[:40],
            defaults={
                "capacity": Capacity.REPRESENTATIVE,
                "rank": ProtocolRank.VICE_MINISTER,
                "title": "H.E.",
            },
        )
        speakers[delegation.pk] = speaker
    delegates = list(
        Member.objects.filter(delegation__in=delegations, family_name__startswith="Delegate ").order_by(
            "delegation_id", "family_name"
        )
    )
    delegates = [m for m in delegates if int(m.family_name.split()[-1]) <= per_delegation]
    return delegations, delegates, speakers


def _rooms(scale: int) -> dict[str, Room]:
    venue, _created = Venue.objects.get_or_create(
        name="National Convention Centre", defaults={"address": "57 Phạm Hùng, Mễ Trì, Nam Từ Liêm, Hà Nội"}
    )
    rooms = {}
    for name, capacity in ROOMS:
        rooms[name], _created = Room.objects.get_or_create(
            venue=venue, name=name, defaults={"capacity": capacity}
        )
    needed = max(len(MEETING_ROOM_CAPACITIES), max(SIDE_EVENTS_PER_SLOT) * scale)
    for i in range(needed):
        capacity = MEETING_ROOM_CAPACITIES[i] if i < len(MEETING_ROOM_CAPACITIES) else 60
        name = f"Meeting room {i + 1}"
        rooms[name], _created = Room.objects.get_or_create(
            venue=venue, name=name, defaults={"capacity": capacity}
        )
    return rooms


def _session(title: str, kind: str, start, end, room: Room | None, **extra) -> Session:
    session, _created = Session.objects.get_or_create(
        title=title,
        defaults={
            "kind": kind,
            "starts_at": start,
            "ends_at": end,
            "room": room,
            "status": SessionStatus.DRAFT,
            **extra,
        },
    )
    return session


def _person(
    session: Session,
    role: str,
    *,
    member: Member | None = None,
    name: str = "",
    affiliation: str = "",
    order: int = 0,
):
    if member is not None:
        SessionParticipant.objects.get_or_create(
            session=session, member=member, role=role, defaults={"order": order}
        )
    else:
        SessionParticipant.objects.get_or_create(
            session=session, name=name, role=role, defaults={"affiliation": affiliation, "order": order}
        )


def _fixed_programme(rooms: dict[str, Room], speakers: list[Member]) -> None:
    both = {
        "languages": "English, Vietnamese",
        "interpretation": "Simultaneous English ↔ Vietnamese; French, Spanish, Arabic, Chinese, Russian",
    }
    _session(
        "Technology Exhibition (day 1)",
        SessionKind.EXHIBITION,
        _at(25, 8),
        _at(25, 18),
        rooms["Exhibition Hall"],
        access=AccessLevel.MEDIA,
    )
    _session(
        "Technology Exhibition (day 2)",
        SessionKind.EXHIBITION,
        _at(26, 8),
        _at(26, 18),
        rooms["Exhibition Hall"],
        access=AccessLevel.MEDIA,
    )
    _session(
        "Official welcome of heads of delegation",
        SessionKind.WELCOME,
        _at(25, 7, 30),
        _at(25, 8, 30),
        rooms["VIP Lobby"],
        access=AccessLevel.HEADS_ONLY,
    )
    _session(
        "Group photo of heads of delegation",
        SessionKind.GROUP_PHOTO,
        _at(25, 8, 30),
        _at(25, 8, 50),
        rooms["Plenary Hall"],
        access=AccessLevel.HEADS_ONLY,
    )
    opening = _session(
        "Opening session",
        SessionKind.OPENING,
        _at(25, 9),
        _at(25, 10, 30),
        rooms["Plenary Hall"],
        description="Remarks by the co-chairs: the State President of Viet Nam and the Secretary-General of the United Nations.",
        **both,
    )
    _person(
        opening,
        ParticipantRole.CHAIR,
        name="State President of Viet Nam",
        affiliation="Socialist Republic of Viet Nam",
        order=1,
    )
    _person(
        opening,
        ParticipantRole.CHAIR,
        name="Secretary-General of the United Nations",
        affiliation="United Nations",
        order=2,
    )
    signing = _session(
        "Signing ceremony of the Hanoi Convention",
        SessionKind.SIGNING,
        _at(25, 10, 45),
        _at(25, 12, 30),
        rooms["Plenary Hall"],
        description="Opening for signature, run with the UN Office of Legal Affairs.",
        **both,
    )
    _person(
        signing,
        ParticipantRole.CHAIR,
        name="Under-Secretary-General for Legal Affairs",
        affiliation="UN Office of Legal Affairs",
    )
    _session("Lunch", SessionKind.BREAK, _at(25, 12, 30), _at(25, 14), None)
    plenary = _session(
        "Plenary: Countering Cybercrime – Sharing Responsibility – Securing our Future",
        SessionKind.PLENARY,
        _at(25, 14),
        _at(25, 17, 30),
        rooms["Plenary Hall"],
        **both,
    )
    _person(
        plenary,
        ParticipantRole.CHAIR,
        name="Prime Minister of Viet Nam",
        affiliation="Socialist Republic of Viet Nam",
        order=1,
    )
    _person(
        plenary,
        ParticipantRole.CHAIR,
        name="Secretary-General of the United Nations",
        affiliation="United Nations",
        order=2,
    )
    _session(
        "Bilateral meetings",
        SessionKind.BILATERAL,
        _at(25, 14),
        _at(25, 18),
        rooms["Bilateral meeting suite"],
        access=AccessLevel.INVITATION,
    )
    _session("Transfer to the gala dinner", SessionKind.TRANSFER, _at(25, 18, 15), _at(25, 19), None)
    _session(
        "Gala dinner",
        SessionKind.GALA,
        _at(25, 19),
        _at(25, 21, 30),
        rooms["Banquet Hall"],
        access=AccessLevel.INVITATION,
    )
    halls = [rooms["Conference Hall 1"], rooms["Conference Hall 2"]]
    for i, title in enumerate(HIGH_LEVEL):
        hour, minute = SLOTS[i // 2]
        start = _at(26, hour, minute)
        session = _session(
            title, SessionKind.HIGH_LEVEL, start, start + datetime.timedelta(minutes=75), halls[i % 2], **both
        )
        _person(session, ParticipantRole.MODERATOR, name="Executive Director", affiliation="UNODC")
        for j, speaker in enumerate(speakers[i * 3 : i * 3 + 3]):
            _person(session, ParticipantRole.SPEAKER, member=speaker, order=j)
    for i, title in enumerate(ROUNDTABLES):
        hour, minute = SLOTS[2 + i // 2]
        start = _at(26, hour, minute)
        _session(
            title,
            SessionKind.ROUNDTABLE,
            start,
            start + datetime.timedelta(minutes=75),
            halls[i % 2],
            capacity=150,
            **both,
        )
    closing = _session(
        "Closing session",
        SessionKind.CLOSING,
        _at(26, 16, 30),
        _at(26, 17, 30),
        rooms["Plenary Hall"],
        **both,
    )
    _person(
        closing,
        ParticipantRole.CHAIR,
        name="Deputy Prime Minister of Viet Nam",
        affiliation="Steering Committee",
    )
    press = _session(
        "Press conference of the co-chairs",
        SessionKind.PRESS,
        _at(26, 17, 45),
        _at(26, 18, 15),
        rooms["Press Centre"],
        access=AccessLevel.MEDIA,
    )
    _person(
        press,
        ParticipantRole.CHAIR,
        name="Secretary-General of the United Nations",
        affiliation="United Nations",
    )
    _person(
        press,
        ParticipantRole.CHAIR,
        name="Prime Minister of Viet Nam",
        affiliation="Socialist Republic of Viet Nam",
    )


def _side_events(scale: int, rooms: dict[str, Room], delegations: list[Delegation]) -> list[list[Session]]:
    """The 75-minute grid: per slot, 10×scale (or 9×scale) side events, one per meeting room."""
    by_slot: list[list[Session]] = []
    base = sum(SIDE_EVENTS_PER_SLOT)
    for slot_index, ((hour, minute), per_slot) in enumerate(zip(SLOTS, SIDE_EVENTS_PER_SLOT, strict=True)):
        start = _at(26, hour, minute)
        end = start + datetime.timedelta(minutes=75)
        SideEventSlot.objects.get_or_create(starts_at=start, defaults={"ends_at": end})
        sessions = []
        first = sum(SIDE_EVENTS_PER_SLOT[:slot_index])
        for i in range(per_slot * scale):
            # Stable numbers whatever the scale: 1–38 at scale 1, then 39, 40, … for the extra ones.
            number = first + i + 1 if i < per_slot else base + (i - per_slot) * len(SLOTS) + slot_index + 1
            room = rooms[f"Meeting room {i + 1}"]
            high_level = number <= 8
            topic = TOPICS[(number - 1) % len(TOPICS)]
            organiser = delegations[(number - 1) % len(delegations)]
            title = f"{'High-level side event' if high_level else 'Workshop'} {number}: {topic}"
            capacity = 1 if number == 12 else min(room.capacity, 80)  # one small room shows a waiting list
            session = _session(
                title,
                SessionKind.SIDE_EVENT if high_level else SessionKind.WORKSHOP,
                start,
                end,
                room,
                capacity=capacity,
                description=f"Organised by {organiser.name}. {topic}: experience, good practice and next steps.",
            )
            if not session.organisers.exists():
                session.organisers.set([organiser, delegations[(number + 3) % len(delegations)]])
                _person(
                    session, ParticipantRole.MODERATOR, name=f"Moderator {number}", affiliation=organiser.name
                )
            sessions.append(session)
        by_slot.append(sessions)
        # the 75-minute grid has a fifth slot kept free for late side events
    SideEventSlot.objects.get_or_create(starts_at=_at(26, 15), defaults={"ends_at": _at(26, 16, 15)})
    return by_slot


def _registrations(by_slot: list[list[Session]], delegates: list[Member]) -> None:
    """Each delegate takes at most one side event per slot (no one in two overlapping sessions)."""
    existing = set(SessionRegistration.objects.values_list("session_id", "member_id"))
    taken = dict(
        SessionRegistration.objects.filter(status=RegistrationStatus.REGISTERED)
        .values("session_id")
        .annotate(n=Count("pk"))
        .values_list("session_id", "n")
    )
    slot_of = {session.pk: slot_index for slot_index, sessions in enumerate(by_slot) for session in sessions}
    busy = {(member_id, slot_of.get(session_id)) for session_id, member_id in existing}
    new = []

    def place(session: Session, member: Member, slot_index: int) -> None:
        busy.add((member.pk, slot_index))
        seats = taken.get(session.pk, 0)
        status = RegistrationStatus.REGISTERED if seats < session.capacity else RegistrationStatus.WAITLISTED
        if status == RegistrationStatus.REGISTERED:
            taken[session.pk] = seats + 1
        new.append(SessionRegistration(session=session, member=member, status=status))
        existing.add((session.pk, member.pk))

    # The one-seat side event always shows a waiting list: two delegates ask for it first.
    for slot_index, sessions in enumerate(by_slot):
        for session in sessions:
            if session.capacity == 1:
                free = [m for m in delegates if (m.pk, slot_index) not in busy]
                wanted = 2 - sum(1 for s_id, _m in existing if s_id == session.pk)
                for member in free[: max(wanted, 0)]:
                    place(session, member, slot_index)
    for slot_index, sessions in enumerate(by_slot):
        for i, member in enumerate(delegates):
            if (i + slot_index) % 3:  # a third of the delegates per slot
                continue
            if (member.pk, slot_index) in busy:
                continue
            place(sessions[(i + slot_index) % len(sessions)], member, slot_index)
    SessionRegistration.objects.bulk_create(new)


def _booths(delegations_by_code: dict[str, Delegation]) -> None:
    sizes = [BoothSize.LARGE, BoothSize.MEDIUM, BoothSize.SMALL]
    for i in range(24):
        zone = "Host Government" if i < 12 else "United Nations and partners"
        code = f"{'A' if i < 12 else 'B'}{i % 12 + 1:02d}"
        booth, _created = Booth.objects.get_or_create(
            code=code, defaults={"zone": zone, "size": sizes[i % 3]}
        )
        if i >= len(EXHIBITORS) or BoothAllocation.objects.filter(booth=booth).exists():
            continue
        name, kind, code3 = EXHIBITORS[i]
        delegation = delegations_by_code.get(code3) if code3 else None
        if kind == ExhibitorKind.DELEGATION and delegation is None:
            kind = ExhibitorKind.ORGANISATION
        BoothAllocation.objects.create(
            booth=booth,
            exhibitor_name=name,
            exhibitor_kind=kind,
            delegation=delegation,
            description="Cybercrime prevention and digital forensics technology.",
            contact_name=f"Contact {code}",
            contact_email=f"booth-{code.lower()}@demo.hanoi-convention.example",
            contact_phone="+84 24 0000 0000",
            setup_starts_at=_at(24, 8),
            setup_ends_at=_at(24, 20),
        )


def seed(*, scale: int, out) -> None:
    organiser = ensure_user(
        "programme-organiser",
        description="Organiser (programme): manage sessions, side-event proposals, publish the programme",
        first_name="Thu",
        last_name="Vu",
        roles=(Role.ORGANISER,),
        organisation="Ministry of Foreign Affairs",
    )
    delegations, delegates, speakers = _delegations(scale)
    rooms = _rooms(scale)
    _fixed_programme(rooms, list(speakers.values()))
    by_slot = _side_events(scale, rooms, delegations)
    _registrations(by_slot, delegates)
    by_code = {d.country_code: d for d in delegations if d.country_code}
    _booths(by_code)
    home = by_code.get("SGP") or delegations[0]
    partner = by_code.get("AUS") or delegations[1]
    liaison_user = ensure_user(
        "programme-liaison",
        description=f"Delegation liaison ({home.name}): my programme, side-event registrations and proposals",
        first_name="Wei",
        last_name="Tan",
        organisation="Ministry of Home Affairs, Singapore",
    )
    Liaison.objects.get_or_create(user=liaison_user, defaults={"delegation": home})
    if not SideEventProposal.objects.filter(title="Cyber hygiene for small and medium enterprises").exists():
        proposal = SideEventProposal.objects.create(
            delegation=home,
            proposed_by=liaison_user,
            title="Cyber hygiene for small and medium enterprises",
            description="Panel and practical demonstration.",
            speakers="Ms Lim, Cyber Security Agency of Singapore",
            logistics_needs="Projector, four microphones",
            expected_attendance=60,
        )
        proposal.co_organisers.set([partner])
    if not ProgrammeVersion.objects.exists() or Session.objects.filter(status=SessionStatus.DRAFT).exists():
        services.programme_publish(by=organiser, note="Demo programme")
    sessions = Session.objects.count()
    out.write(
        f"  programme: {sessions} sessions, {SessionRegistration.objects.count()} registrations, {Booth.objects.count()} booths"
    )
