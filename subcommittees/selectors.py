"""Reads for the subcommittee pages. Each dashboard costs a constant number of queries, whatever the
number of tasks: aggregates with conditional counts, never one query per row."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.utils import timezone

from .enums import OPEN_STATUSES, EscalationStatus, MilestoneStatus, TaskStatus
from .models import Escalation, Milestone, Subcommittee, Task, TaskUpdate

OPEN = [s.value for s in OPEN_STATUSES]
LIST_LIMIT = 8


def _now() -> datetime.datetime:
    return timezone.now()


def task_list_qs(qs: QuerySet[Task]) -> QuerySet[Task]:
    return qs.select_related("subcommittee", "assignee", "approver", "milestone")


def tasks_filtered(qs: QuerySet[Task], *, user, filters: dict | None) -> QuerySet[Task]:
    """The task list's rows: `qs` (already scoped to what `user` may see) narrowed by the task filter
    form's cleaned data (`None` when the form was not valid), soonest due first."""
    qs = task_list_qs(qs)
    data = filters or {}
    if data.get("subcommittee"):
        qs = qs.filter(subcommittee=data["subcommittee"])
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("milestone"):
        qs = qs.filter(milestone=data["milestone"])
    if data.get("overdue"):
        qs = qs.filter(status__in=list(OPEN_STATUSES), due_at__lt=_now())
    if data.get("mine"):
        qs = qs.filter(Q(assignee=user) | Q(approver=user))
    if data.get("q"):
        qs = qs.filter(Q(title__icontains=data["q"]) | Q(description__icontains=data["q"]))
    return qs.order_by("due_at", "pk")


def escalations_filtered(qs: QuerySet[Escalation], *, status: str) -> QuerySet[Escalation]:
    """The escalation list's rows in one status (an unknown status shows them all), soonest needed first."""
    qs = qs.select_related("subcommittee", "raised_by", "decided_by")
    if status in EscalationStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("needed_by", "pk")


def _counts(now):
    """Conditional counts shared by the dashboards (cancelled tasks excluded by the caller)."""
    week = now + datetime.timedelta(days=7)
    return {
        "total": Count("pk"),
        "done": Count("pk", filter=Q(status=TaskStatus.DONE)),
        "overdue": Count("pk", filter=Q(status__in=OPEN, due_at__lt=now)),
        "due_week": Count("pk", filter=Q(status__in=OPEN, due_at__gte=now, due_at__lt=week)),
        "blocked": Count("pk", filter=Q(status=TaskStatus.BLOCKED)),
        "awaiting": Count("pk", filter=Q(status=TaskStatus.AWAITING_APPROVAL)),
        "draft": Count("pk", filter=Q(status=TaskStatus.DRAFT)),
        "progress": Avg("progress"),
    }


def _pct(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


@dataclass
class LeadDashboard:
    subcommittee: Subcommittee
    totals: dict
    overdue: list
    due_week: list
    blocked: list
    awaiting: list
    escalations: list
    milestones: list  # dicts: milestone title/at, total, done, percent, progress
    decided: list  # escalations the Steering Committee decided in the last seven days


def lead_dashboard(*, subcommittee: Subcommittee) -> LeadDashboard:
    """One subcommittee's work on one screen (6 queries; 5 when no task needs attention)."""
    now = _now()
    week = now + datetime.timedelta(days=7)
    live = Task.objects.filter(subcommittee=subcommittee).exclude(status=TaskStatus.CANCELLED)
    totals = live.aggregate(**_counts(now))
    # Which tasks each list shows: one narrow query (no joins), then one query for the few rows shown.
    keys = list(
        live.filter(
            Q(status__in=OPEN, due_at__lt=week)
            | Q(status__in=[TaskStatus.BLOCKED, TaskStatus.AWAITING_APPROVAL])
        )
        .order_by("due_at", "pk")
        .values_list("pk", "status", "due_at")
    )
    picks = {
        "overdue": [pk for pk, st, due in keys if st in OPEN and due and due < now][:LIST_LIMIT],
        "due_week": [pk for pk, st, due in keys if st in OPEN and due and now <= due < week][:LIST_LIMIT],
        "blocked": [pk for pk, st, _due in keys if st == TaskStatus.BLOCKED][:LIST_LIMIT],
        "awaiting": [pk for pk, st, _due in keys if st == TaskStatus.AWAITING_APPROVAL][:LIST_LIMIT],
    }
    wanted = {pk for pks in picks.values() for pk in pks}
    rows = {t.pk: t for t in task_list_qs(Task.objects.filter(pk__in=wanted))} if wanted else {}
    overdue, due_week, blocked, awaiting = ([rows[pk] for pk in picks[name]] for name in picks)
    recent = now - datetime.timedelta(days=7)
    escalation_rows = list(
        Escalation.objects.filter(subcommittee=subcommittee)
        .filter(Q(status=EscalationStatus.OPEN) | Q(status=EscalationStatus.DECIDED, decided_at__gte=recent))
        .select_related("raised_by", "task", "decided_by")
    )
    escalations = [e for e in escalation_rows if e.status == EscalationStatus.OPEN]
    decided = [e for e in escalation_rows if e.status == EscalationStatus.DECIDED]
    rows = (
        live.values("milestone_id", "milestone__title", "milestone__at")
        .annotate(**_counts(now))
        .order_by("milestone__at", "milestone_id")
    )
    milestones = []
    for row in rows:
        milestones.append(
            {
                "id": row["milestone_id"],
                "title": row["milestone__title"],
                "at": row["milestone__at"],
                "total": row["total"],
                "done": row["done"],
                "overdue": row["overdue"],
                "blocked": row["blocked"],
                "percent": _pct(row["done"], row["total"]),
                "progress": round(row["progress"] or 0),
            }
        )
    return LeadDashboard(
        subcommittee, totals, overdue, due_week, blocked, awaiting, escalations, milestones, decided
    )


@dataclass
class Cell:
    total: int = 0
    done: int = 0
    overdue: int = 0
    blocked: int = 0
    progress: float = 0.0

    @property
    def percent(self) -> int:
        return _pct(self.done, self.total)

    @property
    def level(self) -> str:
        """Traffic light for the grid: done, on track, at risk, late."""
        if not self.total:
            return "none"
        if self.done == self.total:
            return "done"
        if self.overdue or self.blocked:
            return "late"
        if self.progress < 50:
            return "risk"
        return "ok"


@dataclass
class SteeringDashboard:
    subcommittees: list
    milestones: list
    grid: list  # rows: (subcommittee, [Cell per milestone], totals Cell)
    escalations: list
    next_milestone: Milestone | None
    days_to_next: int | None
    delegations_confirmed: int
    delegations_total: int
    totals: Cell = field(default_factory=Cell)


def steering_dashboard() -> SteeringDashboard:
    """Readiness per milestone per subcommittee, escalations, delegations (5 queries)."""
    from delegations.enums import DelegationStatus
    from delegations.models import Delegation

    now = _now()
    subcommittees = list(Subcommittee.objects.all())
    milestones = list(Milestone.objects.exclude(status=MilestoneStatus.CANCELLED).select_related("owner"))
    cells: dict[tuple[int, int | None], Cell] = {}
    for row in (
        Task.objects.exclude(status=TaskStatus.CANCELLED)
        .values("subcommittee_id", "milestone_id")
        .annotate(**_counts(now))
        .order_by()
    ):
        cells[(row["subcommittee_id"], row["milestone_id"])] = Cell(
            row["total"], row["done"], row["overdue"], row["blocked"], row["progress"] or 0.0
        )
    columns = [m.pk for m in milestones] + [None]
    grid = []
    overall = Cell()
    for sc in subcommittees:
        row_cells = [cells.get((sc.pk, mid), Cell()) for mid in columns]
        total = Cell()
        weighted = 0.0
        for key, cell in cells.items():
            if key[0] == sc.pk:
                total.total += cell.total
                total.done += cell.done
                total.overdue += cell.overdue
                total.blocked += cell.blocked
                weighted += cell.progress * cell.total
        total.progress = weighted / total.total if total.total else 0.0
        overall.total += total.total
        overall.done += total.done
        overall.overdue += total.overdue
        overall.blocked += total.blocked
        grid.append((sc, row_cells, total))
    escalations = list(
        Escalation.objects.filter(status=EscalationStatus.OPEN).select_related(
            "subcommittee", "raised_by", "task"
        )
    )
    upcoming = [m for m in milestones if m.at >= now]
    next_milestone = upcoming[0] if upcoming else None
    days = None
    if next_milestone:
        days = (timezone.localdate(next_milestone.at) - timezone.localdate(now)).days
    delegations = Delegation.objects.aggregate(
        confirmed=Count("pk", filter=Q(status=DelegationStatus.CONFIRMED)), total=Count("pk")
    )
    return SteeringDashboard(
        subcommittees=subcommittees,
        milestones=milestones,
        grid=grid,
        escalations=escalations,
        next_milestone=next_milestone,
        days_to_next=days,
        delegations_confirmed=delegations["confirmed"],
        delegations_total=delegations["total"],
        totals=overall,
    )


def my_tasks(*, user) -> dict:
    """Open tasks the user does, and tasks waiting for the user's approval (1 query)."""
    rows = list(
        task_list_qs(Task.objects.filter(Q(assignee=user) | Q(approver=user)))
        .exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
        .order_by("due_at", "pk")[:100]
    )
    return {
        "doing": [t for t in rows if t.assignee_id == user.pk],
        "to_approve": [
            t for t in rows if t.approver_id == user.pk and t.status == TaskStatus.AWAITING_APPROVAL
        ],
        "now": _now(),
    }


def task_detail(*, qs: QuerySet[Task], pk: int) -> Task:
    """One task with its thread, dependencies and escalations (raises Task.DoesNotExist)."""
    return (
        task_list_qs(qs)
        .select_related("created_by", "approved_by")
        .prefetch_related(
            Prefetch("updates", queryset=TaskUpdate.objects.select_related("author")),
            Prefetch("dependencies", queryset=Task.objects.select_related("subcommittee", "assignee")),
            Prefetch("dependents", queryset=Task.objects.select_related("subcommittee", "assignee")),
            Prefetch("escalations", queryset=Escalation.objects.select_related("raised_by")),
        )
        .get(pk=pk)
    )


@dataclass
class ReportSection:
    subcommittee: Subcommittee
    done: list = field(default_factory=list)
    late: list = field(default_factory=list)
    blocked: list = field(default_factory=list)
    open: list = field(default_factory=list)
    escalated: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.done) + len(self.late) + len(self.blocked) + len(self.open)


def milestone_report(*, milestone: Milestone) -> list[ReportSection]:
    """Per subcommittee, the milestone's tasks done, late, blocked, still open, and open escalations (3 queries)."""
    now = _now()
    sections = {sc.pk: ReportSection(sc) for sc in Subcommittee.objects.all()}
    for task in task_list_qs(
        Task.objects.filter(milestone=milestone).exclude(status=TaskStatus.CANCELLED)
    ).order_by("due_at", "pk"):
        section = sections[task.subcommittee_id]
        if task.status == TaskStatus.DONE:
            section.done.append(task)
        elif task.status == TaskStatus.BLOCKED:
            section.blocked.append(task)
        elif task.due_at and task.due_at < now:
            section.late.append(task)
        else:
            section.open.append(task)
    for esc in Escalation.objects.filter(status=EscalationStatus.OPEN).select_related("raised_by", "task"):
        sections[esc.subcommittee_id].escalated.append(esc)
    return list(sections.values())
