"""Demo signing roster and speakers' lists (domain.md: "about 60 registered to sign, about 60 speeches").

Runs after delegations.demo and agenda.demo and uses their delegations and sessions (sessions looked up by
kind). When they are absent it creates the minimum it needs — States, a head of each delegation, the
signing, plenary and high-level sessions — idempotently. ``--scale N`` puts up to 60×N parties on the roster
(capped by the signing parties that exist: one signature per party) and inscribes more speakers.
Running it twice changes nothing: every row is looked up before it is created.
"""

import datetime

from django.db.models import Q

from agenda.enums import SessionKind, SessionStatus
from agenda.models import Session
from delegations.enums import (
    SIGNING_TYPES,
    Capacity,
    DelegationStatus,
    FullPowersStatus,
    ParticipantType,
    ProtocolRank,
)
from delegations.models import Delegation, FullPowers, Liaison, Member
from hanoi_ceremony.accounts.demo import ensure_user
from hanoi_ceremony.accounts.models import User
from hanoi_ceremony.accounts.roles import Role
from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.core.dates import CEREMONY_TZ
from hanoi_ceremony.core.demo import demo_clock
from hanoi_ceremony.core.pagecache import bump_for

from .enums import InscriptionStatus, OrderingRule, SigningPlace, SigningStatus, SpeakersListKind
from .models import Inscription, Ratification, SigningEntry, SigningRoster, SpeakersList
from .services import roster_apply_rule, roster_open, speakers_list_open

HANOI = CEREMONY_TZ  # the ceremony's time zone, defined once in core/dates.py
PARTIES = 60
SPEAKERS = 60

# Fallback States (UN short names, ISO 3166 alpha-3, M49 region) when delegations.demo has not run.
STATES = [
    ("Viet Nam", "VNM", "asia"),
    ("Algeria", "DZA", "africa"),
    ("Angola", "AGO", "africa"),
    ("Argentina", "ARG", "americas"),
    ("Australia", "AUS", "oceania"),
    ("Austria", "AUT", "europe"),
    ("Bangladesh", "BGD", "asia"),
    ("Belarus", "BLR", "europe"),
    ("Belgium", "BEL", "europe"),
    ("Brazil", "BRA", "americas"),
    ("Brunei Darussalam", "BRN", "asia"),
    ("Burkina Faso", "BFA", "africa"),
    ("Cambodia", "KHM", "asia"),
    ("Cameroon", "CMR", "africa"),
    ("Chile", "CHL", "americas"),
    ("China", "CHN", "asia"),
    ("Colombia", "COL", "americas"),
    ("Costa Rica", "CRI", "americas"),
    ("Cuba", "CUB", "americas"),
    ("Denmark", "DNK", "europe"),
    ("Dominican Republic", "DOM", "americas"),
    ("Egypt", "EGY", "africa"),
    ("Ethiopia", "ETH", "africa"),
    ("Fiji", "FJI", "oceania"),
    ("Finland", "FIN", "europe"),
    ("France", "FRA", "europe"),
    ("Ghana", "GHA", "africa"),
    ("Greece", "GRC", "europe"),
    ("India", "IND", "asia"),
    ("Indonesia", "IDN", "asia"),
    ("Iran (Islamic Republic of)", "IRN", "asia"),
    ("Japan", "JPN", "asia"),
    ("Jordan", "JOR", "asia"),
    ("Kazakhstan", "KAZ", "asia"),
    ("Kenya", "KEN", "africa"),
    ("Lao People's Democratic Republic", "LAO", "asia"),
    ("Malaysia", "MYS", "asia"),
    ("Maldives", "MDV", "asia"),
    ("Mexico", "MEX", "americas"),
    ("Mongolia", "MNG", "asia"),
    ("Morocco", "MAR", "africa"),
    ("Mozambique", "MOZ", "africa"),
    ("Myanmar", "MMR", "asia"),
    ("Nepal", "NPL", "asia"),
    ("New Zealand", "NZL", "oceania"),
    ("Nicaragua", "NIC", "americas"),
    ("Nigeria", "NGA", "africa"),
    ("Norway", "NOR", "europe"),
    ("Pakistan", "PAK", "asia"),
    ("Panama", "PAN", "americas"),
    ("Papua New Guinea", "PNG", "oceania"),
    ("Peru", "PER", "americas"),
    ("Philippines", "PHL", "asia"),
    ("Poland", "POL", "europe"),
    ("Portugal", "PRT", "europe"),
    ("Qatar", "QAT", "asia"),
    ("Republic of Korea", "KOR", "asia"),
    ("Russian Federation", "RUS", "europe"),
    ("Saudi Arabia", "SAU", "asia"),
    ("Senegal", "SEN", "africa"),
    ("Singapore", "SGP", "asia"),
    ("South Africa", "ZAF", "africa"),
    ("Sri Lanka", "LKA", "asia"),
    ("Thailand", "THA", "asia"),
    ("Timor-Leste", "TLS", "asia"),
    ("Tunisia", "TUN", "africa"),
    ("Türkiye", "TUR", "asia"),
    ("Uganda", "UGA", "africa"),
    ("United Arab Emirates", "ARE", "asia"),
    ("Uruguay", "URY", "americas"),
    ("Venezuela (Bolivarian Republic of)", "VEN", "americas"),
    ("Zambia", "ZMB", "africa"),
    ("Zimbabwe", "ZWE", "africa"),
]
OBSERVERS = [("Holy See", "VAT", "europe"), ("State of Palestine", "PSE", "asia")]
ORGANISATIONS = [
    ("European Union", ParticipantType.REIO, "europe"),
    ("United Nations Office on Drugs and Crime (UNODC)", ParticipantType.UN_ENTITY, "international"),
    ("International Criminal Police Organization (INTERPOL)", ParticipantType.IGO, "international"),
    ("Association of Southeast Asian Nations (ASEAN)", ParticipantType.IGO, "asia"),
    ("African Union", ParticipantType.IGO, "africa"),
    ("Council of Europe", ParticipantType.IGO, "europe"),
]
# The rank of each party's signatory, cycled: heads and foreign ministers sign by function, the others
# need full powers (domain rule 1).
SIGNATORY_RANKS = [
    ProtocolRank.HEAD_OF_STATE,
    ProtocolRank.MINISTER,
    ProtocolRank.FOREIGN_MINISTER,
    ProtocolRank.HEAD_OF_GOVERNMENT,
    ProtocolRank.VICE_MINISTER,
    ProtocolRank.MINISTER,
    ProtocolRank.AMBASSADOR,
    ProtocolRank.VICE_PRESIDENT,
    ProtocolRank.FOREIGN_MINISTER,
    ProtocolRank.MINISTER,
]
FAMILY_NAMES = [
    "Nguyen",
    "Okafor",
    "Silva",
    "Haddad",
    "Kowalski",
    "Tanaka",
    "Mensah",
    "Rossi",
    "Khan",
    "Ivanova",
    "Garcia",
    "Lindqvist",
    "Sato",
    "Mwangi",
    "Dubois",
    "Rahman",
    "Park",
    "Ali",
    "Costa",
    "Novak",
]
# Moments of the 2025 story; ``demo_clock`` (hanoi_ceremony/core/demo.py) moves each where it is written, and
# in the living demo the facts that lie ahead (full powers checked, signatures) are not written yet.
T_DAY1 = datetime.datetime(2025, 10, 25, 10, 30, tzinfo=HANOI)
T_INSCRIPTION = datetime.datetime(2025, 10, 10, 9, 0, tzinfo=HANOI)
T_RECEIVED = datetime.datetime(2025, 10, 20, 10, 0, tzinfo=HANOI)
T_VERIFIED = datetime.datetime(2025, 10, 23, 16, 0, tzinfo=HANOI)
T_CONFIRMED = datetime.datetime(2025, 10, 24, 18, 0, tzinfo=HANOI)


def _session(kind: str, title: str, start: datetime.datetime, minutes: int) -> Session:
    session = Session.objects.filter(kind=kind).order_by("starts_at", "pk").first()
    if session is None:
        session = Session.objects.create(
            kind=kind,
            title=title,
            starts_at=start,
            ends_at=start + datetime.timedelta(minutes=minutes),
            status=SessionStatus.PUBLISHED,
        )
    return session


def _high_level_sessions() -> list[Session]:
    sessions = list(Session.objects.filter(kind=SessionKind.HIGH_LEVEL).order_by("starts_at", "pk"))
    if sessions:
        return sessions
    titles = [
        "High-level discussion 1: Sharing responsibility",
        "High-level discussion 2: Electronic evidence across borders",
        "High-level discussion 3: Technical assistance and capacity-building",
        "High-level discussion 4: Protecting human rights online",
    ]
    start = demo_clock.at(2025, 10, 26, 9, 0)
    return [
        Session.objects.create(
            kind=SessionKind.HIGH_LEVEL,
            title=title,
            starts_at=start + datetime.timedelta(minutes=90 * i),
            ends_at=start + datetime.timedelta(minutes=90 * i + 75),
            status=SessionStatus.PUBLISHED,
        )
        for i, title in enumerate(titles)
    ]


def _delegation(name: str, kind: str, code: str | None, region: str) -> Delegation:
    found = Delegation.objects.filter(Q(country_code=code) if code else Q(name__iexact=name)).first()
    if found is None:
        found = Delegation.objects.create(
            name=name,
            participant_type=kind,
            country_code=code,
            region=region,
            status=DelegationStatus.CONFIRMED,
        )
    return found


def _ensure_delegations() -> None:
    for name, code, region in STATES:
        _delegation(name, ParticipantType.MEMBER_STATE, code, region)
    for name, code, region in OBSERVERS:
        _delegation(name, ParticipantType.OBSERVER_STATE, code, region)
    for name, kind, region in ORGANISATIONS:
        _delegation(name, kind, None, region)


def _head(delegation: Delegation, index: int) -> Member:
    """The head of delegation (created with a demo rank when the delegation has none)."""
    head = delegation.members.filter(capacity=Capacity.HEAD).first()
    if head is None:
        rank = SIGNATORY_RANKS[index % len(SIGNATORY_RANKS)]
        if not delegation.is_state:
            rank = ProtocolRank.HEAD_OF_ORGANISATION
        head = Member.objects.create(
            delegation=delegation,
            family_name=FAMILY_NAMES[index % len(FAMILY_NAMES)],
            given_names="Demo",
            title="H.E.",
            capacity=Capacity.HEAD,
            rank=rank,
        )
    return head


def _signing_parties(limit: int, host_code: str) -> list[Delegation]:
    parties = list(
        Delegation.objects.filter(participant_type__in=[t.value for t in SIGNING_TYPES])
        .exclude(status__in=[DelegationStatus.DECLINED, DelegationStatus.WITHDRAWN])
        .order_by("name", "pk")
    )
    host = [d for d in parties if d.country_code == host_code]
    others = [d for d in parties if d.country_code != host_code]
    return (host + others)[:limit]


def seed(*, scale: int, out) -> None:
    from hanoi_ceremony.core.selectors import ceremony_get

    ceremony = ceremony_get()
    host_code = ceremony.host_country_code if ceremony else "VNM"
    organiser = User.objects.filter(username="organiser").first() or ensure_user(
        "organiser",
        description="Organiser (host secretariat)",
        roles=(Role.ORGANISER,),
        is_staff=True,
        is_superuser=True,
    )
    if Delegation.objects.filter(participant_type__in=[t.value for t in SIGNING_TYPES]).count() < PARTIES:
        _ensure_delegations()

    signing = _session(SessionKind.SIGNING, "Signing ceremony", demo_clock.at(2025, 10, 25, 10, 0), 120)
    plenary_session = _session(SessionKind.PLENARY, "Plenary", demo_clock.at(2025, 10, 25, 14, 0), 240)
    roster = roster_open(session=signing, by=organiser)

    # --- Roster: host first, then the others; some full powers still awaited, some parties signed.
    parties = _signing_parties(PARTIES * scale, host_code)
    existing = set(SigningEntry.objects.values_list("delegation_id", flat=True))
    next_position = (
        SigningEntry.objects.filter(roster=roster)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
        or 0
    )
    added = 0
    for index, party in enumerate(parties):
        if party.pk in existing:
            continue
        signatory = _head(party, index)
        next_position += 1
        registered = demo_clock.past(
            datetime.datetime(2025, 9, 1, 9, 0, tzinfo=HANOI) + datetime.timedelta(hours=7 * index)
        )
        entry = SigningEntry.objects.create(
            roster=roster,
            delegation=party,
            participant_type=party.participant_type,
            signatory=signatory,
            position=next_position,
            registered_at=registered,
        )
        added += 1
        if not signatory.signs_by_function:
            # Every third instrument still awaited, every fifth received but unchecked, the rest verified.
            status = (
                FullPowersStatus.AWAITED
                if index % 3 == 0 or not demo_clock.happened(T_RECEIVED)
                else FullPowersStatus.RECEIVED
                if index % 5 == 0 or not demo_clock.happened(T_VERIFIED)
                else FullPowersStatus.VERIFIED
            )
            defaults = {"status": status}
            if status != FullPowersStatus.AWAITED:
                defaults["received_at"] = demo_clock.shift(T_RECEIVED)
            if status == FullPowersStatus.VERIFIED:
                defaults.update(verified_at=demo_clock.shift(T_VERIFIED), verified_by=organiser)
            fp, _ = FullPowers.objects.get_or_create(member=signatory, defaults=defaults)
            verified = fp.status == FullPowersStatus.VERIFIED
        else:
            verified = True
        if verified and demo_clock.happened(T_CONFIRMED):
            entry.confirmed_at = demo_clock.shift(T_CONFIRMED)
            entry.confirmed_by = organiser
            # Two parties in three have signed in Hà Nội; two signed later at UN Headquarters.
            if index % 3 != 2 and demo_clock.happened(T_DAY1):
                entry.status = SigningStatus.SIGNED
                entry.signed_at = demo_clock.shift(T_DAY1 + datetime.timedelta(minutes=2 * index))
                entry.place = SigningPlace.HANOI
            elif index in (5, 11) and demo_clock.happened(
                datetime.datetime(2026, 2, 3, 11, 0, tzinfo=datetime.UTC)
            ):
                entry.status = SigningStatus.SIGNED
                entry.signed_at = demo_clock.shift(
                    datetime.datetime(2026, 2, 3, 11, 0, tzinfo=datetime.UTC) + datetime.timedelta(days=index)
                )
                entry.place = SigningPlace.HEADQUARTERS
            entry.save()
        audit_record(
            actor=organiser,
            action="signing_entry.added",
            target=entry,
            to_state=entry.status,
            reason="demo data",
            at=registered,
        )
    if added:
        _apply_protocol_order(roster)

    # --- A few instruments of ratification (the road to entry into force).
    for index, entry in enumerate(
        SigningEntry.objects.filter(status=SigningStatus.SIGNED)
        .select_related("delegation")
        .order_by("signed_at", "pk")[: 6 * scale]
    ):
        Ratification.objects.get_or_create(
            delegation=entry.delegation,
            defaults={
                "deposited_on": demo_clock.shift(
                    datetime.date(2026, 3, 1) + datetime.timedelta(days=9 * index)
                ),
                "is_reio": entry.participant_type == ParticipantType.REIO,
            },
        )

    # --- Speakers' lists: the plenary (≈60 speakers across groups and tiers) and each high-level discussion.
    plenary, _ = SpeakersList.objects.get_or_create(
        session=plenary_session,
        defaults={"kind": SpeakersListKind.PLENARY, "default_time_limit_seconds": 300},
    )
    # The host State speaks too (its President co-chairs); the others in name order.
    pool = Delegation.objects.exclude(status__in=[DelegationStatus.DECLINED, DelegationStatus.WITHDRAWN])
    speakers = list(pool.filter(country_code=host_code)) + list(
        pool.exclude(country_code=host_code).order_by("name", "pk")[: SPEAKERS * scale - 1]
    )
    inscribed = _inscribe(plenary, speakers)
    for n, session in enumerate(_high_level_sessions()):
        hl = speakers_list_open(session=session, by=organiser, default_time_limit_seconds=180)
        inscribed += _inscribe(hl, speakers[n::4][: 15 * scale])

    # --- A liaison who inscribes their delegation's speaker.
    kenya = Delegation.objects.filter(country_code="KEN").first()
    if kenya is not None:
        user = ensure_user(
            "liaison.signing",
            description="Liaison of Kenya: inscribe a speaker, see the place on the list",
            first_name="Amani",
            last_name="Wanjiru",
        )
        if not Liaison.objects.filter(user=user).exists():
            Liaison.objects.create(user=user, delegation=kenya)
    bump_for(SigningEntry)  # a bulk write: its declared content areas
    out.write(
        f"  signing: {SigningEntry.objects.count()} parties on the roster "
        f"({SigningEntry.objects.filter(status=SigningStatus.SIGNED).count()} signed), "
        f"{Inscription.objects.count()} inscribed speakers (+{added} entries, +{inscribed} speakers)\n"
    )


def _apply_protocol_order(roster: SigningRoster) -> None:
    roster_apply_rule(roster=roster, rule=OrderingRule.PROTOCOL, expected_version=None, by=None)


def _inscribe(speakers_list: SpeakersList, delegations: list[Delegation]) -> int:
    taken = set(
        speakers_list.inscriptions.exclude(status=InscriptionStatus.WITHDRAWN).values_list(
            "delegation_id", flat=True
        )
    )
    created = 0
    for index, delegation in enumerate(delegations):
        if delegation.pk in taken:
            continue
        Inscription.objects.create(
            speakers_list=speakers_list,
            delegation=delegation,
            speaker=_head(delegation, index),
            inscribed_at=demo_clock.past(T_INSCRIPTION + datetime.timedelta(minutes=37 * index)),
            time_limit_seconds=speakers_list.default_time_limit_seconds,
        )
        created += 1
    return created
