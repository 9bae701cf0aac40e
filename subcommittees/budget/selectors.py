"""Reads of the budget, each with a constant number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Sum

from .checks import LineCheck, check, norm_table
from .enums import Category, EstimateStatus, SpendingKind
from .models import Estimate, EstimateLine, Norm, NormSet, Proposal, ProposalLine, Spending

_CATEGORY_LABELS = dict(Category.choices)


def proposal_list(queryset):
    """Proposals with their body and total (2 queries... one: the total is an aggregate)."""
    return list(
        queryset.select_related("body", "norm_set")
        .annotate(total=Sum(F("lines__quantity") * F("lines__unit_cost")), line_count=Count("lines"))
        .order_by("body__name", "pk")
    )


@dataclass
class CheckedLine:
    line: ProposalLine
    result: LineCheck


@dataclass
class ProposalView:
    proposal: Proposal
    lines: list[CheckedLine]
    total: int
    overrun: int
    by_category: list[tuple[str, int]]


def proposal_detail(proposal: Proposal) -> ProposalView:
    """The proposal's lines, each checked against its norms, with totals (2 queries)."""
    norms = norm_table_of(proposal.norm_set_id)
    lines = [
        CheckedLine(line, check(line, norms))
        for line in proposal.lines.select_related("task").order_by("category", "pk")
    ]
    per_category: dict[str, int] = defaultdict(int)
    for c in lines:
        per_category[c.line.category] += c.line.amount
    return ProposalView(
        proposal=proposal,
        lines=lines,
        total=sum(c.line.amount for c in lines),
        overrun=sum(c.result.overrun for c in lines),
        by_category=[(_CATEGORY_LABELS.get(k, k), v) for k, v in sorted(per_category.items())],
    )


def norm_table_of(norm_set_id: int) -> dict:
    return {(n.category, n.unit): n.unit_cost for n in Norm.objects.filter(norm_set_id=norm_set_id)}


def norm_sets():
    return list(NormSet.objects.annotate(norm_count=Count("norms", distinct=True)).order_by("-version"))


def norm_set_detail(norm_set: NormSet):
    return {
        "norms": list(norm_set.norms.order_by("category", "unit")),
        "caps": list(norm_set.caps.order_by("category")),
    }


@dataclass
class Row:
    label: str
    amount: int = 0
    overrun: int = 0
    cap: int | None = None
    lines: int = 0

    @property
    def over_cap(self) -> int:
        return max(0, self.amount - self.cap) if self.cap is not None else 0


@dataclass
class EstimateView:
    estimate: Estimate
    by_category: list[Row]
    by_body: list[Row]
    total: int
    overrun: int
    over_cap: int
    lines: list[EstimateLine] = field(default_factory=list)


def estimate_detail(estimate: Estimate, *, with_lines: bool = True) -> EstimateView:
    """Totals and overruns by category (against the ceilings) and by body (4 queries)."""
    caps = {c.category: c.cap for c in estimate.norm_set.caps.all()}
    lines = list(estimate.lines.select_related("body").order_by("category", "body__name", "pk"))
    categories: dict[str, Row] = {}
    bodies: dict[int, Row] = {}
    for line in lines:
        row = categories.get(line.category)
        if row is None:
            row = categories[line.category] = Row(_CATEGORY_LABELS.get(line.category, line.category))
            row.cap = caps.get(line.category)
        row.amount += line.amount
        row.overrun += line.overrun
        row.lines += 1
        body = bodies.get(line.body_id)
        if body is None:
            body = bodies[line.body_id] = Row(line.body.name)
        body.amount += line.amount
        body.overrun += line.overrun
        body.lines += 1
    by_category = [categories[k] for k in sorted(categories)]
    return EstimateView(
        estimate=estimate,
        by_category=by_category,
        by_body=sorted(bodies.values(), key=lambda r: r.label),
        total=sum(r.amount for r in by_category),
        overrun=sum(r.overrun for r in by_category),
        over_cap=sum(r.over_cap for r in by_category),
        lines=lines if with_lines else [],
    )


def estimate_for_page(pk: int) -> Estimate:
    return Estimate.objects.select_related("norm_set", "approved_by", "created_by").get(pk=pk)


def estimates():
    return list(
        Estimate.objects.select_related("norm_set")
        .annotate(total=Sum("lines__amount"), overrun=Sum("lines__overrun"))
        .order_by("-created_at", "-pk")
    )


@dataclass
class VarianceRow:
    label: str
    approved: int = 0
    committed: int = 0
    paid: int = 0

    @property
    def remaining(self) -> int:
        return self.approved - self.committed

    @property
    def over(self) -> bool:
        return self.committed > self.approved or self.paid > self.approved


@dataclass
class Variance:
    estimates: list[Estimate]
    rows: list[VarianceRow]
    total: VarianceRow


def variance_by_category() -> Variance:
    """Approved amounts against committed and paid spending, per category, over every approved estimate
    (3 queries)."""
    approved = list(Estimate.objects.filter(status=EstimateStatus.APPROVED).order_by("approved_at"))
    rows: dict[str, VarianceRow] = {}
    for r in (
        EstimateLine.objects.filter(estimate__status=EstimateStatus.APPROVED)
        .values("category")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        rows[r["category"]] = VarianceRow(
            _CATEGORY_LABELS.get(r["category"], r["category"]), approved=r["total"]
        )
    for r in (
        Spending.objects.filter(line__estimate__status=EstimateStatus.APPROVED)
        .values("line__category", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        row = rows.setdefault(r["line__category"], VarianceRow(_CATEGORY_LABELS.get(r["line__category"], "")))
        if r["kind"] == SpendingKind.COMMITTED:
            row.committed += r["total"]
        else:
            row.paid += r["total"]
    ordered = [rows[k] for k in sorted(rows)]
    total = VarianceRow(
        "",
        approved=sum(r.approved for r in ordered),
        committed=sum(r.committed for r in ordered),
        paid=sum(r.paid for r in ordered),
    )
    return Variance(estimates=approved, rows=ordered, total=total)


def spending_for_estimate(estimate: Estimate) -> dict[int, dict[str, int]]:
    """{line id: {"committed": ..., "paid": ...}} (1 query)."""
    out: dict[int, dict[str, int]] = defaultdict(lambda: {"committed": 0, "paid": 0})
    for r in (
        Spending.objects.filter(line__estimate=estimate)
        .values("line_id", "kind")
        .annotate(t=Sum("amount"))
        .order_by()
    ):
        out[r["line_id"]][r["kind"]] = r["t"]
    return dict(out)


__all__ = ["Prefetch", "norm_table"]
