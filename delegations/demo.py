"""Demo delegations for the Hanoi Convention ceremony (../shared/domain.md).

≈110 States (real ISO 3166 codes, UN short names; Viet Nam hosts) and ≈40 organisations (the EU as REIO,
UNODC, INTERPOL, ASEAN, …) with registration histories spread over September–October 2025, written through
``audit_record(at=...)`` so the "as of" report tells the story: 93 delegations confirmed as of 14 October,
about 120 by the rehearsal on 23 October. ``--scale N`` adds synthetic organisations (N× the delegations).
Idempotent: a delegation that exists is left as it is.

Every date goes through ``demo_clock`` (hanoi_ceremony/core/demo.py): in the living demo the story is moved
ahead of today and only the steps that have happened by now are written (a delegation whose invitation lies
ahead is not created yet; one confirmed later in the story is still awaiting review).
Above ``--scale 10`` the data models a summit (COP28: ≈100,000 registered, 4,400 in the largest
delegation): the scale-10 ceremony plus 5×N large confirmed delegations, bulk-created, that bring the
members to ≈1,000×N (the largest 44×N). Idempotent: a delegation that exists is left as it is.
"""

import datetime
import hashlib
import random
import zlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from hanoi_ceremony.accounts.demo import ensure_user
from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.core.dates import CEREMONY_TZ
from hanoi_ceremony.core.demo import demo_clock
from hanoi_ceremony.core.pagecache import bump_for

from .countries import states
from .enums import SIGNING_TYPES, Capacity, DelegationStatus, FullPowersStatus, ParticipantType, ProtocolRank
from .models import Delegation, FullPowers, Invitation, InvitationStatus, Liaison, Member
from .services import STATE_ACTIONS

HANOI = CEREMONY_TZ  # the ceremony's time zone, defined once in core/dates.py
S = DelegationStatus
T = ParticipantType
STATE_COUNT = 110
CONFIRMED_BY_14_OCT = 93
CONFIRMED_BY_23_OCT = 120

ORGANISATIONS = [
    ("European Union", T.REIO, "europe"),
    ("United Nations Office on Drugs and Crime (UNODC)", T.UN_ENTITY, "international"),
    ("International Criminal Police Organization (INTERPOL)", T.IGO, "international"),
    ("Association of Southeast Asian Nations (ASEAN)", T.IGO, "asia"),
    ("ASEAN National Police (ASEANAPOL)", T.IGO, "asia"),
    ("African Union", T.IGO, "africa"),
    ("Council of Europe", T.IGO, "europe"),
    ("Organization for Security and Co-operation in Europe (OSCE)", T.IGO, "europe"),
    ("Organization of American States (OAS)", T.IGO, "americas"),
    ("League of Arab States", T.IGO, "international"),
    ("Organisation of Islamic Cooperation (OIC)", T.IGO, "international"),
    ("Commonwealth Secretariat", T.IGO, "international"),
    ("Economic Community of West African States (ECOWAS)", T.IGO, "africa"),
    ("Southern African Development Community (SADC)", T.IGO, "africa"),
    ("Pacific Islands Forum Secretariat", T.IGO, "oceania"),
    ("Gulf Cooperation Council", T.IGO, "asia"),
    ("European Union Agency for Law Enforcement Cooperation (Europol)", T.IGO, "europe"),
    ("Eurojust", T.IGO, "europe"),
    ("United Nations Development Programme (UNDP)", T.UN_ENTITY, "international"),
    ("United Nations Children's Fund (UNICEF)", T.UN_ENTITY, "international"),
    ("International Telecommunication Union (ITU)", T.UN_ENTITY, "international"),
    ("UNESCO", T.UN_ENTITY, "international"),
    ("World Intellectual Property Organization (WIPO)", T.UN_ENTITY, "international"),
    ("Office of the UN High Commissioner for Human Rights (OHCHR)", T.UN_ENTITY, "international"),
    ("United Nations Office of Counter-Terrorism (UNOCT)", T.UN_ENTITY, "international"),
    ("United Nations Institute for Disarmament Research (UNIDIR)", T.UN_ENTITY, "international"),
    ("UN Interregional Crime and Justice Research Institute (UNICRI)", T.UN_ENTITY, "international"),
    ("UN Women", T.UN_ENTITY, "international"),
    ("United Nations Office of Legal Affairs (OLA)", T.UN_ENTITY, "international"),
    ("World Bank Group", T.UN_ENTITY, "international"),
    ("International Committee of the Red Cross", T.CIVIL_SOCIETY, "international"),
    ("Internet Society", T.CIVIL_SOCIETY, "international"),
    ("Access Now", T.CIVIL_SOCIETY, "international"),
    ("Global Forum on Cyber Expertise", T.CIVIL_SOCIETY, "international"),
    ("Cybersecurity Tech Accord", T.PRIVATE_SECTOR, "international"),
    ("Forum of Incident Response and Security Teams (FIRST)", T.PRIVATE_SECTOR, "international"),
    ("Viettel Cyber Security", T.PRIVATE_SECTOR, "asia"),
    ("Vietnam National University, Hà Nội", T.ACADEMIA, "asia"),
    ("Oxford Internet Institute", T.ACADEMIA, "europe"),
    ("Chatham House", T.ACADEMIA, "europe"),
]

# Heads of State delegations, by rank (cycled): domain.md reports "93 delegations led by high-ranking leaders
# and ministers".
STATE_HEAD_RANKS = (
    [ProtocolRank.HEAD_OF_STATE] * 8
    + [ProtocolRank.VICE_PRESIDENT] * 3
    + [ProtocolRank.CROWN_PRINCE] * 1
    + [ProtocolRank.HEAD_OF_GOVERNMENT] * 6
    + [ProtocolRank.DEPUTY_HEAD_OF_GOVERNMENT] * 10
    + [ProtocolRank.FOREIGN_MINISTER] * 22
    + [ProtocolRank.MINISTER] * 30
    + [ProtocolRank.VICE_MINISTER] * 16
    + [ProtocolRank.AMBASSADOR] * 14
)
FAMILY_NAMES = [
    "Nguyen",
    "Martin",
    "Okafor",
    "Silva",
    "Tanaka",
    "Kowalski",
    "Haddad",
    "Andersen",
    "Mendoza",
    "Rahman",
    "Dubois",
    "Mwangi",
    "Petrov",
    "Kim",
    "Garcia",
    "Rossi",
    "Schmidt",
    "Singh",
    "Tran",
    "Ali",
]
GIVEN_NAMES = [
    "Anna",
    "Minh",
    "Amina",
    "Lucas",
    "Sofia",
    "Kenji",
    "Ngozi",
    "Omar",
    "Elena",
    "Thanh",
    "David",
    "Fatima",
    "Ivan",
    "Maria",
    "Hoa",
    "Pierre",
    "Grace",
    "Ahmed",
    "Lan",
    "Jonas",
]
HOTELS = [
    "JW Marriott Hotel Hanoi",
    "Sofitel Legend Metropole Hanoi",
    "InterContinental Hanoi Westlake",
    "Lotte Hotel Hanoi",
    "Hilton Hanoi Opera",
    "Melia Hanoi",
]
PHOTO_PATH = "photos/demo/placeholder.jpg"
PDF_PATH = "full_powers/demo/instrument.pdf"
DEMO_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A working-hours moment on a (2025) day of the story, as the demo's moment."""
    moment = datetime.datetime.combine(
        day, datetime.time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=HANOI
    )
    return demo_clock.shift(moment)


def _ensure_files() -> None:
    if not default_storage.exists(PHOTO_PATH):
        import io

        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (300, 400), (190, 190, 200)).save(buffer, "JPEG")
        default_storage.save(PHOTO_PATH, ContentFile(buffer.getvalue()))
    if not default_storage.exists(PDF_PATH):
        default_storage.save(PDF_PATH, ContentFile(DEMO_PDF))


def _plan(index: int, rng: random.Random) -> tuple[str, list[tuple[str, datetime.date]]]:
    """(final state, [(state, day), …]) for the index-th delegation of the demo."""
    d = datetime.date
    if index < CONFIRMED_BY_14_OCT:
        confirmed = d(2025, 9, 22) + datetime.timedelta(days=(index * 23) // CONFIRMED_BY_14_OCT)
        final = S.CONFIRMED
    elif index < CONFIRMED_BY_23_OCT:
        confirmed = d(2025, 10, 15) + datetime.timedelta(days=(index - CONFIRMED_BY_14_OCT) % 9)
        final = S.CONFIRMED
    else:
        confirmed = None
        final = (
            [S.SUBMITTED] * 10
            + [S.CHANGES_REQUESTED] * 6
            + [S.REGISTERING] * 6
            + [S.INVITED] * 4
            + [S.DECLINED] * 2
            + [S.WITHDRAWN] * 2
        )
        final = final[(index - CONFIRMED_BY_23_OCT) % len(final)]
    anchor = confirmed or d(2025, 10, 10) + datetime.timedelta(days=rng.randint(0, 10))
    submitted = anchor - datetime.timedelta(days=rng.randint(2, 5))
    registering = submitted - datetime.timedelta(days=rng.randint(2, 8))
    invited = registering - datetime.timedelta(days=rng.randint(1, 5))
    steps = [(S.INVITED, invited)]
    if final == S.INVITED:
        return final, steps
    steps.append((S.REGISTERING, registering))
    if final == S.REGISTERING:
        return final, steps
    if final in (S.DECLINED, S.WITHDRAWN):
        return final, [*steps, (final, submitted)]
    steps.append((S.SUBMITTED, submitted))
    if final == S.CHANGES_REQUESTED or (final == S.CONFIRMED and index % 5 == 0):
        steps.append((S.CHANGES_REQUESTED, submitted + datetime.timedelta(days=1)))
        if final == S.CONFIRMED:
            steps.append((S.SUBMITTED, submitted + datetime.timedelta(days=1)))
    if final == S.CONFIRMED:
        steps.append((S.CONFIRMED, confirmed))
    return final, steps


def _history(delegation: Delegation, steps, organiser, rng: random.Random) -> None:
    audit_record(
        actor=organiser,
        action="delegation.created",
        target=delegation,
        to_state=S.INVITED,
        at=_at(steps[0][1], rng) - datetime.timedelta(hours=1),
    )
    previous = ""
    for state, day in steps:
        at = _at(day, rng)
        reason = ""
        if state == S.CHANGES_REQUESTED:
            reason = "Please add the arrival flights and a badge photo for every adviser."
        elif state == S.DECLINED:
            reason = "Not on the list of invited participants."
        audit_record(
            actor=organiser if state in (S.INVITED, S.CHANGES_REQUESTED, S.CONFIRMED, S.DECLINED) else None,
            action=STATE_ACTIONS[state],
            target=delegation,
            from_state=previous,
            to_state=state,
            reason=reason,
            at=at,
        )
        previous = state
    invited_at = _at(steps[0][1], rng)
    accepted = len(steps) > 1 and steps[1][0] == S.REGISTERING
    Invitation.objects.create(
        delegation=delegation,
        email=delegation.focal_point_email,
        token_hash=hashlib.sha256(f"demo-invitation-{delegation.pk}".encode()).hexdigest(),
        status=InvitationStatus.ACCEPTED if accepted else InvitationStatus.PENDING,
        expires_at=invited_at + datetime.timedelta(days=14),
        created_by=organiser,
        last_sent_at=invited_at,
        accepted_at=_at(steps[1][1], rng) if accepted else None,
    )
    last_day = steps[-1][1]
    Delegation.objects.filter(pk=delegation.pk).update(
        status_changed_at=_at(last_day, rng),
        last_reviewed_at=_at(last_day, rng)
        if previous in (S.CONFIRMED, S.CHANGES_REQUESTED, S.DECLINED)
        else None,
        review_message="Please add the arrival flights and a badge photo for every adviser."
        if previous == S.CHANGES_REQUESTED
        else "",
    )


def _members(
    delegation: Delegation, head_rank: str, count: int, rng: random.Random, created: datetime.datetime
) -> list[Member]:
    nationality = delegation.country_code or rng.choice(
        ["FRA", "VNM", "USA", "KEN", "BRA", "JPN", "AUT", "BEL"]
    )
    capacities = [
        Capacity.REPRESENTATIVE,
        Capacity.ALTERNATE,
        Capacity.ADVISER,
        Capacity.EXPERT,
        Capacity.PROTOCOL,
        Capacity.SECURITY,
    ]
    members = []
    hotel = rng.choice(HOTELS)
    arrival = demo_clock.at(2025, 10, rng.randint(22, 24), rng.randint(6, 22), 0)
    for j in range(count):
        capacity = (
            Capacity.HEAD
            if j == 0
            else (Capacity.SPOUSE if j == 1 and count > 6 else capacities[(j - 1) % len(capacities)])
        )
        rank = head_rank if j == 0 else ProtocolRank.OTHER
        members.append(
            Member(
                delegation=delegation,
                family_name=rng.choice(FAMILY_NAMES),
                given_names=rng.choice(GIVEN_NAMES),
                title="H.E." if j == 0 else "",
                capacity=capacity,
                rank=rank,
                nationality=nationality,
                passport_number=f"P{delegation.pk:06d}{j:02d}",
                passport_expiry=demo_clock.date(2030, 1, 1),
                email=f"member{j}.{delegation.pk}@delegation.example",
                photo=PHOTO_PATH,
                arrival_flight=f"VN{rng.randint(10, 999)}",
                arrival_at=arrival,
                arrival_airport="Noi Bai International Airport (HAN)",
                departure_flight=f"VN{rng.randint(10, 999)}",
                departure_at=demo_clock.at(2025, 10, 27, rng.randint(6, 22), 0),
                departure_airport="Noi Bai International Airport (HAN)",
                hotel=hotel,
                dietary_needs=rng.choice(["", "", "vegetarian", "halal", "no pork"]),
            )
        )
    Member.objects.bulk_create(members)
    Member.objects.filter(delegation=delegation).update(created_at=created)
    return list(Member.objects.filter(delegation=delegation).order_by("id"))


def _seed_one(*, spec: dict, index: int, organiser, rng: random.Random) -> Delegation | None:
    lookup = {"country_code": spec["country_code"]} if spec.get("country_code") else {"name": spec["name"]}
    if Delegation.objects.filter(**lookup).exists():
        return None
    final, steps = _plan(index, rng)
    # The living demo writes only the steps that have happened by now (the day of a step counts whole).
    steps = [(state, day) for state, day in steps if demo_clock.happened(day)]
    if not steps:
        return None  # invited later in the story: not invited yet
    final = steps[-1][0]
    delegation = Delegation.objects.create(
        status=final, focal_point_email=spec["email"], **{k: v for k, v in spec.items() if k != "email"}
    )
    _history(delegation, steps, organiser, rng)
    if final == S.INVITED:
        return delegation
    is_state = delegation.participant_type in (T.MEMBER_STATE, T.OBSERVER_STATE)
    head_rank = (
        STATE_HEAD_RANKS[index % len(STATE_HEAD_RANKS)]
        if is_state
        else (ProtocolRank.HEAD_OF_ORGANISATION if index % 2 else ProtocolRank.SENIOR_OFFICIAL)
    )
    if delegation.participant_type == T.REIO:
        head_rank = ProtocolRank.HEAD_OF_ORGANISATION
    count = rng.randint(5, 12) if is_state else rng.randint(2, 5)
    created = _at(steps[1][1], rng) + datetime.timedelta(hours=2)
    members = _members(delegation, head_rank, count, rng, created)
    if (
        delegation.participant_type in SIGNING_TYPES
        and final == S.CONFIRMED
        and (index % 2 == 1 or index == 0)
    ):
        head = members[0]
        if head.signs_by_function:
            FullPowers.objects.create(member=head, status=FullPowersStatus.NOT_REQUIRED)
        elif index % 3 == 0:
            FullPowers.objects.create(
                member=head,
                status=FullPowersStatus.RECEIVED,
                document=PDF_PATH,
                received_at=_at(steps[-1][1], rng),
            )
        else:
            FullPowers.objects.create(member=head, status=FullPowersStatus.AWAITED)
    return delegation


def seed(*, scale: int, out) -> None:
    _ensure_files()
    organiser = ensure_user(
        "organiser",
        description="Organiser (host secretariat): the admin and every organiser page",
        first_name="Lan",
        last_name="Nguyen",
        is_staff=True,
        is_superuser=True,
    )
    all_states = states()
    chosen = ["VNM", "FRA"] + sorted(
        random.Random(79243).sample(sorted(c for c in all_states if c not in ("VNM", "FRA")), STATE_COUNT - 2)
    )
    specs = []
    for code in chosen:
        state = all_states[code]
        specs.append(
            {
                "name": state.name,
                "participant_type": state.participant_type,
                "country_code": state.code,
                "m49_code": state.m49,
                "region": state.region,
                "email": f"focal.{code.lower()}@mfa.example",
            }
        )
    for name, kind, region in ORGANISATIONS:
        specs.append(
            {
                "name": name,
                "participant_type": kind,
                "region": region,
                "email": f"focal@org{zlib.crc32(name.encode()) % 10**6}.example",
            }
        )
    # Interleave States and organisations so both appear across the timeline (Viet Nam first, France early).
    state_specs, organisation_specs = specs[:STATE_COUNT], specs[STATE_COUNT:]
    order = state_specs[:2]
    for k, state_spec in enumerate(state_specs[2:]):
        order.append(state_spec)
        if k % 3 == 0 and k // 3 < len(organisation_specs):
            order.append(organisation_specs[k // 3])
    order += organisation_specs[len(range(0, STATE_COUNT - 2, 3)) :]
    for extra in range(1, min(scale, SUMMIT_FROM - 1)):
        for k in range(len(ORGANISATIONS) + STATE_COUNT):
            order.append(
                {
                    "name": f"Synthetic organisation {extra:02d}-{k:03d}",
                    "participant_type": [T.IGO, T.CIVIL_SOCIETY, T.ACADEMIA, T.PRIVATE_SECTOR][k % 4],
                    "region": "international",
                    "email": f"focal.{extra}.{k}@synthetic.example",
                }
            )
    created = 0
    for index, spec in enumerate(order):
        delegation_rng = random.Random(f"{spec['name']}")
        if _seed_one(
            spec=spec,
            index=index % (len(ORGANISATIONS) + STATE_COUNT),
            organiser=organiser,
            rng=delegation_rng,
        ):
            created += 1
    if scale >= SUMMIT_FROM:
        created += _summit(scale, organiser)
    if created:
        bump_for(Delegation)  # a bulk write: the declared areas of the delegation pages
    _demo_liaisons()
    out.write(
        f"  delegations: {Delegation.objects.count()} ({created} new), {Member.objects.count()} members"
    )


SUMMIT_FROM = 11  # scales from here on model a summit


def _summit_sizes(delegations: int, members: int, largest: int) -> list[int]:
    """Delegation sizes, largest first, falling off like a power law, summing to `members`."""
    weights = [1 / (i + 1) ** 0.7 for i in range(1, delegations)]
    rest = max(members - largest, 0)
    shares = [rest * w / sum(weights) for w in weights]
    for _ in range(20):  # none above the largest: cap, and share what the capped ones lose among the rest
        excess = sum(max(0.0, x - largest) for x in shares)
        free = [w if x < largest else 0.0 for x, w in zip(shares, weights, strict=True)]
        if excess < 1 or not any(free):
            break
        shares = [min(x, largest) + excess * f / sum(free) for x, f in zip(shares, free, strict=True)]
    return [largest] + [max(5, min(largest, round(x))) for x in shares]


def _summit(scale: int, organiser) -> int:
    """The summit's large delegations, bulk-created (a few seconds for 100,000 people): confirmed, with a
    two-step audit history (created → confirmed) so the "as of" report counts them, and full members."""
    from django.contrib.contenttypes.models import ContentType

    from hanoi_ceremony.audit.models import AuditEntry

    wanted = 5 * scale
    names = [f"Summit delegation {i:04d}" for i in range(wanted)]
    existing = set(Delegation.objects.filter(name__in=names).values_list("name", flat=True))
    todo = [n for n in names if n not in existing]
    if not todo:
        return 0
    others = Member.objects.exclude(delegation__name__in=names).count()
    sizes = _summit_sizes(wanted, max(1000 * scale - others, wanted * 5), 44 * scale)
    kinds = [T.IGO, T.CIVIL_SOCIETY, T.UN_ENTITY, T.PRIVATE_SECTOR, T.ACADEMIA]
    confirmed_at = datetime.datetime(2025, 10, 10, 10, 0, tzinfo=HANOI)
    delegations = Delegation.objects.bulk_create(
        [
            Delegation(
                name=name,
                participant_type=kinds[names.index(name) % len(kinds)],
                region="international",
                status=S.CONFIRMED,
                focal_point_email=f"focal.summit{names.index(name)}@summit.example",
                status_changed_at=confirmed_at,
                last_reviewed_at=confirmed_at,
            )
            for name in todo
        ],
        batch_size=1000,
    )
    content_type = ContentType.objects.get_for_model(Delegation)
    entries = []
    for delegation in delegations:
        for action, to_state, at in (
            ("delegation.created", S.INVITED, confirmed_at - datetime.timedelta(days=20)),
            (f"delegation.{S.CONFIRMED}", S.CONFIRMED, confirmed_at),
        ):
            entries.append(
                AuditEntry(
                    created_at=at,
                    actor=organiser,
                    actor_repr=str(organiser),
                    action=action,
                    target_type=content_type,
                    target_id=str(delegation.pk),
                    target_repr=str(delegation)[:300],
                    to_state=to_state,
                )
            )
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    capacities = [Capacity.REPRESENTATIVE, Capacity.ALTERNATE, Capacity.ADVISER, Capacity.EXPERT]
    arrival = datetime.datetime(2025, 10, 23, 9, 0, tzinfo=HANOI)
    departure = datetime.datetime(2025, 10, 27, 18, 0, tzinfo=HANOI)
    batch: list[Member] = []
    for delegation in delegations:
        size = sizes[names.index(delegation.name)]
        for j in range(size):
            batch.append(
                Member(
                    delegation=delegation,
                    family_name=FAMILY_NAMES[(delegation.pk + j) % len(FAMILY_NAMES)],
                    given_names=GIVEN_NAMES[(delegation.pk * 7 + j) % len(GIVEN_NAMES)],
                    capacity=Capacity.HEAD if j == 0 else capacities[j % len(capacities)],
                    rank=ProtocolRank.HEAD_OF_ORGANISATION if j == 0 else ProtocolRank.OTHER,
                    nationality="VNM",
                    passport_number=f"S{delegation.pk:06d}{j:05d}",
                    passport_expiry=datetime.date(2030, 1, 1),
                    email=f"s{j}.{delegation.pk}@summit.example",
                    arrival_at=arrival,
                    departure_at=departure,
                    hotel=HOTELS[delegation.pk % len(HOTELS)],
                )
            )
            if len(batch) >= 5000:
                Member.objects.bulk_create(batch)
                batch = []
    Member.objects.bulk_create(batch)
    return len(delegations)


def _demo_liaisons() -> None:
    for username, code, text in (
        ("liaison.vnm", "VNM", "Liaison of Viet Nam (host, confirmed)"),
        ("liaison.fra", "FRA", "Liaison of France (confirmed; Head of State signs without full powers)"),
    ):
        delegation = Delegation.objects.filter(country_code=code).first()
        if delegation is None:
            continue
        user = ensure_user(
            username, description=text, first_name="Demo", last_name=code, organisation=delegation.name
        )
        Liaison.objects.get_or_create(user=user, defaults={"delegation": delegation})
    registering = (
        Delegation.objects.filter(status=S.CHANGES_REQUESTED, country_code__isnull=False)
        .order_by("name")
        .first()
    )
    if registering is None:
        registering = _send_one_back()
    if registering is not None:
        user = ensure_user(
            "liaison.changes",
            description=f"Liaison of {registering.name} (changes requested by the organisers)",
            first_name="Demo",
            last_name="Liaison",
            organisation=registering.name,
        )
        Liaison.objects.get_or_create(user=user, defaults={"delegation": registering})


def _send_one_back() -> Delegation | None:
    """The living demo stops the story before any State was sent back for changes: the organisers send back
    the registration that has waited longest, an hour after it came in (and before today)."""
    delegation = (
        Delegation.objects.filter(status=S.SUBMITTED, country_code__isnull=False)
        .order_by("status_changed_at", "pk")
        .first()
    )
    if delegation is None:
        return None
    organiser = ensure_user("organiser", description="Organiser (host secretariat)")
    at = min(
        delegation.status_changed_at + datetime.timedelta(hours=1),
        demo_clock.start_of_today() - datetime.timedelta(minutes=5),
    )
    message = "Please add the arrival flights and a badge photo for every adviser."
    audit_record(
        actor=organiser,
        action="delegation.changes_requested",
        target=delegation,
        from_state=S.SUBMITTED,
        to_state=S.CHANGES_REQUESTED,
        reason=message,
        at=at,
    )
    Delegation.objects.filter(pk=delegation.pk).update(
        status=S.CHANGES_REQUESTED, status_changed_at=at, last_reviewed_at=at, review_message=message
    )
    delegation.refresh_from_db()
    return delegation
