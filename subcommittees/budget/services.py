"""Every write of the budget. Services own their transaction and row lock; state moves go through
`core.transitions` (audit, content area, reminders, notification on commit)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.accounts.roles import GROUP_ROLES, Role
from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.core.errors import Invalid
from hanoi_ceremony.core.pagecache import bump
from hanoi_ceremony.core.transitions import StateMachine, record_change, transition

from . import permissions
from .checks import check, norm_table
from .enums import EDITABLE_PROPOSAL, BodyRole, Category, EstimateStatus, ProposalStatus, SpendingKind, Unit
from .models import (
    Body,
    BodyMember,
    CategoryCap,
    Estimate,
    EstimateLine,
    Norm,
    NormSet,
    Proposal,
    ProposalLine,
    Spending,
)
from .money import MAX_DONG

NAMESPACE = "budget"

PROPOSAL_MACHINE = StateMachine(
    model="budget.Proposal",
    choices=ProposalStatus,
    allowed_from={
        ProposalStatus.SUBMITTED: {ProposalStatus.DRAFT, ProposalStatus.RETURNED},
        ProposalStatus.RETURNED: {ProposalStatus.SUBMITTED},
        ProposalStatus.ACCEPTED: {ProposalStatus.SUBMITTED},
    },
    changed_at_field="status_changed_at",
    reconcile_reminders=False,
)

ESTIMATE_MACHINE = StateMachine(
    model="budget.Estimate",
    choices=EstimateStatus,
    allowed_from={
        EstimateStatus.SUBMITTED: {EstimateStatus.DRAFT, EstimateStatus.RETURNED},
        EstimateStatus.RETURNED: {EstimateStatus.SUBMITTED},
        EstimateStatus.APPROVED: {EstimateStatus.SUBMITTED},
    },
    changed_at_field="status_changed_at",
    reconcile_reminders=False,
)


def _money(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid({field: _("Amounts are whole đồng (an integer).")})
    if value < 0 or value > MAX_DONG:
        raise Invalid({field: _("An amount cannot be negative or absurdly large.")})
    return value


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# --- Notifications --------------------------------------------------------------------------------------


def _tell(users, *, subject: str, message: str, url: str):
    """A callable for on-commit: one in-app notification and e-mail per user."""
    from hanoi_ceremony.notifications.services import notify

    recipients = list(users)

    def send():
        for user in recipients:
            notify(
                recipient=user,
                kind="budget.status",
                template="budget/email/status",
                context={"subject": subject, "message": message, "url": url},
                url=url,
            )

    return send


def _finance_reviewers():
    return get_user_model().objects.filter(budget_roles__role=BodyRole.FINANCE_REVIEWER).distinct()


def _editors(body: Body):
    return (
        get_user_model()
        .objects.filter(budget_roles__body=body, budget_roles__role=BodyRole.EDITOR)
        .distinct()
    )


def _steering():
    return get_user_model().objects.filter(groups__name=GROUP_ROLES[Role.STEERING], is_active=True).distinct()


# --- Norms ---------------------------------------------------------------------------------------------


def current_norm_set() -> NormSet | None:
    """The norms in force: the latest published version."""
    return NormSet.objects.filter(published_at__isnull=False).order_by("-version").first()


def normset_create(*, by, title: str, basis: str = "", copy_from: NormSet | None = None) -> NormSet:
    """A new version of the norms (a draft), copying the norms and ceilings of `copy_from`.

    Side effects: audit entry; budget area bumped."""
    _require(permissions.can_manage_norms(by), _("Only Finance reviewers set expenditure norms."))
    with transaction.atomic():
        latest = NormSet.objects.select_for_update().aggregate(v=Max("version"))["v"] or 0
        norm_set = NormSet(version=latest + 1, title=title, basis=basis, created_by=by)
        record_change(norm_set, by=by, action="normset.created", created=True, reconcile=False)
        if copy_from is not None:
            Norm.objects.bulk_create(
                Norm(norm_set=norm_set, category=n.category, unit=n.unit, unit_cost=n.unit_cost, note=n.note)
                for n in copy_from.norms.all()
            )
            CategoryCap.objects.bulk_create(
                CategoryCap(norm_set=norm_set, category=c.category, cap=c.cap) for c in copy_from.caps.all()
            )
    return norm_set


def _lock_open_norm_set(norm_set: NormSet) -> NormSet:
    norm_set = NormSet.objects.select_for_update().get(pk=norm_set.pk)
    if norm_set.is_frozen:
        raise Invalid(
            _(
                "Version %(version)s of the norms is frozen: an accepted proposal or an approved estimate "
                "uses it. Create a new version to change the norms."
            )
            % {"version": norm_set.version},
            code="frozen",
        )
    return norm_set


def norm_set_value(
    *, norm_set: NormSet, by, category: str, unit: str, unit_cost: int, note: str = ""
) -> Norm:
    """Set the highest unit cost of one category and unit in a version that is not frozen.

    Side effects: audit entry; budget area bumped."""
    _require(permissions.can_manage_norms(by), _("Only Finance reviewers set expenditure norms."))
    _money(unit_cost, "unit_cost")
    if category not in Category.values or unit not in Unit.values:
        raise Invalid({"category": _("Choose a category and a unit from the lists.")})
    with transaction.atomic():
        norm_set = _lock_open_norm_set(norm_set)
        norm = Norm.objects.filter(norm_set=norm_set, category=category, unit=unit).first() or Norm(
            norm_set=norm_set, category=category, unit=unit
        )
        old = norm.unit_cost if norm.pk else None
        norm.unit_cost, norm.note = unit_cost, note
        record_change(
            norm, by=by, action="norm.changed", data={"from": old, "to": unit_cost}, reconcile=False
        )
    return norm


def cap_set(*, norm_set: NormSet, by, category: str, cap: int) -> CategoryCap:
    """Set the event-wide ceiling of one category in a version that is not frozen. Side effects: audit."""
    _require(permissions.can_manage_norms(by), _("Only Finance reviewers set expenditure norms."))
    _money(cap, "cap")
    with transaction.atomic():
        norm_set = _lock_open_norm_set(norm_set)
        row = CategoryCap.objects.filter(norm_set=norm_set, category=category).first() or CategoryCap(
            norm_set=norm_set, category=category
        )
        row.cap = cap
        record_change(row, by=by, action="categorycap.changed", reconcile=False)
    return row


def normset_publish(*, norm_set: NormSet, by) -> NormSet:
    """Put a version in force: proposals submitted from now on are checked against it.

    Side effects: audit entry; budget area bumped."""
    _require(permissions.can_manage_norms(by), _("Only Finance reviewers set expenditure norms."))
    with transaction.atomic():
        norm_set = NormSet.objects.select_for_update().get(pk=norm_set.pk)
        if norm_set.published_at is not None:
            raise Invalid(_("This version is already in force."), code="stale")
        if not norm_set.norms.exists():
            raise Invalid(_("A version without norms cannot be put in force."))
        newer = NormSet.objects.filter(published_at__isnull=False, version__gt=norm_set.version).exists()
        if newer:
            raise Invalid(_("A newer version is already in force."))
        norm_set.published_at = timezone.now()
        record_change(norm_set, by=by, action="normset.published", fields=["published_at"], reconcile=False)
    return norm_set


def _freeze(norm_set: NormSet, *, by, why: str) -> None:
    """Freeze a version (inside the caller's transaction). Idempotent."""
    updated = NormSet.objects.filter(pk=norm_set.pk, frozen_at__isnull=True).update(frozen_at=timezone.now())
    if updated:
        norm_set.refresh_from_db(fields=["frozen_at"])
        audit_record(actor=by, action="normset.frozen", target=norm_set, data={"why": why})


# --- Bodies --------------------------------------------------------------------------------------------


def body_member_add(*, body: Body, user, role: str = BodyRole.EDITOR) -> BodyMember:
    """Give a user a budget role for a body (admin and demo data)."""
    if role == BodyRole.FINANCE_REVIEWER and not body.is_finance:
        raise Invalid({"role": _("Finance reviewers belong to the Ministry of Finance.")})
    member, _created = BodyMember.objects.get_or_create(user=user, body=body, role=role)
    permissions.forget(user)
    return member


# --- Proposals -----------------------------------------------------------------------------------------


def proposal_create(*, body: Body, by, title: str) -> Proposal:
    """A draft proposal of `body`, checked against the norms in force. Side effects: audit entry."""
    _require(
        body.pk in permissions.editor_body_ids(by), _("Only the body's own editors prepare its proposals.")
    )
    if not title.strip():
        raise Invalid({"title": _("Give the proposal a title.")})
    norm_set = current_norm_set()
    if norm_set is None:
        raise Invalid(_("Finance has not put any expenditure norms in force yet."))
    with transaction.atomic():
        proposal = Proposal(body=body, title=title.strip(), norm_set=norm_set, created_by=by)
        record_change(proposal, by=by, action="proposal.created", created=True, reconcile=False)
    return proposal


def _lock_editable(proposal: Proposal, by) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require(
        permissions.can_edit_proposal(by, proposal), _("Only the body's own editors change its proposals.")
    )
    if proposal.status not in EDITABLE_PROPOSAL:
        raise Invalid(
            _("This proposal is %(state)s: it can be changed only as a draft or when returned.")
            % {"state": PROPOSAL_MACHINE.label(proposal.status).lower()},
            code="stale",
        )
    return proposal


LINE_FIELDS = ("category", "description", "quantity", "unit", "unit_cost", "justification", "task")


def line_save(*, proposal: Proposal, by, data: dict, line: ProposalLine | None = None) -> ProposalLine:
    """Add or change one line of an editable proposal. Side effects: audit entry on the proposal."""
    _money(data.get("unit_cost"), "unit_cost")
    quantity = data.get("quantity")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
        raise Invalid({"quantity": _("The quantity is a whole number above zero.")})
    with transaction.atomic():
        proposal = _lock_editable(proposal, by)
        if line is None:
            line = ProposalLine(proposal=proposal)
        elif line.proposal_id != proposal.pk:
            raise Invalid(_("This line belongs to another proposal."))
        for field in LINE_FIELDS:
            if field in data:
                setattr(line, field, data[field] if data[field] is not None or field == "task" else "")
        line.full_clean()
        line.save()
        record_change(
            proposal,
            by=by,
            action="proposal.line_changed",
            fields=[],
            data={"line": line.description, "amount": line.amount},
            reconcile=False,
        )
    return line


def line_remove(*, line: ProposalLine, by) -> None:
    with transaction.atomic():
        proposal = _lock_editable(line.proposal, by)
        description = line.description
        line.delete()
        record_change(
            proposal,
            by=by,
            action="proposal.line_changed",
            fields=[],
            data={"line": _("removed: %(line)s") % {"line": description}},
            reconcile=False,
        )


def proposal_submit(*, proposal: Proposal, by, expected: str | None = None) -> Proposal:
    """Send a proposal to Finance, checked against the norms in force now.

    Side effects: audit entry; budget area bumped; Finance reviewers notified on commit."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        _require(
            permissions.can_edit_proposal(by, proposal),
            _("Only the body's own editors submit its proposals."),
        )
        if not proposal.lines.exists():
            raise Invalid(_("Add at least one line before submitting."))
        norm_set = current_norm_set()
        proposal.norm_set = norm_set or proposal.norm_set
        proposal.submitted_at = timezone.now()
        transition(
            proposal,
            machine=PROPOSAL_MACHINE,
            to=ProposalStatus.SUBMITTED,
            by=by,
            action="proposal.submitted",
            expected=expected,
            fields=("norm_set", "submitted_at"),
            notify=_tell(
                _finance_reviewers(),
                subject=_("Budget proposal submitted: %(title)s") % {"title": str(proposal)},
                message=_("%(body)s submitted a budget proposal for review.") % {"body": proposal.body.name},
                url=proposal.get_absolute_url(),
            ),
        )
    return proposal


def proposal_return(*, proposal: Proposal, by, message: str, expected: str | None = None) -> Proposal:
    """Finance sends a proposal back with what to change. Side effects: audit; editors notified."""
    _require(permissions.can_review(by), _("Only Finance reviewers return proposals."))
    if not (message or "").strip():
        raise Invalid({"message": _("Say what must change.")})
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        proposal.review_message = message.strip()
        transition(
            proposal,
            machine=PROPOSAL_MACHINE,
            to=ProposalStatus.RETURNED,
            by=by,
            action="proposal.returned",
            reason=proposal.review_message,
            expected=expected,
            fields=("review_message",),
            notify=_tell(
                _editors(proposal.body),
                subject=_("Budget proposal returned: %(title)s") % {"title": str(proposal)},
                message=proposal.review_message,
                url=proposal.get_absolute_url(),
            ),
        )
    return proposal


def proposal_accept(*, proposal: Proposal, by, expected: str | None = None) -> Proposal:
    """Finance accepts a proposal. A line over the norm, or without a norm, needs a justification.

    Side effects: the norms version it was checked against is frozen; audit; editors notified."""
    _require(permissions.can_review(by), _("Only Finance reviewers accept proposals."))
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("norm_set").get(pk=proposal.pk)
        norms = norm_table(proposal.norm_set)
        unjustified = [
            line.description
            for line in proposal.lines.all()
            if not check(line, norms).ok and not line.justification.strip()
        ]
        if unjustified:
            raise Invalid(
                _("These lines are over the norm (or have none) without a justification: %(lines)s.")
                % {"lines": "; ".join(unjustified)}
            )
        proposal.accepted_at, proposal.accepted_by = timezone.now(), by
        proposal.review_message = ""
        transition(
            proposal,
            machine=PROPOSAL_MACHINE,
            to=ProposalStatus.ACCEPTED,
            by=by,
            action="proposal.accepted",
            expected=expected,
            fields=("accepted_at", "accepted_by", "review_message"),
            notify=_tell(
                _editors(proposal.body),
                subject=_("Budget proposal accepted: %(title)s") % {"title": str(proposal)},
                message=_("Finance accepted the proposal."),
                url=proposal.get_absolute_url(),
            ),
        )
        _freeze(proposal.norm_set, by=by, why=_("a proposal was accepted under it"))
    return proposal


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
