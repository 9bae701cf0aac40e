"""Escalations to the Steering Committee: raise, decide, withdraw."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.accounts.roles import Role
from hanoi_ceremony.core.transitions import record, record_change, transition

from .. import permissions
from ..enums import EscalationStatus
from ..machines import ESCALATION_MACHINE
from ..models import (
    Escalation,
    Subcommittee,
    Task,
)
from ._common import TransitionError, _apply_changes, _check_known, _group_users, _leads_of, _tell

# --- escalations ---------------------------------------------------------------------------------------


def _require_open(escalation: Escalation) -> None:
    if escalation.status != EscalationStatus.OPEN:
        raise TransitionError(
            _("This escalation is already %(status)s.") % {"status": escalation.get_status_display().lower()}
        )


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
        _tell(escalation, _group_users(Role.STEERING, Role.SECRETARIAT), event="raised", by=by)
    return escalation


ESCALATION_FIELDS = ("title", "impact", "decision_needed", "needed_by", "task")


def escalation_update(*, escalation: Escalation, by, **changes) -> Escalation:
    """Reword an open escalation, change when the decision is needed or the task it concerns. Side
    effects: audit with the changed fields."""
    if not permissions.can_escalate(by, escalation.subcommittee):
        raise PermissionDenied(_("Only a lead of this subcommittee may escalate for it."))
    _check_known(changes, ESCALATION_FIELDS)
    with transaction.atomic():
        locked = Escalation.objects.select_for_update().get(pk=escalation.pk)
        _require_open(locked)
        task = changes.get("task")
        if task is not None and task.subcommittee_id != locked.subcommittee_id:
            raise ValidationError({"task": _("This task belongs to another subcommittee.")})
        changed = _apply_changes(locked, changes)
        if changed:
            record_change(
                locked, by=by, action="escalation.updated", data={"fields": sorted(changed)}, reconcile=False
            )
    return locked


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
        _require_open(locked)
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
        _tell(locked, [locked.raised_by, *_leads_of(locked.subcommittee_id)], event="decided", by=by)
    return locked


def escalation_withdraw(*, escalation: Escalation, by, reason: str = "") -> Escalation:
    """Whoever raised it (or a lead) withdraws an open escalation. Side effects: audit."""
    if not (by.pk == escalation.raised_by_id or permissions.can_escalate(by, escalation.subcommittee)):
        raise PermissionDenied(_("Only the subcommittee's lead may withdraw this escalation."))
    with transaction.atomic():
        locked = Escalation.objects.select_for_update().get(pk=escalation.pk)
        _require_open(locked)
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
