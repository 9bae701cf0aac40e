"""The task's thread: comments and files."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import permissions
from ..enums import UpdateKind
from ..models import (
    Task,
    TaskUpdate,
)
from ._common import _audit, _leads_of, _tell, _thread


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
        _audit(task, by=by, action="task.commented", data={"update": update.pk})
        _tell(
            task,
            [task.assignee, task.approver, *_leads_of(task.subcommittee_id)],
            event="update",
            by=by,
            update=update,
        )
    return update
