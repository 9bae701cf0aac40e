"""Every write of the budget. Services own their transaction and row lock; state moves go through
`core.transitions` (audit, content area, reminders, notification on commit)."""

from hanoi_ceremony.core.errors import Invalid

from ._common import ESTIMATE_MACHINE, NAMESPACE, PROPOSAL_MACHINE
from .estimate import (
    estimate_approve,
    estimate_create,
    estimate_refresh,
    estimate_return,
    estimate_submit,
    spending_record,
)
from .norms import cap_set, current_norm_set, norm_set_value, normset_create, normset_publish
from .proposals import (
    LINE_FIELDS,
    body_member_add,
    line_remove,
    line_save,
    proposal_accept,
    proposal_create,
    proposal_return,
    proposal_submit,
)

__all__ = [
    "ESTIMATE_MACHINE",
    "LINE_FIELDS",
    "NAMESPACE",
    "PROPOSAL_MACHINE",
    "Invalid",
    "body_member_add",
    "cap_set",
    "current_norm_set",
    "estimate_approve",
    "estimate_create",
    "estimate_refresh",
    "estimate_return",
    "estimate_submit",
    "line_remove",
    "line_save",
    "norm_set_value",
    "normset_create",
    "normset_publish",
    "proposal_accept",
    "proposal_create",
    "proposal_return",
    "proposal_submit",
    "spending_record",
]
