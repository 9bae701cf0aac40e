"""The consolidated estimate (built from the accepted proposals, submitted, returned, approved) and the
spending recorded against its lines."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.core.errors import Invalid
from hanoi_ceremony.core.pagecache import bump
from hanoi_ceremony.core.transitions import record_change, transition

from .. import permissions
from ..checks import check, norm_table
from ..enums import EstimateStatus, ProposalStatus, SpendingKind
from ..models import (
    Estimate,
    EstimateLine,
    Proposal,
    Spending,
)
from ._common import ESTIMATE_MACHINE, NAMESPACE, _finance_reviewers, _money, _require, _steering, _tell
from .norms import _freeze, current_norm_set

# --- Consolidated estimate -----------------------------------------------------------------------------


def _snapshot(estimate: Estimate) -> int:
    """Copy the lines of every accepted proposal not yet in an approved estimate into `estimate`."""
    estimate.lines.all().delete()
    proposals = list(
        Proposal.objects.filter(status=ProposalStatus.ACCEPTED)
        .exclude(estimates__status=EstimateStatus.APPROVED)
        .select_related("norm_set", "body")
        .prefetch_related("lines", "norm_set__norms")
    )
    rows = []
    for proposal in proposals:
        norms = norm_table(proposal.norm_set)
        for line in proposal.lines.all():
            result = check(line, norms)
            rows.append(
                EstimateLine(
                    estimate=estimate,
                    source_line=line,
                    body=proposal.body,
                    category=line.category,
                    description=line.description,
                    quantity=line.quantity,
                    unit=line.unit,
                    unit_cost=line.unit_cost,
                    amount=line.amount,
                    norm_unit_cost=result.norm_unit_cost,
                    overrun=result.overrun,
                )
            )
    EstimateLine.objects.bulk_create(rows)
    estimate.proposals.set(proposals)
    estimate.built_at = timezone.now()
    return len(rows)


def estimate_create(*, by, title: str) -> Estimate:
    """Consolidate every accepted proposal (not yet in an approved estimate) into a draft estimate.

    Side effects: audit entry; budget area bumped."""
    _require(permissions.can_review(by), _("Only Finance consolidates the estimate."))
    if not title.strip():
        raise Invalid({"title": _("Give the estimate a title.")})
    norm_set = current_norm_set()
    if norm_set is None:
        raise Invalid(_("Finance has not put any expenditure norms in force yet."))
    with transaction.atomic():
        if (
            not Proposal.objects.filter(status=ProposalStatus.ACCEPTED)
            .exclude(estimates__status=EstimateStatus.APPROVED)
            .exists()
        ):
            raise Invalid(_("No accepted proposal is waiting to be consolidated."))
        estimate = Estimate(title=title.strip(), norm_set=norm_set, created_by=by)
        estimate.save()
        count = _snapshot(estimate)
        record_change(
            estimate,
            by=by,
            action="estimate.created",
            fields=["built_at"],
            data={"lines": count},
            reconcile=False,
        )
    return estimate


def _lock_estimate(estimate: Estimate) -> Estimate:
    return Estimate.objects.select_for_update().get(pk=estimate.pk)


def estimate_refresh(*, estimate: Estimate, by) -> Estimate:
    """Consolidate again (a draft or returned estimate only: a submitted or approved one never changes)."""
    _require(permissions.can_review(by), _("Only Finance consolidates the estimate."))
    with transaction.atomic():
        estimate = _lock_estimate(estimate)
        if estimate.status not in (EstimateStatus.DRAFT, EstimateStatus.RETURNED):
            raise Invalid(_("A submitted or approved estimate never changes."), code="stale")
        estimate.norm_set = current_norm_set() or estimate.norm_set
        count = _snapshot(estimate)
        record_change(
            estimate,
            by=by,
            action="estimate.refreshed",
            fields=["built_at", "norm_set"],
            data={"lines": count},
            reconcile=False,
        )
    return estimate


def estimate_submit(*, estimate: Estimate, by, expected: str | None = None) -> Estimate:
    """Finance submits the estimate to the competent authority. Side effects: audit; Steering notified."""
    _require(permissions.can_review(by), _("Only Finance submits the estimate."))
    with transaction.atomic():
        estimate = _lock_estimate(estimate)
        if not estimate.lines.exists():
            raise Invalid(_("This estimate has no lines."))
        estimate.submitted_at = timezone.now()
        transition(
            estimate,
            machine=ESTIMATE_MACHINE,
            to=EstimateStatus.SUBMITTED,
            by=by,
            action="estimate.submitted",
            expected=expected,
            fields=("submitted_at",),
            notify=_tell(
                _steering(),
                subject=_("Estimate for approval: %(title)s") % {"title": estimate.title},
                message=_("The Ministry of Finance submitted the consolidated estimate for approval."),
                url=estimate.get_absolute_url(),
            ),
        )
    return estimate


def estimate_return(*, estimate: Estimate, by, message: str, expected: str | None = None) -> Estimate:
    _require(permissions.is_competent_authority(by), _("Only the competent authority returns the estimate."))
    if not (message or "").strip():
        raise Invalid({"message": _("Say what must change.")})
    with transaction.atomic():
        estimate = _lock_estimate(estimate)
        estimate.review_message = message.strip()
        transition(
            estimate,
            machine=ESTIMATE_MACHINE,
            to=EstimateStatus.RETURNED,
            by=by,
            action="estimate.returned",
            reason=estimate.review_message,
            expected=expected,
            fields=("review_message",),
            notify=_tell(
                _finance_reviewers(),
                subject=_("Estimate returned: %(title)s") % {"title": estimate.title},
                message=estimate.review_message,
                url=estimate.get_absolute_url(),
            ),
        )
    return estimate


def estimate_approve(
    *, estimate: Estimate, by, decision_reference: str = "", expected: str | None = None
) -> Estimate:
    """The competent authority (the Steering Committee) approves the estimate: from now on it never
    changes. Side effects: its norms version is frozen; audit; Finance notified."""
    _require(permissions.is_competent_authority(by), _("Only the competent authority approves the estimate."))
    with transaction.atomic():
        estimate = _lock_estimate(estimate)
        estimate.approved_at, estimate.approved_by = timezone.now(), by
        estimate.decision_reference = (decision_reference or "").strip()
        estimate.review_message = ""
        transition(
            estimate,
            machine=ESTIMATE_MACHINE,
            to=EstimateStatus.APPROVED,
            by=by,
            action="estimate.approved",
            expected=expected,
            data={"decision": estimate.decision_reference},
            fields=("approved_at", "approved_by", "decision_reference", "review_message"),
            notify=_tell(
                _finance_reviewers(),
                subject=_("Estimate approved: %(title)s") % {"title": estimate.title},
                message=_("The competent authority approved the consolidated estimate."),
                url=estimate.get_absolute_url(),
            ),
        )
        _freeze(estimate.norm_set, by=by, why=_("an estimate was approved under it"))
    return estimate


def spending_record(*, line: EstimateLine, by, kind: str, amount: int, reference: str) -> Spending:
    """Record money committed or paid against a line of an approved estimate. Side effects: audit."""
    _require(permissions.can_review(by), _("Only Finance records spending."))
    _money(amount, "amount")
    if amount == 0:
        raise Invalid({"amount": _("Record an amount above zero.")})
    if kind not in SpendingKind.values:
        raise Invalid({"kind": _("Committed or paid?")})
    if not (reference or "").strip():
        raise Invalid({"reference": _("Give the contract or payment reference.")})
    with transaction.atomic():
        line = EstimateLine.objects.select_related("estimate").select_for_update(of=("self",)).get(pk=line.pk)
        if line.estimate.status != EstimateStatus.APPROVED:
            raise Invalid(_("Spending is recorded only against an approved estimate."))
        spending = Spending(line=line, kind=kind, amount=amount, reference=reference.strip(), recorded_by=by)
        spending.full_clean()
        spending.save()
        audit_record(
            actor=by,
            action="spending.recorded",
            target=line,
            data={
                "kind": str(SpendingKind(kind).label).lower(),
                "amount": amount,
                "reference": spending.reference,
            },
        )
        bump(NAMESPACE)
    return spending
