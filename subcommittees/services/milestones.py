"""Milestones: create, move, set their status."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hanoi_ceremony.core.pagecache import bump
from hanoi_ceremony.reminders.services import reminders_reconcile

from .. import permissions
from ..enums import MilestoneStatus, TaskStatus
from ..models import (
    Milestone,
    Task,
)
from ._common import NAMESPACE, _audit, _leads_of, _tell

# --- milestones ----------------------------------------------------------------------------------------


def milestone_create(
    *,
    by,
    title: str,
    at: datetime.datetime,
    kind: str,
    owner,
    ends_at: datetime.datetime | None = None,
    description: str = "",
) -> Milestone:
    """Create a milestone. Side effects: audit."""
    if not permissions.can_manage_milestones(by):
        raise PermissionDenied(_("Only the Standing Secretariat manages milestones."))
    milestone = Milestone(
        title=title, at=at, ends_at=ends_at, kind=kind, owner=owner, description=description
    )
    with transaction.atomic():
        milestone.full_clean()
        milestone.save()
        reminders_reconcile(target=milestone)
        _audit(milestone, by=by, action="subcommittees.milestone_create", to_state=milestone.status)
        bump(NAMESPACE)
    return milestone


def milestone_move(
    *,
    milestone: Milestone,
    by,
    at: datetime.datetime,
    ends_at: datetime.datetime | None = None,
    reason: str = "",
) -> Milestone:
    """Move a milestone. Refused while tasks tied to it would fall due after the new time. Side effects:
    audit; the owner and the leads of every subcommittee with tasks in it are told."""
    if not permissions.can_manage_milestones(by):
        raise PermissionDenied(_("Only the Standing Secretariat manages milestones."))
    with transaction.atomic():
        locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
        late = (
            Task.objects.filter(milestone=locked, due_at__gt=at).exclude(status=TaskStatus.CANCELLED).count()
        )
        if late:
            raise ValidationError(
                {
                    "at": _(
                        "%(count)s task(s) of this milestone are due after the new time; move them first."
                    )
                    % {"count": late}
                }
            )
        before = locked.at
        locked.at = at
        locked.ends_at = ends_at
        locked.full_clean()
        locked.save()
        reminders_reconcile(target=locked)
        _audit(
            locked,
            by=by,
            action="subcommittees.milestone_move",
            from_state=before.isoformat(),
            to_state=at.isoformat(),
            reason=reason,
        )
        bump(NAMESPACE)
        sc_ids = set(locked.tasks.values_list("subcommittee_id", flat=True))
        leads = [u for sid in sorted(sc_ids) for u in _leads_of(sid)]
        _tell(
            [locked.owner, *leads],
            kind="subcommittees.milestone_moved",
            template="milestone_moved",
            context={"milestone": locked, "before": before},
            url=locked.get_absolute_url(),
            exclude=by,
        )
    return locked


def milestone_set_status(*, milestone: Milestone, by, status: str, reason: str = "") -> Milestone:
    """Mark a milestone planned / at risk / met / missed / cancelled. Side effects: audit."""
    if not permissions.can_manage_milestones(by):
        raise PermissionDenied(_("Only the Standing Secretariat manages milestones."))
    if status not in MilestoneStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    with transaction.atomic():
        locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
        before = locked.status
        locked.status = status
        locked.full_clean()
        locked.save()
        reminders_reconcile(target=locked)
        _audit(
            locked,
            by=by,
            action="subcommittees.milestone_status",
            from_state=before,
            to_state=status,
            reason=reason,
        )
        bump(NAMESPACE)
    return locked
