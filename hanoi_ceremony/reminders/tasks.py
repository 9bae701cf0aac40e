"""Thin Celery tasks for the reminder engine (see services.py for the guarantees)."""

import logging
import uuid

from celery import shared_task
from celery.signals import worker_ready
from django.db import DatabaseError

from .services import reminders_dispatch, reminders_reap, reminders_send_batch

logger = logging.getLogger(__name__)


@shared_task(name="reminders.dispatch", ignore_result=True)
def dispatch() -> None:
    """Beat, every minute: claim due rows and enqueue one sender task per batch."""
    reminders_dispatch()


@shared_task(
    name="reminders.send_batch",
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=0,
)
def send_batch(*, ids: list[int], lease: str) -> None:
    """Deliver one claimed batch. Safe to run twice: only rows still claimed under `lease` are sent."""
    reminders_send_batch(ids=[int(i) for i in ids], lease=uuid.UUID(lease))


@shared_task(name="reminders.reap", ignore_result=True)
def reap() -> None:
    """Beat, every minute: free expired leases, fail rows after too many attempts."""
    reminders_reap()


@worker_ready.connect
def _redispatch_unstarted(**kwargs) -> None:
    """A worker that starts (or restarts after being killed) sends again the batches that never began."""
    from django.utils import timezone

    from .services import reminders_redispatch_unstarted

    try:
        reminders_redispatch_unstarted(worker_started_at=timezone.now())
    except DatabaseError:  # the database is not up yet: the reaper frees them at their lease's end
        logger.warning("reminders: could not release unstarted batches at worker start", exc_info=True)
