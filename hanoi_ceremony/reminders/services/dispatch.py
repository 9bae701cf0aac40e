"""The dispatcher: claims due rows with SKIP LOCKED and hands each batch to one sender task."""

import datetime
import uuid
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..enums import Channel, ReminderState
from ..models import Reminder
from ._common import _lock, _missed_window, logger

# --- Dispatcher ------------------------------------------------------------------------------------------


@dataclass
class DispatchResult:
    claimed: int = 0
    batches: int = 0
    missed: int = 0
    leases: list[uuid.UUID] = field(default_factory=list)


def _enqueue(ids: list[int], lease: uuid.UUID) -> None:
    from ..tasks import send_batch

    send_batch.delay(ids=ids, lease=str(lease))


def _mark_missed(*, now) -> int:
    cutoff = now - _missed_window()
    missed = 0
    while True:
        with transaction.atomic():
            pks = list(
                _lock(
                    Reminder.objects.filter(state=ReminderState.PENDING, due_at__lt=cutoff), skip_locked=True
                )
                .order_by("due_at", "pk")
                .values_list("pk", flat=True)[:1000]
            )
            if not pks:
                return missed
            missed += Reminder.objects.filter(pk__in=pks, state=ReminderState.PENDING).update(
                state=ReminderState.MISSED, updated_at=now
            )
        if len(pks) < 1000:
            return missed


def reminders_dispatch(
    *, now: datetime.datetime | None = None, batch_size: int | None = None
) -> DispatchResult:
    """Claim due rows and hand them to sender tasks.

    Each batch is claimed in its own short transaction with SKIP LOCKED, so a second dispatcher running at
    the same time takes other rows (or none) and never waits. Claiming sets the lease token and expiry and
    counts an attempt. The sender task is enqueued on commit with the ids and the lease — so a task never
    sees an uncommitted claim. In-app batches are large (one transaction delivers them all); e-mail batches
    are small (one SMTP round trip per row must fit well inside the task time limit).

    Side effects: Reminder rows; on commit, one ``reminders.send_batch`` task per batch.
    """
    now = now or timezone.now()
    result = DispatchResult(missed=_mark_missed(now=now))
    sizes = (
        (Channel.IN_APP, batch_size or settings.REMINDERS_BATCH_SIZE),
        (Channel.EMAIL, settings.REMINDERS_EMAIL_BATCH_SIZE),
    )
    for channel, channel_batch in sizes:
        _claim_batches(channel=channel, batch_size=channel_batch, now=now, result=result)
    if result.claimed or result.missed:
        logger.info(
            "reminders: claimed %s in %s batches, %s missed", result.claimed, result.batches, result.missed
        )
    return result


def _claim_batches(*, channel: str, batch_size: int, now, result: DispatchResult) -> None:
    lease_for = datetime.timedelta(seconds=settings.REMINDERS_LEASE_SECONDS)
    due = Reminder.objects.filter(state=ReminderState.PENDING, channel=channel, due_at__lte=now)
    while result.claimed < settings.REMINDERS_DISPATCH_MAX:
        size = min(batch_size, settings.REMINDERS_DISPATCH_MAX - result.claimed)
        with transaction.atomic():
            pks = list(
                _lock(due, skip_locked=True).order_by("due_at", "pk").values_list("pk", flat=True)[:size]
            )
            if not pks:
                return
            lease = uuid.uuid4()
            Reminder.objects.filter(pk__in=pks).update(
                state=ReminderState.CLAIMED,
                lease=lease,
                lease_expires_at=timezone.now() + lease_for,
                attempts=F("attempts") + 1,
                updated_at=now,
            )
            # robust: a broker outage must not undo the claim; the reaper frees the rows when the lease ends.
            transaction.on_commit(partial(_enqueue, pks, lease), robust=True)
        result.claimed += len(pks)
        result.batches += 1
        result.leases.append(lease)
        if len(pks) < size:
            return
