import datetime

from hanoi_ceremony.reminders.enums import Channel, ReminderState
from hanoi_ceremony.reminders.models import Reminder
from hanoi_ceremony.reminders.services import reminders_reconcile

from .conftest import DEADLINE


def _states(**filters):
    return sorted(Reminder.objects.filter(**filters).values_list("state", flat=True))


def test_reconcile_expands_one_row_per_recipient_offset_channel(make_user, controls, rule, target):
    alice, bob = make_user(), make_user()
    controls.recipients = [(alice, "lead"), (bob, "steering")]

    result = reminders_reconcile(target=target)

    assert result.created == 12
    assert Reminder.objects.count() == 12
    due = sorted(
        set(Reminder.objects.filter(recipient=alice, channel=Channel.EMAIL).values_list("due_at", flat=True))
    )
    assert due == [
        DEADLINE - datetime.timedelta(days=7),
        DEADLINE - datetime.timedelta(days=1),
        DEADLINE - datetime.timedelta(hours=2),
    ]


def test_reconcile_twice_changes_nothing(make_user, controls, rule, target):
    controls.recipients = [(make_user(), "lead")]
    reminders_reconcile(target=target)

    again = reminders_reconcile(target=target)

    assert (again.created, again.retimed, again.cancelled) == (0, 0, 0)
    assert Reminder.objects.count() == 6


def test_reconcile_queries_constant_in_recipients(
    make_user, controls, rule, target, django_assert_num_queries
):
    few = [(make_user(), "lead") for _ in range(2)]
    many = [(make_user(), "lead") for _ in range(8)]  # 48 rows: one INSERT even on SQLite
    controls.recipients = few
    with django_assert_num_queries(5):  # savepoint, rules, existing rows, insert, release
        reminders_reconcile(target=target)
    Reminder.objects.all().delete()
    controls.recipients = many
    with django_assert_num_queries(5):
        reminders_reconcile(target=target)
    assert Reminder.objects.count() == 48


def test_reconcile_target_moved_retimes_pending_and_leaves_sent(make_user, controls, rule, target, clock):
    controls.recipients = [(make_user(), "lead")]
    reminders_reconcile(target=target)
    sent = Reminder.objects.get(offset_minutes=7 * 1440, channel=Channel.IN_APP)
    Reminder.objects.filter(pk=sent.pk).update(
        state=ReminderState.SENT, sent_at=datetime.datetime.now(datetime.UTC)
    )
    target.registration_deadline = DEADLINE + datetime.timedelta(days=2)
    target.save()

    result = reminders_reconcile(target=target)

    assert result.retimed == 5
    sent.refresh_from_db()
    assert (sent.state, sent.target_due_at) == (ReminderState.SENT, DEADLINE)
    one_day = Reminder.objects.get(offset_minutes=1440, channel=Channel.IN_APP)
    assert one_day.due_at == DEADLINE + datetime.timedelta(days=1)
    assert one_day.state == ReminderState.PENDING


def test_reconcile_claimed_row_moved_returns_to_pending_without_lease(make_user, controls, rule, target):
    import uuid

    controls.recipients = [(make_user(), "lead")]
    reminders_reconcile(target=target)
    Reminder.objects.update(
        state=ReminderState.CLAIMED, lease=uuid.uuid4(), lease_expires_at=datetime.datetime.now(datetime.UTC)
    )
    target.registration_deadline = DEADLINE + datetime.timedelta(hours=3)
    target.save()

    reminders_reconcile(target=target)

    assert set(Reminder.objects.values_list("state", "lease")) == {(ReminderState.PENDING, None)}


def test_reconcile_inactive_target_cancels_and_reactivation_revives(make_user, controls, rule, target):
    controls.recipients = [(make_user(), "lead")]
    reminders_reconcile(target=target)
    controls.active = False

    cancelled = reminders_reconcile(target=target)
    controls.active = True
    revived = reminders_reconcile(target=target)

    assert cancelled.cancelled == 6
    assert revived.retimed == 6
    assert _states() == [ReminderState.PENDING] * 6


def test_reconcile_recipient_dropped_cancels_only_theirs(make_user, controls, rule, target):
    alice, bob = make_user(), make_user()
    controls.recipients = [(alice, "lead"), (bob, "lead")]
    reminders_reconcile(target=target)
    controls.recipients = [(alice, "lead")]

    reminders_reconcile(target=target)

    assert _states(recipient=bob) == [ReminderState.CANCELLED] * 6
    assert _states(recipient=alice) == [ReminderState.PENDING] * 6


def test_reconcile_recipient_without_email_gets_in_app_only(make_user, controls, rule, target):
    controls.recipients = [(make_user(email=""), "lead")]

    reminders_reconcile(target=target)

    assert set(Reminder.objects.values_list("channel", flat=True)) == {Channel.IN_APP}


def test_reconcile_audience_rule_targets_only_that_audience(make_user, controls, rule, target):
    lead, steering = make_user(), make_user()
    controls.recipients = [(lead, "lead"), (steering, "steering")]
    rule.audience = "steering"
    rule.save()

    reminders_reconcile(target=target)

    assert set(Reminder.objects.values_list("recipient_id", flat=True)) == {steering.pk}


def test_reconcile_offsets_long_past_are_not_created(make_user, controls, rule, target, clock):
    controls.recipients = [(make_user(), "lead")]
    clock.move_to(DEADLINE - datetime.timedelta(days=3))

    reminders_reconcile(target=target)

    assert sorted(set(Reminder.objects.values_list("offset_minutes", flat=True))) == [120, 1440]


def test_reconcile_rule_deactivated_cancels_pending(make_user, controls, rule, target):
    controls.recipients = [(make_user(), "lead")]
    reminders_reconcile(target=target)
    rule.active = False
    rule.save()

    reminders_reconcile(target=target)

    assert _states() == [ReminderState.CANCELLED] * 6


def test_reconcile_leaves_existing_late_row_alone(make_user, controls, rule, target, clock):
    controls.recipients = [(make_user(), "lead")]
    reminders_reconcile(target=target)
    clock.move_to(DEADLINE - datetime.timedelta(days=3))  # the 7-day rows are now long past due, unsent

    result = reminders_reconcile(target=target)

    assert (result.created, result.retimed, result.cancelled) == (0, 0, 0)
    assert _states(offset_minutes=7 * 1440) == [ReminderState.PENDING] * 2


def test_rules_ensure_defaults_gives_each_source_one_rule_once(db, test_source):
    from hanoi_ceremony.reminders.models import ReminderRule
    from hanoi_ceremony.reminders.registry import sources_all
    from hanoi_ceremony.reminders.services import rules_ensure_defaults

    ReminderRule.objects.all().delete()

    created = rules_ensure_defaults()
    again = rules_ensure_defaults()

    assert (created, again) == (len(sources_all()), 0)
    assert ReminderRule.objects.get(source_key="tests.deadline").offsets_minutes == [10080, 1440, 120]
