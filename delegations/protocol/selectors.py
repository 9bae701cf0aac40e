"""Protocol reads: the levels of participation as of any date (rebuilt from the audit history), the list of
participants in protocol order (filtered by each person's consent) and a delegation's confirmation letter."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from delegations.enums import Capacity, DelegationStatus, ListVisibility, ParticipantType, ProtocolRank
from delegations.models import Delegation, Member
from hanoi_ceremony.audit.models import AuditEntry

from .models import ParticipantsListVersion
from .ordering import protocol_key

HANOI = datetime.timezone(datetime.timedelta(hours=7))

# The UN Protocol's briefing table, top to bottom.
LEVELS = [
    (ProtocolRank.HEAD_OF_STATE, _("Heads of State")),
    (ProtocolRank.VICE_PRESIDENT, _("Vice-Presidents")),
    (ProtocolRank.CROWN_PRINCE, _("Crown Princes")),
    (ProtocolRank.HEAD_OF_GOVERNMENT, _("Heads of Government")),
    (ProtocolRank.DEPUTY_HEAD_OF_GOVERNMENT, _("Deputy Heads of Government")),
    (ProtocolRank.FOREIGN_MINISTER, _("Ministers for Foreign Affairs")),
    (ProtocolRank.MINISTER, _("Other ministers")),
    (ProtocolRank.VICE_MINISTER, _("Vice-ministers")),
    (ProtocolRank.AMBASSADOR, _("Ambassadors and Permanent Representatives")),
    (ProtocolRank.SENIOR_OFFICIAL, _("Senior officials")),
    (ProtocolRank.HEAD_OF_ORGANISATION, _("Heads of organisations")),
    (ProtocolRank.OTHER, _("Other")),
    ("", _("No head of delegation named")),
]


@dataclass
class Levels:
    as_of: datetime.date
    types: list[tuple[str, str]]
    rows: list[dict]  # {"rank", "label", "counts": [per type], "total"}
    totals: list[int]
    total: int


def _cutoff(as_of: datetime.date) -> datetime.datetime:
    """The end of the day `as_of` in Hà Nội, as an aware moment."""
    return datetime.datetime.combine(as_of + datetime.timedelta(days=1), datetime.time(0), tzinfo=HANOI)


def _status_as_of(cutoff: datetime.datetime) -> dict[int, str]:
    """Each delegation's status at `cutoff`: the state its latest audited change before then moved it to;
    failing that, the state its first audited change after then moved it from; failing both, its current
    status (when it existed then). Two queries."""
    meta = Delegation._meta
    before: dict[int, str] = {}
    after: dict[int, str] = {}
    entries = (
        AuditEntry.objects.filter(target_type__app_label=meta.app_label, target_type__model=meta.model_name)
        .exclude(to_state="")
        .order_by("created_at", "id")
        .values_list("target_id", "created_at", "from_state", "to_state")
    )
    for target_id, created_at, from_state, to_state in entries:
        pk = int(target_id)
        if created_at < cutoff:
            before[pk] = to_state
        elif pk not in after:
            after[pk] = from_state or DelegationStatus.INVITED
    statuses = {}
    # A delegation existed at the cutoff if its history says so (imports may set created_at later).
    existed = Q(created_at__lt=cutoff) | Q(pk__in=list(before))
    for pk, status in Delegation.objects.filter(existed).values_list("pk", "status"):
        if pk in before:
            statuses[pk] = before[pk]
        elif pk in after:
            statuses[pk] = after[pk]
        else:
            statuses[pk] = status
    return statuses


def _heads_as_of(cutoff: datetime.datetime, delegation_ids: set[int]) -> dict[int, str]:
    """Each delegation's head's rank at `cutoff`: today's members, with every audited change made after the
    cutoff undone (newest first) and members added after it left out. Two queries."""
    people = {
        pk: {"delegation": d, "capacity": c, "rank": r}
        for pk, d, c, r in Member.objects.filter(delegation_id__in=delegation_ids).values_list(
            "pk", "delegation_id", "capacity", "rank"
        )
    }
    later = (
        AuditEntry.objects.filter(
            action__in=("delegation.member_changed", "delegation.member_added"), created_at__gte=cutoff
        )
        .order_by("-created_at", "-id")
        .values_list("action", "data")
    )
    for action, data in later:
        member_id = (data or {}).get("member_id")
        person = people.get(member_id)
        if person is None:
            continue
        if action == "delegation.member_added":
            people.pop(member_id)
            continue
        changes = (data or {}).get("changes") or {}
        for field in ("capacity", "rank"):
            if field in changes and isinstance(changes[field], list) and changes[field]:
                person[field] = changes[field][0]
    heads = {}
    for person in people.values():
        if person["capacity"] == Capacity.HEAD:
            heads[person["delegation"]] = person["rank"]
    return heads


def levels_as_of(as_of: datetime.date) -> Levels:
    """How the delegations confirmed at the end of `as_of` are headed, by participant type. Five queries."""
    cutoff = _cutoff(as_of)
    statuses = _status_as_of(cutoff)
    confirmed = {pk for pk, status in statuses.items() if status == DelegationStatus.CONFIRMED}
    types_of = dict(Delegation.objects.filter(pk__in=confirmed).values_list("pk", "participant_type"))
    heads = _heads_as_of(cutoff, set(types_of))
    types = [(t.value, str(t.label)) for t in ParticipantType]
    counts: dict[tuple[str, str], int] = defaultdict(int)
    known = {rank for rank, _label in LEVELS}
    for pk, ptype in types_of.items():
        rank = heads.get(pk, "")
        counts[(rank if rank in known else ProtocolRank.OTHER, ptype)] += 1
    rows = []
    for rank, label in LEVELS:
        row_counts = [counts[(rank, t)] for t, _label in types]
        rows.append({"rank": str(rank), "label": str(label), "counts": row_counts, "total": sum(row_counts)})
    totals = [sum(r["counts"][i] for r in rows) for i in range(len(types))]
    return Levels(as_of=as_of, types=types, rows=rows, totals=totals, total=sum(totals))


# --- The list of participants ------------------------------------------------------------------------

LIST_CAPACITIES = [c for c in Capacity if c not in (Capacity.SECURITY,)]
CAPACITY_ORDER = {c: i for i, c in enumerate(Capacity)}


def visible_on_list(members, *, audience: str):
    """The one place consent is applied (Member.list_visibility, from the hardening branch): the public
    edition shows only people who chose "public"; the edition for registered participants adds those who
    chose "participants"; "nobody" is never shown. Works on dicts from a snapshot and on Member rows."""
    allowed = {ListVisibility.PUBLIC}
    if audience == ListVisibility.PARTICIPANTS:
        allowed.add(ListVisibility.PARTICIPANTS)

    def visibility(m):
        return m["visibility"] if isinstance(m, dict) else m.list_visibility

    return [m for m in members if visibility(m) in allowed]


def participants_snapshot() -> list[dict]:
    """Confirmed delegations in protocol order, each member's title, name, capacity and consent — no passport
    data is read. Two queries."""
    delegations = sorted(
        Delegation.objects.filter(status=DelegationStatus.CONFIRMED).only("pk", "name", "participant_type"),
        key=lambda d: protocol_key(d.participant_type, d.name),
    )
    by_delegation = defaultdict(list)
    capacities = dict(Capacity.choices)
    members = (
        Member.objects.filter(delegation__in=delegations, capacity__in=LIST_CAPACITIES)
        .exclude(list_visibility=ListVisibility.NOBODY)
        .values_list("delegation_id", "title", "given_names", "family_name", "capacity", "list_visibility")
        .order_by("family_name", "pk")
    )
    for delegation_id, title, given, family, capacity, visibility in members:
        by_delegation[delegation_id].append(
            {
                "title": title,
                "name": f"{given} {family.upper()}".strip(),
                "capacity": str(capacities.get(capacity, capacity)),
                "capacity_code": capacity,
                "visibility": visibility,
            }
        )
    out = []
    for d in delegations:
        people = sorted(by_delegation[d.pk], key=lambda m: CAPACITY_ORDER.get(m["capacity_code"], 99))
        out.append({"delegation": d.name, "type": d.participant_type, "members": people})
    return out


def edition(snapshot: list[dict], *, audience: str) -> list[dict]:
    """The snapshot as one audience may read it (delegations with nobody to show keep their name)."""
    return [{**g, "members": visible_on_list(g["members"], audience=audience)} for g in snapshot]


def latest_list() -> ParticipantsListVersion | None:
    return ParticipantsListVersion.objects.order_by("-number").first()


def list_versions():
    return list(
        ParticipantsListVersion.objects.defer("snapshot").select_related("published_by").order_by("-number")
    )


# --- Confirmation letters ------------------------------------------------------------------------------


def letter_members(delegation: Delegation) -> list[Member]:
    """The members the letter lists: those of the confirmed delegation whom security has approved (the
    accredited ones), head first. Members still being vetted, on hold or rejected are not named: the letter is
    shown to consular and travel authorities."""
    from delegations.accreditation.enums import VettingState

    members = list(
        Member.objects.filter(delegation=delegation, accreditation__vetting=VettingState.APPROVED).order_by(
            "family_name", "pk"
        )
    )
    return sorted(members, key=lambda m: CAPACITY_ORDER.get(m.capacity, 99))
