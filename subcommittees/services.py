"""Every write that matters for subcommittees: one service per state transition.

Each service is keyword-only, owns its transaction, locks the rows two people may change at once, validates
(``full_clean`` plus the rules that need other rows), writes an audit entry, and tells the people concerned
once the transaction commits (``notify`` through ``transaction.on_commit``).

Errors: ``ValidationError`` (bad input, with field names where there are fields), ``PermissionDenied``
(not this person's call), ``TransitionError`` (the task or escalation is not in a state that allows it — 409).
"""

import datetime
import os
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.accounts.roles import GROUP_ROLES, Role
from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.core.pagecache import bump
from hanoi_ceremony.core.uploads import attachment_clean
from hanoi_ceremony.notifications.services import notify
from hanoi_ceremony.reminders.services import reminders_reconcile

from . import permissions
from .enums import EscalationStatus, MembershipRole, MilestoneStatus, Priority, TaskStatus, UpdateKind
from .models import (
    ATTACHMENT_EXTENSIONS,
    ATTACHMENT_MAX_BYTES,
    Escalation,
    Milestone,
    Subcommittee,
    Task,
    TaskDependency,
    TaskUpdate,
)

User = get_user_model()

# The cached fragments of the dashboards, "My tasks" and the task list (views.py) are versioned by this
# content area: every service below that changes what they show bumps it inside its transaction.
NAMESPACE = "subcommittees"

EDITABLE_FIELDS = (
    "title",
    "assignee",
    "description",
    "due_at",
    "responsible_unit",
    "deliverable",
    "approver",
    "milestone",
    "priority",
)


class TransitionError(Exception):
    """The object is not in a state that allows this change (answered with 409 and the message)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- helpers -------------------------------------------------------------------------------------------


def _local(dt: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(dt), "DATETIME_FORMAT")


def _lock(task: Task) -> Task:
    return (
        Task.objects.select_for_update(of=("self",))
        .select_related("milestone", "subcommittee")
        .get(pk=task.pk)
    )


def _require_status(task: Task, allowed: Iterable[str], action: str) -> None:
    if task.status not in allowed:
        raise TransitionError(
            _("This task is “%(status)s”, so it cannot be %(action)s now.")
            % {"status": task.get_status_display(), "action": action}
        )


def missing_clears_message(missing: list[str]) -> str:
    return _(
        "This task cannot leave draft: it lacks %(missing)s. A task lacking any of the six clears is not assigned."
    ) % {"missing": ", ".join(missing)}


def _check_task(task: Task) -> None:
    """The rules a single row cannot express: due before its milestone; six clears once assigned."""
    errors: dict[str, list[str]] = {}
    if task.due_at and task.milestone_id:
        milestone = task.milestone
        if task.due_at > milestone.at:
            errors.setdefault("due_at", []).append(
                _(
                    "Due %(due)s is after its milestone “%(milestone)s” (%(at)s). Make it due by the milestone."
                )
                % {"due": _local(task.due_at), "milestone": milestone.title, "at": _local(milestone.at)}
            )
    if task.status not in (TaskStatus.DRAFT, TaskStatus.CANCELLED):
        missing = task.missing_clears
        if missing:
            errors.setdefault("__all__", []).append(
                _("An assigned task must keep its six clears; it now lacks %(missing)s.")
                % {"missing": ", ".join(missing)}
            )
    if errors:
        raise ValidationError(errors)
    task.full_clean()


def _leads_of(subcommittee_id: int):
    return list(
        User.objects.filter(
            subcommittee_memberships__subcommittee_id=subcommittee_id,
            subcommittee_memberships__role=MembershipRole.LEAD,
            is_active=True,
        )
    )


def _group_users(*roles: Role):
    return list(
        User.objects.filter(groups__name__in=[GROUP_ROLES[r] for r in roles], is_active=True).distinct()
    )


def _tell(recipients, *, kind: str, template: str, context: dict, url: str, exclude=None) -> None:
    """Notify each distinct recipient once the transaction commits (never the person who acted)."""
    seen: set[int] = set()
    people = []
    for user in recipients:
        if user is None or user.pk in seen or (exclude is not None and user.pk == exclude.pk):
            continue
        seen.add(user.pk)
        people.append(user)

    def send():
        for user in people:
            notify(
                recipient=user,
                kind=kind,
                template=f"subcommittees/email/{template}",
                context=context,
                url=url,
            )

    transaction.on_commit(send)


def _thread(task: Task, *, by, kind: str, body: str, attachment=None) -> TaskUpdate:
    update = TaskUpdate(task=task, author=by, kind=kind, body=body)
    if attachment is not None:
        _check_attachment(attachment)
        try:  # stored under a server-chosen name, its content checked against its kind
            update.attachment = attachment_clean(attachment, allowed=ATTACHMENT_EXTENSIONS)
        except ValidationError as exc:
            raise ValidationError({"attachment": exc.messages}) from None
        update.attachment_name = os.path.basename(attachment.name)[:200]
        update.attachment_size = attachment.size
    update.full_clean()
    update.save()
    return update


def _check_attachment(attachment) -> None:
    ext = os.path.splitext(attachment.name)[1].lower().lstrip(".")
    if ext not in ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            {
                "attachment": _("Files of type “%(ext)s” are not accepted. Use one of: %(allowed)s.")
                % {"ext": ext or "?", "allowed": ", ".join(ATTACHMENT_EXTENSIONS)}
            }
        )
    if attachment.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {
                "attachment": _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": round(attachment.size / 1048576, 1), "limit": ATTACHMENT_MAX_BYTES // 1048576}
            }
        )


def _audit(task, *, by, action, from_state="", to_state="", reason="", data=None) -> None:
    audit_record(
        actor=by,
        action=action,
        target=task,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data,
    )


# --- tasks ---------------------------------------------------------------------------------------------


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
        reminders_reconcile(target=task)
        if task.milestone_id:  # the milestone's leads follow its tasks' subcommittees
            reminders_reconcile(target=task.milestone)
        _audit(task, by=by, action="subcommittees.task_create", to_state=task.status)
        bump(NAMESPACE)
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
        changed = {}
        for field, value in changes.items():
            current = getattr(
                locked, f"{field}_id" if field in ("assignee", "approver", "milestone") else field
            )
            new = value.pk if hasattr(value, "pk") else value
            if current != new:
                changed[field] = value
        if changed.keys() & manager_only and not permissions.can_manage_task(by, locked):
            raise PermissionDenied(
                _("Only the subcommittee's lead may change who does or approves this task.")
            )
        for field, value in changed.items():
            setattr(locked, field, value)
        _check_task(locked)
        locked.save()
        reminders_reconcile(target=locked)
        if locked.milestone_id:
            reminders_reconcile(target=locked.milestone)
        _audit(
            locked,
            by=by,
            action="subcommittees.task_update",
            data={"fields": sorted(changed)},
        )
        bump(NAMESPACE)
        if "assignee" in changed and locked.assignee_id and locked.status != TaskStatus.DRAFT:
            _tell(
                [locked.assignee],
                kind="subcommittees.task_assigned",
                template="task_assigned",
                context={"task": locked},
                url=locked.get_absolute_url(),
                exclude=by,
            )
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
        locked.status = TaskStatus.NOT_STARTED
        _check_task(locked)
        locked.save()
        reminders_reconcile(target=locked)
        _audit(
            locked,
            by=by,
            action="subcommittees.task_assign",
            from_state=TaskStatus.DRAFT,
            to_state=locked.status,
        )
        bump(NAMESPACE)
        _tell(
            [locked.assignee, locked.approver],
            kind="subcommittees.task_assigned",
            template="task_assigned",
            context={"task": locked},
            url=locked.get_absolute_url(),
            exclude=by,
        )
    return locked


def _simple_transition(*, task, by, allowed, to, action, verb, reason="", mutate=None, tell=None) -> Task:
    with transaction.atomic():
        locked = _lock(task)
        _require_status(locked, allowed, verb)
        from_state = locked.status
        locked.status = to
        if mutate:
            mutate(locked)
        _check_task(locked)
        locked.save()
        reminders_reconcile(target=locked)
        _audit(locked, by=by, action=action, from_state=from_state, to_state=to, reason=reason)
        bump(NAMESPACE)
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
        action="subcommittees.task_start",
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
        _tell(
            _leads_of(t.subcommittee_id) + [t.assignee],
            kind="subcommittees.task_blocked",
            template="task_blocked",
            context={"task": t, "reason": reason},
            url=t.get_absolute_url(),
            exclude=by,
        )

    return _simple_transition(
        task=task,
        by=by,
        allowed=(TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS),
        to=TaskStatus.BLOCKED,
        action="subcommittees.task_block",
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
        action="subcommittees.task_unblock",
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
        _audit(locked, by=by, action="subcommittees.task_progress", data={"from": before, "to": progress})
        bump(NAMESPACE)
    return locked


def _undone_dependencies(task: Task) -> list[str]:
    return list(
        Task.objects.filter(dependent_links__task=task)
        .exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
        .values_list("title", flat=True)
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
        waiting = _undone_dependencies(locked)
        if waiting:
            raise TransitionError(
                _("This task depends on work that is not done yet: %(tasks)s.")
                % {"tasks": "; ".join(waiting)}
            )
        from_state = locked.status
        locked.status = TaskStatus.AWAITING_APPROVAL
        locked.submitted_at = timezone.now()
        _check_task(locked)
        locked.save()
        reminders_reconcile(target=locked)
        _thread(locked, by=by, kind=UpdateKind.SUBMISSION, body=note, attachment=attachment)
        _audit(
            locked, by=by, action="subcommittees.task_submit", from_state=from_state, to_state=locked.status
        )
        bump(NAMESPACE)
        _tell(
            [locked.approver],
            kind="subcommittees.task_submitted",
            template="task_submitted",
            context={"task": locked, "note": note},
            url=locked.get_absolute_url(),
            exclude=by,
        )
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
        waiting = _undone_dependencies(locked)
        if waiting:
            raise TransitionError(
                _("This task depends on work that is not done yet: %(tasks)s.")
                % {"tasks": "; ".join(waiting)}
            )
        locked.status = TaskStatus.DONE
        locked.progress = 100
        locked.approved_at = timezone.now()
        locked.approved_by = by
        _check_task(locked)
        locked.save()
        reminders_reconcile(target=locked)
        _thread(locked, by=by, kind=UpdateKind.APPROVAL, body=comment.strip() or _("Approved."))
        _audit(
            locked,
            by=by,
            action="subcommittees.task_approve",
            from_state=TaskStatus.AWAITING_APPROVAL,
            to_state=TaskStatus.DONE,
            reason=comment,
        )
        bump(NAMESPACE)
        _tell(
            [locked.assignee, *_leads_of(locked.subcommittee_id)],
            kind="subcommittees.task_approved",
            template="task_approved",
            context={"task": locked},
            url=locked.get_absolute_url(),
            exclude=by,
        )
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
        locked.status = TaskStatus.IN_PROGRESS
        locked.submitted_at = None
        _check_task(locked)
        locked.save()
        reminders_reconcile(target=locked)
        _thread(locked, by=by, kind=UpdateKind.REJECTION, body=comment)
        _audit(
            locked,
            by=by,
            action="subcommittees.task_reject",
            from_state=TaskStatus.AWAITING_APPROVAL,
            to_state=TaskStatus.IN_PROGRESS,
            reason=comment,
        )
        bump(NAMESPACE)
        _tell(
            [locked.assignee],
            kind="subcommittees.task_rejected",
            template="task_rejected",
            context={"task": locked, "comment": comment},
            url=locked.get_absolute_url(),
            exclude=by,
        )
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
            _tell(
                [t.assignee],
                kind="subcommittees.task_cancelled",
                template="task_cancelled",
                context={"task": t, "reason": reason},
                url=t.get_absolute_url(),
                exclude=by,
            )

    return _simple_transition(
        task=task,
        by=by,
        allowed=[s for s in TaskStatus if s not in (TaskStatus.DONE, TaskStatus.CANCELLED)],
        to=TaskStatus.CANCELLED,
        action="subcommittees.task_cancel",
        verb=_("cancelled"),
        reason=reason,
        mutate=mutate,
        tell=tell,
    )


def _reaches(start_id: int, target_id: int) -> bool:
    """Whether ``target`` is reachable from ``start`` following "depends on" links (one query per level)."""
    frontier = {start_id}
    seen = set(frontier)
    while frontier:
        if target_id in frontier:
            return True
        nxt = set(TaskDependency.objects.filter(task_id__in=frontier).values_list("depends_on_id", flat=True))
        frontier = nxt - seen
        seen |= nxt
    return False


def task_dependency_add(*, task: Task, depends_on: Task, by) -> TaskDependency:
    """Record that ``task`` cannot be done before ``depends_on``. Refused if it would make a cycle.
    Side effects: audit."""
    if not permissions.can_manage_task(by, task):
        raise PermissionDenied(_("Only the subcommittee's lead may change this task's dependencies."))
    if depends_on.pk == task.pk:
        raise ValidationError({"depends_on": _("A task cannot depend on itself.")})
    with transaction.atomic():
        # Lock both ends in a fixed order so two people adding opposite links cannot both succeed.
        locked = {
            t.pk: t
            for t in Task.objects.select_for_update().filter(pk__in=[task.pk, depends_on.pk]).order_by("pk")
        }
        task, depends_on = locked[task.pk], locked[depends_on.pk]
        if task.status in (TaskStatus.DONE, TaskStatus.CANCELLED):
            raise TransitionError(_("This task is closed; its dependencies can no longer change."))
        if TaskDependency.objects.filter(task=task, depends_on=depends_on).exists():
            raise ValidationError(
                {"depends_on": _("This task already depends on “%(task)s”.") % {"task": depends_on.title}}
            )
        if _reaches(depends_on.pk, task.pk):
            raise ValidationError(
                {
                    "depends_on": _(
                        "“%(other)s” already depends, directly or not, on this task: that would make a cycle."
                    )
                    % {"other": depends_on.title}
                }
            )
        link = TaskDependency(task=task, depends_on=depends_on)
        link.full_clean()
        link.save()
        _audit(task, by=by, action="subcommittees.dependency_add", data={"depends_on": depends_on.pk})
        bump(NAMESPACE)
    return link


def task_dependency_remove(*, task: Task, depends_on: Task, by) -> None:
    """Forget that ``task`` depends on ``depends_on``. Side effects: audit."""
    if not permissions.can_manage_task(by, task):
        raise PermissionDenied(_("Only the subcommittee's lead may change this task's dependencies."))
    with transaction.atomic():
        deleted, _rows = TaskDependency.objects.filter(task=task, depends_on=depends_on).delete()
        if deleted:
            _audit(task, by=by, action="subcommittees.dependency_remove", data={"depends_on": depends_on.pk})
            bump(NAMESPACE)


def task_post_update(*, task: Task, by, body: str, attachment=None) -> TaskUpdate:
    """Add a comment (and optionally a file) to the task's thread. Side effects: audit; the assignee,
    the approver and the leads are told (not the author). No bump: the thread is on the task page only,
    which is not cached."""
    if not permissions.can_comment_task(by, task):
        raise PermissionDenied(_("You may not comment on this task."))
    body = (body or "").strip()
    if not body and attachment is None:
        raise ValidationError({"body": _("Write an update or attach a file.")})
    with transaction.atomic():
        update = _thread(task, by=by, kind=UpdateKind.COMMENT, body=body, attachment=attachment)
        _audit(task, by=by, action="subcommittees.task_comment", data={"update": update.pk})
        _tell(
            [task.assignee, task.approver, *_leads_of(task.subcommittee_id)],
            kind="subcommittees.task_update",
            template="task_update",
            context={"task": task, "update": update},
            url=task.get_absolute_url(),
            exclude=by,
        )
    return update


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
        _audit(escalation, by=by, action="subcommittees.escalation_raise", to_state=escalation.status)
        bump(NAMESPACE)
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
        locked.status = EscalationStatus.DECIDED
        locked.decision = decision
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.full_clean()
        locked.save()
        _audit(
            locked,
            by=by,
            action="subcommittees.escalation_decide",
            from_state=EscalationStatus.OPEN,
            to_state=EscalationStatus.DECIDED,
            reason=decision,
        )
        bump(NAMESPACE)
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
        locked.status = EscalationStatus.WITHDRAWN
        locked.full_clean()
        locked.save()
        _audit(
            locked,
            by=by,
            action="subcommittees.escalation_withdraw",
            from_state=EscalationStatus.OPEN,
            to_state=EscalationStatus.WITHDRAWN,
            reason=reason,
        )
        bump(NAMESPACE)
    return locked


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
