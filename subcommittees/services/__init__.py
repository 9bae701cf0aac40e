"""Every write that matters for subcommittees: one service per state transition.

Each service is keyword-only, owns its transaction, locks the rows two people may change at once, validates
(``full_clean`` plus the rules that need other rows), writes an audit entry, and tells the people concerned
once the transaction commits (``notify`` through ``transaction.on_commit``).

Errors: ``ValidationError`` (bad input, with field names where there are fields), ``PermissionDenied``
(not this person's call), ``TransitionError`` (the task or escalation is not in a state that allows it — 409)."""

from ._common import (
    EDITABLE_FIELDS,
    NAMESPACE,
    TransitionError,
    User,
    _audit,
    _check_attachment,
    _check_task,
    _group_users,
    _leads_of,
    _local,
    _lock,
    _require_status,
    _tell,
    _thread,
    language_columns,
    missing_clears_message,
)
from .comments import task_post_update
from .dependencies import _reaches, task_dependency_add, task_dependency_remove
from .escalations import (
    ESCALATION_FIELDS,
    escalation_decide,
    escalation_raise,
    escalation_update,
    escalation_withdraw,
)
from .milestones import (
    MILESTONE_FIELDS,
    milestone_create,
    milestone_move,
    milestone_set_status,
    milestone_update,
)
from .structure import (
    MEMBERSHIP_FIELDS,
    SUBCOMMITTEE_FIELDS,
    membership_add,
    membership_remove,
    membership_update,
    subcommittee_create,
    subcommittee_delete,
    subcommittee_update,
)
from .tasks import (
    _simple_transition,
    _undone_dependencies,
    task_approve,
    task_block,
    task_cancel,
    task_create,
    task_leave_draft,
    task_reject,
    task_set_progress,
    task_start,
    task_submit,
    task_unblock,
    task_update,
)

__all__ = [
    "User",
    "NAMESPACE",
    "EDITABLE_FIELDS",
    "TransitionError",
    "_local",
    "_lock",
    "_require_status",
    "missing_clears_message",
    "_check_task",
    "_leads_of",
    "_group_users",
    "_tell",
    "_thread",
    "_check_attachment",
    "_audit",
    "task_create",
    "task_update",
    "task_leave_draft",
    "_simple_transition",
    "task_start",
    "task_block",
    "task_unblock",
    "task_set_progress",
    "_undone_dependencies",
    "task_submit",
    "task_approve",
    "task_reject",
    "task_cancel",
    "_reaches",
    "task_dependency_add",
    "task_dependency_remove",
    "task_post_update",
    "escalation_raise",
    "escalation_decide",
    "escalation_withdraw",
    "escalation_update",
    "ESCALATION_FIELDS",
    "milestone_create",
    "milestone_move",
    "milestone_set_status",
    "milestone_update",
    "MILESTONE_FIELDS",
    "subcommittee_create",
    "subcommittee_update",
    "subcommittee_delete",
    "SUBCOMMITTEE_FIELDS",
    "membership_add",
    "membership_update",
    "membership_remove",
    "MEMBERSHIP_FIELDS",
    "language_columns",
]
