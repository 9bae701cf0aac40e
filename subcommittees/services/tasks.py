"""Tasks: creation, edits and every move of the task's state machine."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.core.transitions import record, transition
from hanoi_ceremony.reminders.services import reminders_reconcile

from .. import permissions
from ..enums import Priority, TaskStatus, UpdateKind
from ..machines import TASK_MACHINE
from ..models import (
    Milestone,
    Subcommittee,
    Task,
)
from ._common import (
    EDITABLE_FIELDS,
    TransitionError,
    _apply_changes,
    _check_task,
    _leads_of,
    _lock,
    _require_status,
    _tell,
    _thread,
    missing_clears_message,
)

# --- tasks ---------------------------------------------------------------------------------------------


def _move(task: Task, *, to: str, by, action: str, reason: str = "", allowed=None) -> Task:
    """The task machine's move of a locked task, saving every field it changed and checking its rules."""
    return transition(
        task,
        machine=TASK_MACHINE,
        to=to,
        by=by,
        action=action,
        reason=reason,
        allowed=allowed,
        fields=None,
        clean=_check_task,
    )


def task_create(
    *,
    subcommittee: Subcommittee,
    by,
    title: str,
    description: str = "",
    assignee=None,
    due_at: datetime.datetime | None = None,
    responsible_unit: str = "",
    deliverable: str = "",
    approver=None,
    milestone: Milestone | None = None,
    priority: int = Priority.NORMAL,
) -> Task:
    """Create a task in draft (the six clears may still be incomplete). Side effects: audit entry."""
    if not permissions.can_create_task(by, subcommittee):
        raise PermissionDenied(_("Only a lead of this subcommittee may create its tasks."))
    task = Task(
        subcommittee=subcommittee,
        title=title,
        description=description,
        assignee=assignee,
        due_at=due_at,
        responsible_unit=responsible_unit,
        deliverable=deliverable,
        approver=approver,
        milestone=milestone,
        priority=priority,
        created_by=by,
        status=TaskStatus.DRAFT,
    )
    with transaction.atomic():
        _check_task(task)
        task.save()
        record(task, by=by, action="task.created", to_state=task.status, reconcile=True)
        if task.milestone_id:  # the milestone's leads follow its tasks' subcommittees
            reminders_reconcile(target=task.milestone)
    return task


def task_update(*, task: Task, by, **changes) -> Task:
    """Change a task's fields (title, six clears, milestone, priority). An assigned task must keep its six
    clears. Side effects: audit entry with the changed fields; the new assignee is told when it changes."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if not permissions.can_edit_task(by, task):
        raise PermissionDenied(_("You may not edit this task."))
    manager_only = {"assignee", "approver"}
    with transaction.atomic():
        locked = _lock(task)
        _require_status(
            locked, [s for s in TaskStatus if s not in (TaskStatus.DONE, TaskStatus.CANCELLED)], _("edited")
        )
        changed = _apply_changes(locked, changes)
        if changed.keys() & manager_only and not permissions.can_manage_task(by, locked):
            raise PermissionDenied(
                _("Only the subcommittee's lead may change who does or approves this task.")
            )
        _check_task(locked)
        locked.save()
        record(locked, by=by, action="task.updated", data={"fields": sorted(changed)}, reconcile=True)
        if locked.milestone_id:
            reminders_reconcile(target=locked.milestone)
        if "assignee" in changed and locked.assignee_id and locked.status != TaskStatus.DRAFT:
            _tell(locked, [locked.assignee], event="assigned", by=by)
    return locked


def task_leave_draft(*, task: Task, by) -> Task:
    """Assign a draft task (draft → not started). Refused, naming each missing clear, unless all six are
    filled. Side effects: audit; the assignee and the approver are told."""
    if not permissions.can_manage_task(by, task):
        raise PermissionDenied(_("Only the subcommittee's lead may assign this task."))
    with transaction.atomic():
        locked = _lock(task)
        _require_status(locked, (TaskStatus.DRAFT,), _("assigned"))
        missing = locked.missing_clears
        if missing:
            raise ValidationError(missing_clears_message(missing), code="missing_clears")
        _move(locked, to=TaskStatus.NOT_STARTED, by=by, action="task.assigned")
        _tell(locked, [locked.assignee, locked.approver], event="assigned", by=by)
    return locked


def _simple_transition(*, task, by, allowed, to, action, verb, reason="", mutate=None, tell=None) -> Task:
    with transaction.atomic():
        locked = _lock(task)
        _require_status(locked, allowed, verb)
        if mutate:
            mutate(locked)
        _move(locked, to=to, by=by, action=action, reason=reason, allowed=allowed)
        if tell:
            tell(locked)
    return locked


def task_start(*, task: Task, by) -> Task:
    """Not started → in progress. Side effects: audit."""
    if not permissions.can_edit_task(by, task):
        raise PermissionDenied(_("You may not change this task."))
    return _simple_transition(
        task=task,
        by=by,
        allowed=(TaskStatus.NOT_STARTED,),
        to=TaskStatus.IN_PROGRESS,
        action="task.started",
        verb=_("started"),
    )


def task_block(*, task: Task, by, reason: str) -> Task:
    """Not started / in progress → blocked, with the reason. Side effects: audit; the leads are told."""
    if not permissions.can_edit_task(by, task):
        raise PermissionDenied(_("You may not change this task."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what blocks this task.")})

    def mutate(t):
        t.blocked_reason = reason

    def tell(t):
        _tell(t, _leads_of(t.subcommittee_id) + [t.assignee], event="blocked", by=by, reason=reason)

    return _simple_transition(
        task=task,
        by=by,
        allowed=(TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS),
        to=TaskStatus.BLOCKED,
        action="task.blocked",
        verb=_("blocked"),
        reason=reason,
        mutate=mutate,
        tell=tell,
    )


def task_unblock(*, task: Task, by) -> Task:
    """Blocked → in progress (the reason is cleared). Side effects: audit."""
    if not permissions.can_edit_task(by, task):
        raise PermissionDenied(_("You may not change this task."))

    def mutate(t):
        t.blocked_reason = ""

    return _simple_transition(
        task=task,
        by=by,
        allowed=(TaskStatus.BLOCKED,),
        to=TaskStatus.IN_PROGRESS,
        action="task.unblocked",
        verb=_("unblocked"),
        mutate=mutate,
    )


def task_set_progress(*, task: Task, by, progress: int) -> Task:
    """Record progress (0–100) on open work. Side effects: audit."""
    if not permissions.can_edit_task(by, task):
        raise PermissionDenied(_("You may not change this task."))
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Progress is a whole number from 0 to 100.")})
    with transaction.atomic():
        locked = _lock(task)
        _require_status(
            locked, (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED), _("updated")
        )
        before = locked.progress
        locked.progress = progress
        _check_task(locked)
        locked.save(update_fields=["progress", "updated_at"])
        record(
            locked, by=by, action="task.progress_set", data={"from_percent": before, "to_percent": progress}
        )
    return locked


def _undone_dependencies(task: Task) -> list[str]:
    return list(
        Task.objects.filter(dependent_links__task=task)
        .exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
        .values_list("title", flat=True)
    )


def _require_dependencies_done(task: Task) -> None:
    waiting = _undone_dependencies(task)
    if waiting:
        raise TransitionError(
            _("This task depends on work that is not done yet: %(tasks)s.") % {"tasks": "; ".join(waiting)}
        )


def task_submit(*, task: Task, by, note: str, attachment=None) -> Task:
    """The assignee hands in the product: in progress → awaiting approval. Refused while a task it depends
    on is not done. Side effects: a "product submitted" update (with the file), audit; the approver is told."""
    if not permissions.can_submit_task(by, task):
        raise PermissionDenied(_("Only the task's assignee submits its product."))
    note = (note or "").strip()
    if not note and attachment is None:
        raise ValidationError({"note": _("Describe the product or attach it.")})
    with transaction.atomic():
        locked = _lock(task)
        _require_status(locked, (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS), _("submitted"))
        _require_dependencies_done(locked)
        locked.submitted_at = timezone.now()
        _move(locked, to=TaskStatus.AWAITING_APPROVAL, by=by, action="task.submitted")
        _thread(locked, by=by, kind=UpdateKind.SUBMISSION, body=note, attachment=attachment)
        _tell(locked, [locked.approver], event="submitted", by=by, note=note)
    return locked


def task_approve(*, task: Task, by, comment: str = "") -> Task:
    """The approver (clear authority) accepts the product: awaiting approval → done. Side effects: an
    "approved" update, audit; the assignee and the leads are told."""
    if not permissions.can_approve_task(by, task):
        raise PermissionDenied(_("Only this task's approver may approve it."))
    with transaction.atomic():
        locked = _lock(task)
        if locked.approver_id != by.pk:
            raise PermissionDenied(_("Only this task's approver may approve it."))
        _require_status(locked, (TaskStatus.AWAITING_APPROVAL,), _("approved"))
        _require_dependencies_done(locked)
        locked.progress = 100
        locked.approved_at = timezone.now()
        locked.approved_by = by
        _move(locked, to=TaskStatus.DONE, by=by, action="task.approved", reason=comment)
        _thread(locked, by=by, kind=UpdateKind.APPROVAL, body=comment.strip() or _("Approved."))
        _tell(locked, [locked.assignee, *_leads_of(locked.subcommittee_id)], event="approved", by=by)
    return locked


def task_reject(*, task: Task, by, comment: str) -> Task:
    """The approver sends the product back: awaiting approval → in progress, with what to change. Side
    effects: a "returned" update, audit; the assignee is told."""
    if not permissions.can_approve_task(by, task):
        raise PermissionDenied(_("Only this task's approver may return it."))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what must change before you can approve it.")})
    with transaction.atomic():
        locked = _lock(task)
        _require_status(locked, (TaskStatus.AWAITING_APPROVAL,), _("returned"))
        locked.submitted_at = None
        _move(
            locked,
            to=TaskStatus.IN_PROGRESS,
            by=by,
            action="task.returned",
            reason=comment,
            allowed=(TaskStatus.AWAITING_APPROVAL,),
        )
        _thread(locked, by=by, kind=UpdateKind.REJECTION, body=comment)
        _tell(locked, [locked.assignee], event="rejected", by=by, comment=comment)
    return locked


def task_cancel(*, task: Task, by, reason: str) -> Task:
    """Drop a task that is no longer needed (any state but done). Side effects: audit; assignee told."""
    if not permissions.can_manage_task(by, task):
        raise PermissionDenied(_("Only the subcommittee's lead may cancel this task."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the task is cancelled.")})

    def mutate(t):
        t.blocked_reason = ""

    def tell(t):
        if t.assignee_id:
            _tell(t, [t.assignee], event="cancelled", by=by, reason=reason)

    return _simple_transition(
        task=task,
        by=by,
        allowed=[s for s in TaskStatus if s not in (TaskStatus.DONE, TaskStatus.CANCELLED)],
        to=TaskStatus.CANCELLED,
        action="task.cancelled",
        verb=_("cancelled"),
        reason=reason,
        mutate=mutate,
        tell=tell,
    )
