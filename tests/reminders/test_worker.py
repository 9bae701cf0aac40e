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

from .live import LiveBeat, LiveWorker, database_url, wait_until

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


def _beat_loop(stop: threading.Event, every: float = 1.0) -> None:
    """What beat does in production, faster: the reaper and the dispatcher on the real clock."""
    try:
        while not stop.is_set():
            reminders_reap()
            reminders_dispatch()
            stop.wait(every)
    finally:
        connection.close()


RUNNING_LEASE = 15  # seconds; the worker below marks started batches with it (production: time limit + 30)
VISIBILITY_TIMEOUT = 20  # seconds before Redis returns a dead worker's message (production: time limit + 60)


def test_worker_killed_mid_batch_loses_nothing_and_duplicates_nothing(worker, settings):
    """kill -9 in the middle: every reminder arrives exactly once, within seconds of the restart, not after
    the claim lease (REMINDERS_LEASE_SECONDS, ten minutes).

    The CI failure {'sent': 1180, 'claimed': 20} was one batch whose message the killed worker had taken
    from Redis (acknowledged late, so kept in Redis' "unacked" set) but not yet started. Redis gives such a
    message back only after the visibility timeout (it was an hour), and its rows stayed claimed until
    their ten-minute lease ended: nothing could send them within 300 s. Now the visibility timeout is the
    task time limit plus a minute (a running task is never handed out twice), so the message returns to
    the queue and runs under its still-valid lease; and a batch that had started marks its rows with a
    running lease (time limit + 30 s), so the reaper frees them that soon if its worker dies mid-batch."""
    _deadline_with_organisers(400)
    settings.REMINDERS_BATCH_SIZE = 20
    settings.REMINDERS_RUNNING_LEASE_SECONDS = RUNNING_LEASE
    worker.env["REMINDERS_RUNNING_LEASE_SECONDS"] = str(RUNNING_LEASE)
    worker.env["CELERY_VISIBILITY_TIMEOUT"] = str(VISIBILITY_TIMEOUT)
    total = 1200
    reminders_dispatch()
    worker.start()

    started = wait_until(lambda: _count(ReminderState.SENT) > 0, timeout=60, interval=0.005)
    worker.kill()
    sent_before_restart = _count(ReminderState.SENT)

    assert started, worker.log()
    assert 0 < sent_before_restart < total  # really mid-way
    killed_at = timezone.now()
    worker.start()
    stop = threading.Event()
    beat = threading.Thread(target=_beat_loop, args=(stop,))
    beat.start()
    try:
        # Far below the claim lease: the reminders arrive without waiting for it.
        arrived = wait_until(_all_sent(total), timeout=settings.REMINDERS_LEASE_SECONDS / 4)
    finally:
        stop.set()
        beat.join(timeout=30)
    assert arrived, (_states(), worker.log())
    assert (timezone.now() - killed_at).total_seconds() < settings.REMINDERS_LEASE_SECONDS / 4
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


def test_healthz_stays_200_while_3000_emails_are_sent(
    live_celery, transactional_db, tmp_path, settings, client
):
    """The control tasks (heartbeat, dispatcher, reaper) have their own queue and worker: a large e-mail
    batch on the default queue does not starve them, so /healthz stays green throughout."""
    from hanoi_ceremony.core.models import Heartbeat
    from hanoi_ceremony.notifications.models import OutboundEmail

    settings.HEALTH_MAX_HEARTBEAT_AGE = 12
    group, _ = Group.objects.get_or_create(name=GROUP_ROLES[Role.ORGANISER])
    users = User.objects.bulk_create(
        [User(username=f"org{i}", email=f"org{i}@example.org", password="!") for i in range(1000)]
    )
    group.user_set.add(*users)
    ReminderRule.objects.update(active=False)
    ReminderRule.objects.create(
        source_key="core.registration_deadline",
        name="live",
        offsets_minutes=OFFSETS,
        in_app=False,
        email=True,
    )
    ceremony = CeremonyFactory(registration_deadline=timezone.now() + datetime.timedelta(minutes=30))
    reminders_reconcile(target=ceremony)
    Heartbeat.objects.all().delete()
    url = database_url(connection.settings_dict)
    broker = os.environ["CELERY_BROKER_URL"]
    env = {
        "EMAIL_BACKEND": "tests.reminders.broken_mail.SlowBackend",
        "SLOW_MAIL_SECONDS": "0.01",
        "HEARTBEAT_SECONDS": "2",
        "REMINDERS_DISPATCH_SECONDS": "3600",
    }
    work = LiveWorker(
        database_url=url,
        broker_url=broker,
        log_path=tmp_path / "work.log",
        queues="celery",
        concurrency=2,
        extra_env=env,
    )
    control = LiveWorker(
        database_url=url,
        broker_url=broker,
        log_path=tmp_path / "control.log",
        queues="control",
        concurrency=1,
        extra_env=env,
    )
    beat = LiveBeat(
        database_url=url,
        broker_url=broker,
        log_path=tmp_path / "beat.log",
        schedule_path=tmp_path / "beat-schedule",
        extra_env=env,
    )
    statuses: list[int] = []
    try:
        control.start()
        beat.start()
        assert wait_until(lambda: client.get("/healthz").status_code == 200, timeout=90), (
            client.get("/healthz").json(),
            control.log(),
            beat.log(),
        )
        assert reminders_dispatch().claimed == 3000
        work.start()
        while OutboundEmail.objects.count() < 3000 and len(statuses) < 600:
            statuses.append(client.get("/healthz").status_code)
            threading.Event().wait(0.5)
        sent = _count(ReminderState.SENT)
    finally:
        for process in (work, control, beat):
            process.stop()

    assert sent == 3000, (_states(), work.log())
    assert len(statuses) > 10  # the sending really took a while, and health was asked throughout
    assert set(statuses) == {200}, statuses
