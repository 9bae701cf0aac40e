import datetime
import uuid

import pytest
from django.core import mail

from hanoi_ceremony.audit.models import AuditEntry
from hanoi_ceremony.notifications.models import Notification, OutboundEmail
from hanoi_ceremony.reminders.enums import Channel, ReminderState
from hanoi_ceremony.reminders.models import Reminder
from hanoi_ceremony.reminders.services import (
    ReminderConflict,
    reminder_retry,
    reminders_dispatch,
    reminders_reap,
    reminders_reconcile,
    reminders_send_batch,
)

from .conftest import DEADLINE


@pytest.fixture
def rows(make_user, controls, rule, target, clock):
    """Two recipients (one French) × 3 offsets × 2 channels, reconciled; the clock just past the 7-day
    reminder, so exactly the 4 seven-day rows are due."""
    controls.recipients = [(make_user(language="fr"), "lead"), (make_user(), "lead")]
    reminders_reconcile(target=target)
    clock.move_to(DEADLINE - datetime.timedelta(days=7) + datetime.timedelta(minutes=1))
    return Reminder.objects.all()


def test_dispatch_claims_only_due_rows_with_a_lease(rows, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        result = reminders_dispatch()

    claimed = Reminder.objects.filter(state=ReminderState.CLAIMED)
    assert result.claimed == 4
    assert set(claimed.values_list("offset_minutes", flat=True)) == {7 * 1440}
    assert set(claimed.values_list("attempts", flat=True)) == {1}
    assert claimed.filter(lease__isnull=True).count() == 0
    assert len(callbacks) == 2  # one in-app batch, one e-mail batch
    assert Reminder.objects.filter(state=ReminderState.PENDING).count() == 8


def test_dispatch_batches_enqueue_one_task_each(rows, settings, django_capture_on_commit_callbacks):
    settings.REMINDERS_BATCH_SIZE = 1
    settings.REMINDERS_EMAIL_BATCH_SIZE = 1

    with django_capture_on_commit_callbacks() as callbacks:
        result = reminders_dispatch()

    assert (result.claimed, result.batches, len(callbacks)) == (4, 4, 4)
    assert len({lease for lease in Reminder.objects.values_list("lease", flat=True) if lease}) == 4


def test_dispatch_twice_claims_nothing_more(rows, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        reminders_dispatch()

    with django_capture_on_commit_callbacks() as callbacks:
        again = reminders_dispatch()

    assert (again.claimed, len(callbacks)) == (0, 0)


def test_dispatch_far_past_due_becomes_missed(rows, clock, settings, django_capture_on_commit_callbacks):
    settings.REMINDERS_MISSED_AFTER_MINUTES = 60
    clock.move_to(DEADLINE - datetime.timedelta(days=6))

    with django_capture_on_commit_callbacks():
        result = reminders_dispatch()

    assert result.missed == 4
    assert Reminder.objects.filter(state=ReminderState.MISSED).count() == 4
    assert result.claimed == 0


def test_send_in_app_writes_notification_and_marks_sent(rows, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reminders_dispatch()

    sent = Reminder.objects.filter(state=ReminderState.SENT, channel=Channel.IN_APP)
    assert sent.count() == 2
    assert Notification.objects.count() == 2
    assert set(sent.values_list("notification__recipient", flat=True)) == set(
        sent.values_list("recipient", flat=True)
    )
    french = Notification.objects.get(recipient__language="fr")
    assert "jours" in french.body
    assert french.url == "/"


def test_send_email_in_recipient_language_with_ics_and_stable_message_id(
    rows, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reminders_dispatch()

    assert len(mail.outbox) == 2
    row = Reminder.objects.get(channel=Channel.EMAIL, recipient__language="fr", state=ReminderState.SENT)
    message = next(m for m in mail.outbox if m.to == [row.recipient.email])
    assert message.extra_headers["Message-ID"].startswith(f"<reminder-{row.pk}@")
    assert message.alternatives[0].mimetype == "text/html"
    assert message.attachments[0][0] == "invite.ics"
    assert "jours" in message.body
    assert row.email.status == OutboundEmail.Status.SENT


def test_send_batch_run_twice_delivers_once(rows, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        result = reminders_dispatch()
    ids = list(Reminder.objects.filter(state=ReminderState.CLAIMED).values_list("pk", flat=True))

    first = [reminders_send_batch(ids=ids, lease=lease) for lease in result.leases]
    second = [reminders_send_batch(ids=ids, lease=lease) for lease in result.leases]

    assert sum(r.sent for r in first) == 4
    assert sum(r.sent for r in second) == 0
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 2
    assert len(callbacks) == 2


def test_send_batch_with_stale_lease_sends_nothing(rows, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        reminders_dispatch()
    ids = list(Reminder.objects.filter(state=ReminderState.CLAIMED).values_list("pk", flat=True))

    result = reminders_send_batch(ids=ids, lease=uuid.uuid4())

    assert (result.sent, result.skipped) == (0, 4)
    assert Notification.objects.count() == 0


def test_send_target_cancelled_after_claim_is_suppressed(rows, controls, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        reminders_dispatch()
    controls.active = False  # cancelled, and nobody called reconcile

    for callback in callbacks:
        callback()

    assert Notification.objects.count() == 0
    assert len(mail.outbox) == 0
    assert Reminder.objects.filter(state=ReminderState.CANCELLED).count() == 4


def test_send_target_moved_without_reconcile_is_retimed_not_sent(
    rows, target, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        reminders_dispatch()
    target.registration_deadline = DEADLINE + datetime.timedelta(days=1)
    target.save()

    for callback in callbacks:
        callback()

    moved = Reminder.objects.filter(offset_minutes=7 * 1440)
    assert set(moved.values_list("state", flat=True)) == {ReminderState.PENDING}
    assert set(moved.values_list("due_at", flat=True)) == {DEADLINE - datetime.timedelta(days=6)}
    assert Notification.objects.count() == 0


def test_send_email_server_down_retries_then_fails_visibly(
    rows, settings, clock, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.reminders.broken_mail.RefusingBackend"
    settings.REMINDERS_MAX_ATTEMPTS = 2

    with django_capture_on_commit_callbacks(execute=True):
        reminders_dispatch()
    email_rows = Reminder.objects.filter(channel=Channel.EMAIL, offset_minutes=7 * 1440)
    after_first = set(email_rows.values_list("state", "attempts"))
    with django_capture_on_commit_callbacks(execute=True):
        reminders_dispatch()

    assert after_first == {(ReminderState.PENDING, 1)}
    assert set(email_rows.values_list("state", flat=True)) == {ReminderState.FAILED}
    assert "refused" in email_rows.first().last_error
    assert AuditEntry.objects.filter(action="reminder.failed").count() == 2
    assert Reminder.objects.filter(channel=Channel.IN_APP, state=ReminderState.SENT).count() == 2


def test_send_broken_source_fails_row_after_attempts(
    rows, controls, settings, django_capture_on_commit_callbacks
):
    settings.REMINDERS_MAX_ATTEMPTS = 1
    controls.broken = True

    with django_capture_on_commit_callbacks(execute=True):
        reminders_dispatch()

    failed = Reminder.objects.filter(state=ReminderState.FAILED)
    assert failed.count() == 4
    assert "source exploded" in failed.first().last_error


def test_reap_expired_lease_returns_row_to_pending(rows, clock, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():  # claimed, but the worker never runs the task
        reminders_dispatch()
    clock.shift(datetime.timedelta(seconds=settings.REMINDERS_LEASE_SECONDS + 1))

    result = reminders_reap()

    assert result.released == 4
    assert set(Reminder.objects.filter(offset_minutes=7 * 1440).values_list("state", "lease")) == {
        (ReminderState.PENDING, None)
    }


def test_reap_live_lease_is_left_alone(rows, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        reminders_dispatch()

    result = reminders_reap()

    assert (result.released, result.failed) == (0, 0)
    assert Reminder.objects.filter(state=ReminderState.CLAIMED).count() == 4


def test_reap_after_max_attempts_marks_failed_with_audit(
    rows, clock, settings, django_capture_on_commit_callbacks
):
    settings.REMINDERS_MAX_ATTEMPTS = 2
    for _ in range(2):
        with django_capture_on_commit_callbacks():
            reminders_dispatch()
        clock.shift(datetime.timedelta(seconds=settings.REMINDERS_LEASE_SECONDS + 1))
        result = reminders_reap()

    assert result.failed == 4
    failed = Reminder.objects.filter(state=ReminderState.FAILED)
    assert failed.count() == 4
    assert "2 attempts" in failed.first().last_error
    assert AuditEntry.objects.filter(action="reminder.failed").count() == 4


def test_retry_failed_reminder_sends_it_again(
    rows, organiser, clock, settings, django_capture_on_commit_callbacks
):
    settings.REMINDERS_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks():
        reminders_dispatch()
    clock.shift(datetime.timedelta(seconds=settings.REMINDERS_LEASE_SECONDS + 1))
    reminders_reap()
    failed = Reminder.objects.filter(state=ReminderState.FAILED, channel=Channel.IN_APP).first()

    reminder_retry(reminder=failed, by=organiser)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_dispatch()

    failed.refresh_from_db()
    assert failed.state == ReminderState.SENT
    assert AuditEntry.objects.filter(action="reminder.retried", actor=organiser).count() == 1


def test_retry_pending_reminder_is_refused(rows, organiser):
    pending = Reminder.objects.filter(state=ReminderState.PENDING).first()

    with pytest.raises(ReminderConflict):
        reminder_retry(reminder=pending, by=organiser)

    pending.refresh_from_db()
    assert pending.state == ReminderState.PENDING


def test_send_lets_celerys_soft_time_limit_through(rows, monkeypatch, django_capture_on_commit_callbacks):
    """A task whose time is up must stop, not record the time limit as a broken template."""
    from celery.exceptions import SoftTimeLimitExceeded

    from hanoi_ceremony.reminders.services import send

    def out_of_time(**kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(send, "reminder_render", out_of_time)
    with django_capture_on_commit_callbacks():
        result = reminders_dispatch()
    ids = list(Reminder.objects.filter(state=ReminderState.CLAIMED).values_list("pk", flat=True))

    with pytest.raises(SoftTimeLimitExceeded):
        for lease in result.leases:
            reminders_send_batch(ids=ids, lease=lease)

    assert Reminder.objects.filter(state=ReminderState.FAILED).count() == 0


def test_a_starting_worker_gives_back_batches_that_never_began(
    rows, clock, settings, django_capture_on_commit_callbacks
):
    """A batch whose message died with a killed worker is dispatched again when a worker starts, not after
    the ten-minute claim lease; a batch already running, and one claimed after the start, are left alone."""
    from django.utils import timezone

    from hanoi_ceremony.reminders.services import reminders_redispatch_unstarted
    from hanoi_ceremony.reminders.services.send import _mark_running

    with django_capture_on_commit_callbacks():  # claimed; the worker that took the message is killed
        reminders_dispatch()
    claimed = list(Reminder.objects.filter(state=ReminderState.CLAIMED).order_by("pk"))
    running = claimed[0]
    _mark_running([running.pk], running.lease)  # this one's batch had begun
    clock.shift(datetime.timedelta(seconds=30))

    before = {r.pk: r.lease for r in claimed}
    with django_capture_on_commit_callbacks() as callbacks:
        assert reminders_redispatch_unstarted(worker_started_at=timezone.now()) == 3
    released = [pk for pk in before if pk != running.pk]
    assert len(callbacks) == len({before[pk] for pk in released})  # one new message per batch
    after = dict(Reminder.objects.filter(state=ReminderState.CLAIMED).values_list("pk", "lease"))
    assert after[running.pk] == before[running.pk]  # the running batch keeps its lease
    assert all(after[pk] != before[pk] for pk in before if pk != running.pk)  # the others: a new one
    # Claimed after this worker started: not touched by its start.
    assert (
        reminders_redispatch_unstarted(worker_started_at=timezone.now() - datetime.timedelta(minutes=1)) == 0
    )
