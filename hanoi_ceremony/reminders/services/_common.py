"""Shared by the reminder engine: row locks, the states still in flight, the missed window."""

import datetime
import logging

from django.conf import settings
from django.db import connection

from hanoi_ceremony.core.errors import Conflict

from ..enums import ReminderState

logger = logging.getLogger("hanoi_ceremony.reminders.services")

IN_FLIGHT = (ReminderState.PENDING, ReminderState.CLAIMED)
REVIVABLE = (ReminderState.PENDING, ReminderState.CLAIMED, ReminderState.CANCELLED, ReminderState.MISSED)
NOTIFICATION_KIND_PREFIX = "reminder:"


class ReminderConflict(Conflict):
    """The reminder is not in a state that allows this action (a 409 for the caller): the product's one
    "moved meanwhile" refusal (hanoi_ceremony.core.errors.Conflict)."""


def _missed_window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.REMINDERS_MISSED_AFTER_MINUTES)


def _lock(qs, *, skip_locked: bool = False):
    """``select_for_update`` where the database has it. SQLite has no row locks (and no SKIP LOCKED): it
    serialises writers (``transaction_mode=IMMEDIATE`` takes the write lock at BEGIN), which gives the same
    guarantee — one claimer at a time — without the parallelism."""
    features = connection.features
    if not features.has_select_for_update:
        return qs
    kwargs = {}
    if skip_locked and features.has_select_for_update_skip_locked:
        kwargs["skip_locked"] = True
    if features.has_select_for_update_of:
        kwargs["of"] = ("self",)
    return qs.select_for_update(**kwargs)
