"""Reads that cross relations, with their joins and prefetches, so each page costs a constant number of
queries whatever the number of delegations."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from hanoi_ceremony.audit.models import AuditEntry

from .countries import order_by_local_name
from .enums import Capacity, DelegationStatus, ParticipantType, ProtocolRank, Region
from .models import Delegation, FullPowers, Invitation, Member

S = DelegationStatus
MEMBER_ACTIONS = ("delegation.member_added", "delegation.member_changed", "delegation.member_removed")


def _head_subquery(column: str):
    return Subquery(
        Member.objects.filter(delegation=OuterRef("pk"), capacity=Capacity.HEAD).values(column)[:1]
    )


def delegation_list(
    *,
    base: QuerySet[Delegation],
    status: str = "",
    participant_type: str = "",
    region: str = "",
    head_rank: str = "",
    q: str = "",
) -> QuerySet[Delegation]:
    """Delegations for the organisers' list, filtered and ordered by name (cheap to count and to page;
    `delegation_rows` loads what one page shows)."""
    qs = base
    if status:
        qs = qs.filter(status=status)
    if participant_type:
        qs = qs.filter(participant_type=participant_type)
    if region:
        qs = qs.filter(region=region)
    if head_rank:
        qs = qs.filter(
            pk__in=Member.objects.filter(capacity=Capacity.HEAD, rank=head_rank).values("delegation_id")
        )
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(country_code__iexact=q)
            | Q(focal_point_email__icontains=q)
            | Q(pk__in=Member.objects.filter(family_name__icontains=q).values("delegation_id"))
        )
    return order_by_local_name(qs, "pk")


def delegation_rows(*, ids: list[int]) -> list[Delegation]:
    """One page of the list: each delegation with its head's name and rank and its size (one query)."""
    rows = Delegation.objects.filter(pk__in=ids).annotate(
        member_count=Count("members"),
        head_family_name=_head_subquery("family_name"),
        head_given_names=_head_subquery("given_names"),
        head_rank=_head_subquery("rank"),
    )
    rows = order_by_local_name(rows, "pk")
    labels = _labels()
    result = list(rows)
    for row in result:
        row.type_label = labels["type"][row.participant_type]
        row.region_label = labels["region"][row.region]
        row.status_label = labels["status"][row.status]
    return result


def _labels() -> dict[str, dict[str, str]]:
    """Choice labels resolved once per request (get_FOO_display on every row is slow for long lists)."""
    return {
        "type": {k: str(v) for k, v in ParticipantType.choices},
        "region": {k: str(v) for k, v in Region.choices},
        "status": {k: str(v) for k, v in DelegationStatus.choices},
    }


def delegation_detail(*, base: QuerySet[Delegation], pk: int) -> Delegation:
    """One delegation with members (and their full powers), documents and invitations loaded.
    Raises Delegation.DoesNotExist when `base` does not contain it (the view answers 404)."""
    return base.prefetch_related(
        Prefetch(
            "members",
            queryset=Member.objects.select_related("full_powers").order_by("capacity", "family_name"),
        ),
        "documents",
        Prefetch("invitations", queryset=Invitation.objects.order_by("-created_at")),
    ).get(pk=pk)


CAPACITY_ORDER = {value: index for index, value in enumerate(Capacity.values)}


def delegation_history(*, delegation: Delegation) -> list[AuditEntry]:
    """Every audit entry about the delegation, newest first (`history_rows` turns them into sentences)."""
    from hanoi_ceremony.audit.selectors import audit_history

    return list(audit_history(target=delegation))


def members_in_protocol_order(members) -> list[Member]:
    """Head of delegation first, then by capacity and name."""
    return sorted(members, key=lambda m: (CAPACITY_ORDER.get(m.capacity, 99), m.family_name, m.given_names))


def changes_since_review(*, delegation: Delegation, history: list[AuditEntry]) -> list[AuditEntry]:
    """Membership changes the organisers have not reviewed yet (after the last decision), oldest first."""
    since = delegation.last_reviewed_at
    if since is None or delegation.status != S.SUBMITTED:
        return []
    return sorted(
        (e for e in history if e.action in MEMBER_ACTIONS and e.created_at > since),
        key=lambda e: e.created_at,
    )


def full_powers_of(*, delegation: Delegation) -> list[FullPowers]:
    return [m.full_powers for m in delegation.members.all() if hasattr(m, "full_powers")]


def delegates_for_export(*, base: QuerySet[Delegation]) -> QuerySet[Member]:
    """Every member of a confirmed or submitted delegation, for hotels, airport pick-ups and badges."""
    return (
        Member.objects.filter(delegation__in=base, delegation__status__in=[S.CONFIRMED, S.SUBMITTED])
        .select_related("delegation")
        .order_by("delegation__name", "capacity", "family_name")
    )


# --- the "as of" report ------------------------------------------------------------------------------------


@dataclass
class StatusReport:
    as_of: datetime.datetime
    by_type: list[dict] = field(default_factory=list)  # rows: type label, invited, registered, confirmed
    totals: dict = field(default_factory=dict)
    delegates: int = 0
    heads_by_rank: list[tuple[str, int]] = field(default_factory=list)
    chart_labels: list[str] = field(default_factory=list)
    chart_confirmed: list[int] = field(default_factory=list)


REGISTERED_STATES = {S.SUBMITTED, S.CHANGES_REQUESTED, S.CONFIRMED}


def _standing_at(as_of, events, current) -> dict | None:
    """A member's capacity and rank at `as_of`: the state a later entry says it had before (exact), else
    what the last entry up to then recorded, else the row as it is now."""
    for at, _action, data in events:
        if at > as_of and data.get("before", {}).get("capacity"):
            return data["before"]
    recorded = [data for at, action, data in events if at <= as_of and data.get("capacity")]
    if recorded:
        return {"capacity": recorded[-1]["capacity"], "rank": recorded[-1].get("rank", "")}
    return current


def _members_as_of(*, as_of: datetime.datetime, content_type, delegation_ids) -> dict[int, list[dict]]:
    """The members each of `delegation_ids` had at `as_of`, replayed from the membership entries of the
    audit log (added, changed, removed) over the rows that exist now. Two queries (none without ids)."""
    events: dict[int, list] = defaultdict(list)
    delegation_of: dict[int, int] = {}
    if not delegation_ids:
        return {}
    entries = (
        AuditEntry.objects.filter(
            target_type=content_type,
            action__in=MEMBER_ACTIONS,
            target_id__in=[str(pk) for pk in delegation_ids],
        )
        .order_by("created_at", "id")
        .values_list("target_id", "action", "created_at", "data")
    )
    for target_id, action, created_at, data in entries:
        member_id = (data or {}).get("member_id")
        if member_id is None:
            continue
        events[member_id].append((created_at, action, data or {}))
        delegation_of[member_id] = int(target_id)
    rows = {
        pk: (delegation_id, {"capacity": capacity, "rank": rank}, created_at)
        for pk, delegation_id, capacity, rank, created_at in Member.objects.filter(
            delegation_id__in=delegation_ids
        ).values_list("pk", "delegation_id", "capacity", "rank", "created_at")
    }
    members: dict[int, list[dict]] = defaultdict(list)
    for member_id in set(rows) | set(events):
        history = events.get(member_id, [])
        row = rows.get(member_id)
        added = next((at for at, action, _d in history if action == "delegation.member_added"), None)
        removed = next((at for at, action, _d in history if action == "delegation.member_removed"), None)
        if added is None and row is not None:
            added = row[2]
        if added is None and removed is not None:  # added outside the services, later removed
            created = next(
                (d.get("created_at") for _at, a, d in history if a == "delegation.member_removed"), ""
            )
            added = datetime.datetime.fromisoformat(created) if created else None
        if added is None or added > as_of or (removed is not None and removed <= as_of):
            continue
        standing = _standing_at(as_of, history, row[1] if row else None)
        if standing is None:
            continue
        members[row[0] if row else delegation_of[member_id]].append(standing)
    return members


def status_report(*, as_of: datetime.datetime, chart_from: datetime.date | None = None) -> StatusReport:
    """What stood at `as_of`, computed from the audit history (each delegation's state is the `to_state` of
    its last state change at or before that moment), so a past figure is reproducible later.

    - invited: delegations that existed (any state but withdrawn/declined);
    - registered: submitted, changes requested or confirmed; confirmed: confirmed;
    - delegates and heads by rank: the members the delegations confirmed then had then (removals and
      changes of capacity or rank replayed from the history).
    Entries whose `to_state` is not a delegation state are not state changes of the delegation (older
    entries recorded a full-powers status there). Four queries whatever the data size."""
    content_type = ContentType.objects.get_for_model(Delegation)
    entries = (
        AuditEntry.objects.filter(
            target_type=content_type, created_at__lte=as_of, to_state__in=DelegationStatus.values
        )
        .order_by("created_at", "id")
        .values_list("target_id", "to_state", "created_at")
    )
    types = dict(Delegation.objects.values_list("pk", "participant_type"))
    state: dict[int, str] = {}
    local = timezone.localtime
    start = chart_from or (local(as_of).date() - datetime.timedelta(days=60))
    day_counts: dict[datetime.date, int] = {}
    confirmed = 0
    for target_id, to_state, created_at in entries:
        pk = int(target_id)
        if pk not in types:
            continue
        before = state.get(pk)
        state[pk] = to_state
        confirmed += (to_state == S.CONFIRMED) - (before == S.CONFIRMED)
        day_counts[local(created_at).date()] = confirmed
    report = StatusReport(as_of=as_of)
    rows = defaultdict(Counter)
    for pk, current in state.items():
        kind = types[pk]
        if current not in (S.WITHDRAWN, S.DECLINED):
            rows[kind]["invited"] += 1
        if current in REGISTERED_STATES:
            rows[kind]["registered"] += 1
        if current == S.CONFIRMED:
            rows[kind]["confirmed"] += 1
    totals = Counter()
    for kind in ParticipantType:
        row = rows.get(kind.value, Counter())
        report.by_type.append(
            {
                "label": kind.label,
                "type": kind.value,
                **{k: row[k] for k in ("invited", "registered", "confirmed")},
            }
        )
        totals.update(row)
    report.totals = {k: totals[k] for k in ("invited", "registered", "confirmed")}
    confirmed_ids = {pk for pk, current in state.items() if current == S.CONFIRMED}
    members = _members_as_of(as_of=as_of, content_type=content_type, delegation_ids=confirmed_ids)
    standing = [m for pk in confirmed_ids for m in members.get(pk, ())]
    report.delegates = len(standing)
    ranks = Counter(m["rank"] for m in standing if m["capacity"] == Capacity.HEAD)
    report.heads_by_rank = [(rank.label, ranks[rank.value]) for rank in ProtocolRank if ranks.get(rank.value)]
    # Cumulative confirmations at the end of each day, from `start` to the report's day.
    running = 0
    for day in sorted(d for d in day_counts if d < start):
        running = day_counts[day]
    day = start
    end = local(as_of).date()
    while day <= end:
        running = day_counts.get(day, running)
        report.chart_labels.append(day.isoformat())
        report.chart_confirmed.append(running)
        day += datetime.timedelta(days=1)
    return report


def status_report_cached(
    *, as_of: datetime.datetime, chart_from: datetime.date | None = None
) -> StatusReport:
    """`status_report`, cached until the audit log or the membership changes (two cheap queries)."""
    from django.core.cache import cache
    from django.db.models import Max

    audit_top = AuditEntry.objects.aggregate(top=Max("id"))["top"]
    members = Member.objects.aggregate(n=Count("id"), changed=Max("updated_at"))
    import hashlib

    raw = f"{as_of.isoformat()}|{chart_from}|{audit_top}|{members['n']}|{members['changed']}"
    key = "delegations:report:" + hashlib.sha256(raw.encode()).hexdigest()
    report = cache.get(key)
    if report is None:
        report = status_report(as_of=as_of, chart_from=chart_from)
        cache.set(key, report, 3600)
    return report


def review_inbox() -> list[Delegation]:
    """Registrations awaiting the organisers' review (submitted, or changed after confirmation and so
    submitted again), the one waiting longest first. `reviewed_before` marks those seen before."""
    rows = list(
        Delegation.objects.filter(status=DelegationStatus.SUBMITTED)
        .annotate(member_count=Count("members"))
        .order_by("status_changed_at", "pk")
    )
    for row in rows:
        row.reviewed_before = row.last_reviewed_at is not None
    return rows


REVIEW_WAITING_KEY = "delegations:review_waiting"


def review_waiting_count() -> int:
    """How many registrations await review: cached for a minute, forgotten by every status change of a
    delegation (``_transition`` in services), so the navigation costs no query while nothing moved."""
    from django.core.cache import cache

    count = cache.get(REVIEW_WAITING_KEY)
    if count is None:
        count = Delegation.objects.filter(status=DelegationStatus.SUBMITTED).count()
        cache.set(REVIEW_WAITING_KEY, count, 60)
    return count
