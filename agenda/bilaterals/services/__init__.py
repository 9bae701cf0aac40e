"""Every write about bilateral meetings. Each service owns its transaction, locks the rows it changes, goes
through ``transitions.transition``/``record_change`` (audit, content area, reminders) and tells only the two
sides, on commit.

Who may act is decided in ``permissions.acting_side``: the side whose answer is awaited answers, either
side (or an organiser) cancels, only organisers give a room and a slot.
"""

from ._common import CLOSED_DELEGATIONS, NAMESPACE, S, max_participants
from .requests import (
    bilateral_accept,
    bilateral_cancel,
    bilateral_decline,
    bilateral_propose,
    bilateral_request,
    bilaterals_expire,
)
from .rooms import bilateral_schedule

__all__ = [
    "CLOSED_DELEGATIONS",
    "NAMESPACE",
    "S",
    "bilateral_accept",
    "bilateral_cancel",
    "bilateral_decline",
    "bilateral_propose",
    "bilateral_request",
    "bilateral_schedule",
    "bilaterals_expire",
    "max_participants",
]
