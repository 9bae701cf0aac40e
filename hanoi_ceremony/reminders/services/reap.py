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


def reminders_redispatch_unstarted(*, worker_started_at: datetime.datetime) -> int:
    """At a worker's start: batches claimed before it started that never began (their lease is still the
    claim lease, longer than a running batch's) are claimed again under a new lease and sent again at once.
    Returns how many rows.

    Why: a worker killed between taking a batch's message from Redis and recording it as unacknowledged
    loses that message (a window of kombu's Redis transport that widens on a starved machine); its rows
    would wait for the ten-minute claim lease. If the old message does turn up, its task finds no row under
    its lease and sends nothing, so nothing goes twice; a batch merely waiting in the queue costs one more
    message, not a duplicate.
    """
    import uuid
    from functools import partial

    from django.db.models import F

    from .dispatch import _enqueue

    now = timezone.now()
    claimed_before = worker_started_at + datetime.timedelta(seconds=settings.REMINDERS_LEASE_SECONDS)
    not_running = now + datetime.timedelta(seconds=settings.REMINDERS_RUNNING_LEASE_SECONDS)
    moved = 0
    with transaction.atomic():
        rows = list(
            _lock(
                Reminder.objects.filter(
                    state=ReminderState.CLAIMED,
                    lease_expires_at__lt=claimed_before,
                    lease_expires_at__gt=not_running,
                ),
                skip_locked=True,
            )
            .order_by("pk")
            .values_list("pk", "lease")[:5000]
        )
        batches: dict = {}
        for pk, lease in rows:
            batches.setdefault(lease, []).append(pk)
        lease_for = datetime.timedelta(seconds=settings.REMINDERS_LEASE_SECONDS)
        for old, pks in batches.items():
            lease = uuid.uuid4()
            moved += Reminder.objects.filter(pk__in=pks, lease=old, state=ReminderState.CLAIMED).update(
                lease=lease, lease_expires_at=now + lease_for, attempts=F("attempts") + 1, updated_at=now
            )
            transaction.on_commit(partial(_enqueue, pks, lease), robust=True)
    if moved:
        logger.warning("reminders: %s claimed rows sent again at a worker's start", moved)
    return moved
