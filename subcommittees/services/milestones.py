"""Milestones: create, move, set their status."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hanoi_ceremony.core.transitions import record, record_change, transition

from .. import permissions
from ..enums import MilestoneStatus, TaskStatus
from ..machines import MILESTONE_MACHINE
from ..models import (
    Milestone,
    Task,
)
from ._common import _apply_changes, _check_known, _leads_of, _tell, with_translations

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
    **translations: str,
) -> Milestone:
    """Create a milestone; `translations` are its title per language (``title_vi``, …; the admin's form).
    Side effects: audit."""
    if not permissions.can_manage_milestones(by):
        raise PermissionDenied(_("Only the Standing Secretariat manages milestones."))
    _check_known(translations, with_translations(Milestone, ("title",)))
    milestone = Milestone(
        title=title, at=at, ends_at=ends_at, kind=kind, owner=owner, description=description, **translations
    )
    with transaction.atomic():
        milestone.full_clean()
        milestone.save()
        record(milestone, by=by, action="milestone.created", to_state=milestone.status, reconcile=True)
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
        record(
            locked,
            by=by,
            action="milestone.moved",
            data={"from_at": before.isoformat(), "at": at.isoformat()},
            reason=reason,
            reconcile=True,
        )
        sc_ids = set(locked.tasks.values_list("subcommittee_id", flat=True))
        leads = [u for sid in sorted(sc_ids) for u in _leads_of(sid)]
        _tell(locked, [locked.owner, *leads], event="moved", by=by, before=before)
    return locked


MILESTONE_FIELDS = ("title", "at", "ends_at", "kind", "owner", "description")


def milestone_update(*, milestone: Milestone, by, reason: str = "", **changes) -> Milestone:
    """Change a milestone's details (title in each language, kind, owner, description). A new time is a
    move (`milestone_move`: refused while its tasks would fall due after it; people told); the status
    changes only with `milestone_set_status`. Side effects: audit with the changed fields; reminders
    re-timed (a new owner)."""
    if not permissions.can_manage_milestones(by):
        raise PermissionDenied(_("Only the Standing Secretariat manages milestones."))
    _check_known(changes, with_translations(Milestone, MILESTONE_FIELDS))
    with transaction.atomic():
        locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
        at, ends_at = changes.pop("at", locked.at), changes.pop("ends_at", locked.ends_at)
        if (at, ends_at) != (locked.at, locked.ends_at):
            locked = milestone_move(milestone=locked, by=by, at=at, ends_at=ends_at, reason=reason)
        changed = _apply_changes(locked, changes)
        if changed:
            record_change(locked, by=by, action="milestone.updated", data={"fields": sorted(changed)})
    return locked


def milestone_set_status(*, milestone: Milestone, by, status: str, reason: str = "") -> Milestone:
    """Mark a milestone planned / at risk / met / missed / cancelled. Side effects: audit."""
    if not permissions.can_manage_milestones(by):
        raise PermissionDenied(_("Only the Standing Secretariat manages milestones."))
    if status not in MilestoneStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    with transaction.atomic():
        locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
        transition(
            locked,
            machine=MILESTONE_MACHINE,
            to=status,
            by=by,
            action="milestone.status_changed",
            reason=reason,
            fields=None,
        )
    return locked
