"""The reaper: expired leases go back to pending; rows claimed too often fail."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hanoi_ceremony.audit.services import audit_record

from ..enums import ReminderState
from ..models import Reminder
from ._common import _lock, logger
from .send import _release

# --- Reaper ----------------------------------------------------------------------------------------------


@dataclass
class ReapResult:
    released: int = 0
    failed: int = 0


def reminders_reap(*, now: datetime.datetime | None = None) -> ReapResult:
    """Free rows whose lease expired: back to pending, or failed after REMINDERS_MAX_ATTEMPTS claims.

    Side effects: Reminder rows; an audit entry and a log warning per failed row.
    """
    now = now or timezone.now()
    result = ReapResult()
    with transaction.atomic():
        expired = list(
            _lock(
                Reminder.objects.filter(state=ReminderState.CLAIMED, lease_expires_at__lt=now),
                skip_locked=True,
            )
            .order_by("pk")
            .values_list("pk", "attempts")[:5000]
        )
        if not expired:
            return result
        give_up = [pk for pk, attempts in expired if attempts >= settings.REMINDERS_MAX_ATTEMPTS]
        retry = [pk for pk, attempts in expired if attempts < settings.REMINDERS_MAX_ATTEMPTS]
        still = {"state": ReminderState.CLAIMED, "lease_expires_at__lt": now}
        if retry:
            result.released = Reminder.objects.filter(pk__in=retry, **still).update(
                state=ReminderState.PENDING,
                lease=None,
                lease_expires_at=None,
                last_error="lease expired before the sender finished (worker lost?)",
                updated_at=now,
            )
        if give_up:
            failing = list(Reminder.objects.filter(pk__in=give_up, **still).select_related("rule"))
            for row in failing:
                _release(
                    row,
                    state=ReminderState.FAILED,
                    now=now,
                    error=f"gave up after {row.attempts} attempts: the lease expired each time",
                )
                row.save(update_fields=["state", "lease", "lease_expires_at", "last_error", "updated_at"])
                audit_record(
                    actor=None,
                    action="reminder.failed",
                    target=row,
                    from_state=ReminderState.CLAIMED,
                    to_state=ReminderState.FAILED,
                    reason=row.last_error,
                )
                logger.warning("reminder %s failed: %s", row.pk, row.last_error)
            result.failed = len(failing)
    return result
