"""What every budget service shares: the page-cache namespace, the proposal and estimate state machines, the
amount and permission checks, and who is told of a change."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from hanoi_ceremony.accounts.roles import GROUP_ROLES, Role
from hanoi_ceremony.core.errors import Invalid
from hanoi_ceremony.core.transitions import StateMachine

from ..enums import BodyRole, EstimateStatus, ProposalStatus
from ..models import (
    Body,
)
from ..money import MAX_DONG

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
