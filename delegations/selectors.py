"""Reads that cross relations, with their joins and prefetches, so each page costs a constant number of
queries whatever the number of delegations."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.audit.models import AuditEntry

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
    return qs.order_by("name", "pk")


def delegation_rows(*, ids: list[int]) -> list[Delegation]:
    """One page of the list: each delegation with its head's name and rank and its size (one query)."""
    rows = (
        Delegation.objects.filter(pk__in=ids)
        .annotate(
            member_count=Count("members"),
            head_family_name=_head_subquery("family_name"),
            head_given_names=_head_subquery("given_names"),
            head_rank=_head_subquery("rank"),
        )
        .order_by("name", "pk")
    )
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


ACTION_LABELS = {
    "delegation.created": _("Delegation added"),
    "delegation.invited": _("Invitation sent"),
    "delegation.invitation_resent": _("Invitation sent again"),
    "delegation.invitation_revoked": _("Invitation revoked"),
    "delegation.invitation_accepted": _("Invitation accepted"),
    "delegation.registering": _("Registration started"),
    "delegation.submitted": _("Submitted"),
    "delegation.changes_requested": _("Changes requested"),
    "delegation.confirmed": _("Confirmed"),
    "delegation.declined": _("Declined"),
    "delegation.withdrawn": _("Withdrawn"),
    "delegation.resubmitted": _("Back to review after a change"),
    "delegation.member_added": _("Member added"),
    "delegation.member_changed": _("Member changed"),
    "delegation.member_removed": _("Member removed"),
    "delegation.document_uploaded": _("Document uploaded"),
    "delegation.signatory_designated": _("Intended signatory named"),
    "delegation.full_powers_uploaded": _("Full powers received"),
    "delegation.liaison_set": _("Liaison set"),
}
CAPACITY_ORDER = {value: index for index, value in enumerate(Capacity.values)}


def delegation_history(*, delegation: Delegation) -> list[AuditEntry]:
    """Every audit entry about the delegation, newest first, each with a readable `label`."""
    from hanoi_ceremony.audit.selectors import audit_history

    entries = list(audit_history(target=delegation))
    states = {k: str(v) for k, v in DelegationStatus.choices}
    for entry in entries:
        entry.label = ACTION_LABELS.get(entry.action, entry.action)
        entry.from_label = states.get(entry.from_state, entry.from_state)
        entry.to_label = states.get(entry.to_state, entry.to_state)
    return entries


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


def status_report(*, as_of: datetime.datetime, chart_from: datetime.date | None = None) -> StatusReport:
    """What stood at `as_of`, computed from the audit history (each delegation's state is the `to_state` of
    its last state change at or before that moment), so a past figure is reproducible later.

    - invited: delegations that existed (any state but withdrawn/declined);
    - registered: submitted, changes requested or confirmed; confirmed: confirmed;
    - delegates and heads by rank: members (created by then) of the delegations confirmed then.
    Five queries whatever the data size."""
    content_type = ContentType.objects.get_for_model(Delegation)
    entries = (
        AuditEntry.objects.filter(target_type=content_type, created_at__lte=as_of)
        .exclude(to_state="")
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
    confirmed_ids = [pk for pk, current in state.items() if current == S.CONFIRMED]
    members = Member.objects.filter(delegation_id__in=confirmed_ids, created_at__lte=as_of)
    report.delegates = members.count()
    ranks = dict(
        members.filter(capacity=Capacity.HEAD).values_list("rank").annotate(n=Count("id")).order_by()
    )
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
