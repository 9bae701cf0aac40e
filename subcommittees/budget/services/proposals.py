"""Budget bodies' members and their proposals: lines, submission, return and acceptance by Finance."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.core.errors import Invalid
from hanoi_ceremony.core.transitions import record_change, transition

from .. import permissions
from ..checks import check, norm_table
from ..enums import EDITABLE_PROPOSAL, BodyRole, ProposalStatus
from ..models import (
    Body,
    BodyMember,
    Proposal,
    ProposalLine,
)
from ._common import PROPOSAL_MACHINE, _editors, _finance_reviewers, _money, _require, _tell
from .norms import _freeze, current_norm_set

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
