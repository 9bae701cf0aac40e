"""The engine against real PostgreSQL, real Redis and a real prefork worker process."""

import datetime
import os
import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from hanoi_ceremony.accounts.models import User
from hanoi_ceremony.accounts.roles import GROUP_ROLES, Role
from hanoi_ceremony.notifications.models import Notification
from hanoi_ceremony.reminders import services
from hanoi_ceremony.reminders.enums import ReminderState
from hanoi_ceremony.reminders.models import Reminder, ReminderRule
from hanoi_ceremony.reminders.services import reminders_dispatch, reminders_reap, reminders_reconcile
from tests.factories import CeremonyFactory

from .live import LiveWorker, database_url, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

OFFSETS = [40, 50, 60]  # minutes before a deadline 30 minutes away: all due in the last half hour


@pytest.fixture
def live_celery(settings):
    """Publish tasks to the real broker (the test settings run them eagerly otherwise); empty queue."""
    import redis

    from hanoi_ceremony.celery import app

    redis.Redis.from_url(os.environ["CELERY_BROKER_URL"]).flushdb()
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    yield app
    app.conf.task_always_eager = eager
    redis.Redis.from_url(os.environ["CELERY_BROKER_URL"]).flushdb()


@pytest.fixture
def worker(transactional_db, live_celery, tmp_path):
    live = LiveWorker(
        database_url=database_url(connection.settings_dict),
        broker_url=os.environ["CELERY_BROKER_URL"],
        log_path=tmp_path / "worker.log",
    )
    yield live
    live.stop()


def _deadline_with_organisers(count: int):
    """The ceremony's registration deadline 30 minutes from now and `count` organisers; one in-app rule
    for the core registration-deadline source. Returns the ceremony, reconciled."""
    group, _ = Group.objects.get_or_create(name=GROUP_ROLES[Role.ORGANISER])
    users = User.objects.bulk_create(
        [User(username=f"org{i}", email=f"org{i}@example.org", password="!") for i in range(count)]
    )
    group.user_set.add(*users)
    ReminderRule.objects.update(active=False)
    ReminderRule.objects.create(
        source_key="core.registration_deadline",
        name="live",
        offsets_minutes=OFFSETS,
        in_app=True,
        email=False,
    )
    ceremony = CeremonyFactory(registration_deadline=timezone.now() + datetime.timedelta(minutes=30))
    reminders_reconcile(target=ceremony)
    return ceremony


def _count(state) -> int:
    return Reminder.objects.filter(state=state).count()


def _states() -> dict:
    from django.db.models import Count

    return dict(Reminder.objects.values_list("state").annotate(n=Count("pk")))


def _all_sent(total):
    return lambda: _count(ReminderState.SENT) == total


def _assert_each_sent_exactly_once(total: int) -> None:
    assert Reminder.objects.count() == total
    assert _count(ReminderState.SENT) == total
    assert Reminder.objects.filter(notification__isnull=True).count() == 0
    assert Notification.objects.count() == total
    # one notification per (recipient, offset): three per organiser, none twice
    per_user = Notification.objects.values("recipient").annotate(n=Count("pk")).values_list("n", flat=True)
    assert set(per_user) == {len(OFFSETS)}


def test_worker_delivers_every_due_reminder_once(worker, settings):
    _deadline_with_organisers(100)
    settings.REMINDERS_BATCH_SIZE = 25

    result = reminders_dispatch()
    worker.start()

    assert result.claimed == 300
    assert wait_until(_all_sent(300), timeout=60), worker.log()
    _assert_each_sent_exactly_once(300)


def test_worker_killed_mid_batch_loses_nothing_and_duplicates_nothing(worker, settings):
    _deadline_with_organisers(400)
    settings.REMINDERS_BATCH_SIZE = 20
    total = 1200
    reminders_dispatch()
    worker.start()

    started = wait_until(lambda: _count(ReminderState.SENT) > 0, timeout=60, interval=0.005)
    worker.kill()
    sent_before_restart = _count(ReminderState.SENT)

    assert started, worker.log()
    assert 0 < sent_before_restart < total  # really mid-way
    # The reaper, once the leases expired, frees what the dead worker held; the dispatcher re-claims it.
    later = timezone.now() + datetime.timedelta(seconds=settings.REMINDERS_LEASE_SECONDS + 1)
    reaped = reminders_reap(now=later)
    assert reaped.released == _count(ReminderState.PENDING)
    reminders_dispatch()
    worker.start()  # also receives the dead worker's un-run tasks: their leases are stale, they do nothing
    # A loaded CI machine may take minutes for 60 batches; the states say where it stood if it never finishes.
    assert wait_until(_all_sent(total), timeout=300), (_states(), worker.log())
    _assert_each_sent_exactly_once(total)


def test_worker_moved_target_retimes_pending_and_never_resends_sent(worker, settings):
    ceremony = _deadline_with_organisers(10)
    Reminder.objects.filter(offset_minutes__in=OFFSETS[:2]).update(
        due_at=timezone.now() + datetime.timedelta(hours=5)  # not yet due: only the 60-minute row goes now
    )
    reminders_dispatch()
    worker.start()
    assert wait_until(_all_sent(10), timeout=60), worker.log()

    with transaction.atomic():
        ceremony.registration_deadline = timezone.now() + datetime.timedelta(minutes=20)
        ceremony.save()
        moved = reminders_reconcile(target=ceremony)
    reminders_dispatch()

    assert moved.retimed == 20
    assert wait_until(_all_sent(30), timeout=60), worker.log()
    assert Notification.objects.count() == 30
    sent_first = Reminder.objects.filter(offset_minutes=OFFSETS[2])
    assert set(sent_first.values_list("target_due_at", flat=True)) != {ceremony.registration_deadline}


def test_worker_cancelled_target_suppresses_claimed_and_pending(worker):
    ceremony = _deadline_with_organisers(10)
    reminders_dispatch()  # tasks wait in Redis: the worker is not running yet

    with transaction.atomic():
        ceremony.registration_deadline = None
        ceremony.save()
        cancelled = reminders_reconcile(target=ceremony)
    worker.start()

    assert cancelled.cancelled == 30
    assert wait_until(lambda: worker.process.poll() is None, timeout=5)
    assert not wait_until(lambda: Notification.objects.exists(), timeout=5)
    assert _count(ReminderState.CANCELLED) == 30
    assert reminders_dispatch().claimed == 0


def test_two_dispatchers_at_once_never_claim_the_same_row(transactional_db, monkeypatch, settings):
    _deadline_with_organisers(200)
    settings.REMINDERS_BATCH_SIZE = 10
    handed_out: list[list[int]] = []
    lock = threading.Lock()

    def record(ids, lease):
        with lock:
            handed_out.append(list(ids))

    monkeypatch.setattr(services.dispatch, "_enqueue", record)
    barrier = threading.Barrier(2)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(reminders_dispatch())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    claimed = [pk for batch in handed_out for pk in batch]
    assert len(claimed) == len(set(claimed)) == 600
    assert sum(r.claimed for r in results) == 600
    assert all(r.claimed > 0 for r in results)  # both really worked, side by side


def test_dispatcher_skips_rows_another_transaction_holds(transactional_db, monkeypatch):
    _deadline_with_organisers(5)
    monkeypatch.setattr(services.dispatch, "_enqueue", lambda ids, lease: None)
    held = list(Reminder.objects.order_by("pk").values_list("pk", flat=True)[:4])
    locked, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                list(Reminder.objects.filter(pk__in=held).select_for_update())
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    locked.wait(timeout=10)
    try:
        result = reminders_dispatch()
    finally:
        release.set()
        holder.join()

    assert result.claimed == 11
    assert set(Reminder.objects.filter(pk__in=held).values_list("state", flat=True)) == {
        ReminderState.PENDING
    }
