"""Escalations to the Steering Committee: raise, decide, withdraw."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.accounts.roles import Role
from hanoi_ceremony.core.transitions import record, transition

from .. import permissions
from ..enums import EscalationStatus
from ..machines import ESCALATION_MACHINE
from ..models import (
    Escalation,
    Subcommittee,
    Task,
)
from ._common import TransitionError, _group_users, _leads_of, _tell

# --- escalations ---------------------------------------------------------------------------------------


def escalation_raise(
    *,
    subcommittee: Subcommittee,
    by,
    title: str,
    impact: str,
    decision_needed: str,
    needed_by: datetime.datetime,
    task: Task | None = None,
) -> Escalation:
    """A lead puts a problem beyond the subcommittee's authority to the Steering Committee. Side effects:
    audit; every Steering Committee member and the Standing Secretariat are told."""
    if not permissions.can_escalate(by, subcommittee):
        raise PermissionDenied(_("Only a lead of this subcommittee may escalate for it."))
    if task is not None and task.subcommittee_id != subcommittee.pk:
        raise ValidationError({"task": _("This task belongs to another subcommittee.")})
    escalation = Escalation(
        subcommittee=subcommittee,
        task=task,
        title=title,
        impact=impact,
        decision_needed=decision_needed,
        needed_by=needed_by,
        raised_by=by,
    )
    with transaction.atomic():
        escalation.full_clean()
        escalation.save()
        record(escalation, by=by, action="escalation.raised", to_state=escalation.status)
        _tell(
            _group_users(Role.STEERING, Role.SECRETARIAT),
            kind="subcommittees.escalation_raised",
            template="escalation_raised",
            context={"escalation": escalation},
            url=escalation.get_absolute_url(),
            exclude=by,
        )
    return escalation


def escalation_decide(*, escalation: Escalation, by, decision: str) -> Escalation:
    """The Steering Committee records its decision: open → decided. Side effects: audit; whoever raised
    it and the subcommittee's leads are told."""
    if not permissions.can_decide_escalation(by):
        raise PermissionDenied(_("Only the Steering Committee decides escalations."))
    decision = (decision or "").strip()
    if not decision:
        raise ValidationError({"decision": _("Write the decision.")})
    with transaction.atomic():
        locked = Escalation.objects.select_for_update().get(pk=escalation.pk)
        if locked.status != EscalationStatus.OPEN:
            raise TransitionError(
                _("This escalation is already %(status)s.") % {"status": locked.get_status_display().lower()}
            )
        locked.decision = decision
        locked.decided_by = by
        locked.decided_at = timezone.now()
        transition(
            locked,
            machine=ESCALATION_MACHINE,
            to=EscalationStatus.DECIDED,
            by=by,
            action="escalation.decided",
            reason=decision,
            fields=None,
        )
        _tell(
            [locked.raised_by, *_leads_of(locked.subcommittee_id)],
            kind="subcommittees.escalation_decided",
            template="escalation_decided",
            context={"escalation": locked},
            url=locked.get_absolute_url(),
            exclude=by,
        )
    return locked


def escalation_withdraw(*, escalation: Escalation, by, reason: str = "") -> Escalation:
    """Whoever raised it (or a lead) withdraws an open escalation. Side effects: audit."""
    if not (by.pk == escalation.raised_by_id or permissions.can_escalate(by, escalation.subcommittee)):
        raise PermissionDenied(_("Only the subcommittee's lead may withdraw this escalation."))
    with transaction.atomic():
        locked = Escalation.objects.select_for_update().get(pk=escalation.pk)
        if locked.status != EscalationStatus.OPEN:
            raise TransitionError(
                _("This escalation is already %(status)s.") % {"status": locked.get_status_display().lower()}
            )
        transition(
            locked,
            machine=ESCALATION_MACHINE,
            to=EscalationStatus.WITHDRAWN,
            by=by,
            action="escalation.withdrawn",
            reason=reason,
            fields=None,
        )
    return locked
