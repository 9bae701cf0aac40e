"""Task dependencies: "cannot be done before", without cycles."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hanoi_ceremony.core.transitions import record

from .. import permissions
from ..enums import TaskStatus
from ..models import (
    Task,
    TaskDependency,
)
from ._common import TransitionError


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
        record(
            task,
            by=by,
            action="task.dependency_added",
            data={"depends_on": depends_on.pk, "depends_on_title": depends_on.title},
        )
    return link


def task_dependency_remove(*, task: Task, depends_on: Task, by) -> None:
    """Forget that ``task`` depends on ``depends_on``. Side effects: audit."""
    if not permissions.can_manage_task(by, task):
        raise PermissionDenied(_("Only the subcommittee's lead may change this task's dependencies."))
    with transaction.atomic():
        deleted, _rows = TaskDependency.objects.filter(task=task, depends_on=depends_on).delete()
        if deleted:
            record(
                task,
                by=by,
                action="task.dependency_removed",
                data={"depends_on": depends_on.pk, "depends_on_title": depends_on.title},
            )
