from io import StringIO

from django.core.management import call_command

from hanoi_ceremony.notifications.models import Notification
from hanoi_ceremony.reminders.enums import ReminderState
from hanoi_ceremony.reminders.models import Reminder, ReminderRule
from hanoi_ceremony.reminders.services import reminders_dispatch


def _snapshot():
    return (
        sorted(ReminderRule.objects.values_list("source_key", "name", "active")),
        sorted(
            Reminder.objects.values_list(
                "rule__source_key", "recipient__username", "offset_minutes", "channel", "state"
            )
        ),
    )


def test_seed_demo_twice_changes_nothing_and_scale_two_works(db):
    call_command("seed_demo", "--replay", stdout=StringIO())
    first = _snapshot()

    call_command("seed_demo", "--replay", stdout=StringIO())
    call_command("seed_demo", "--replay", "--scale", "2", stdout=StringIO())

    assert _snapshot() == first
    assert {key for key, _, _ in first[0]} >= {"core.ceremony_opening", "core.registration_deadline"}


def test_seed_demo_reminders_due_now_arrive_in_notification_centre(db, django_capture_on_commit_callbacks):
    call_command("seed_demo", "--replay", stdout=StringIO())

    with django_capture_on_commit_callbacks(execute=True):
        reminders_dispatch()

    organiser_notes = Notification.objects.filter(
        recipient__username="organiser", kind__startswith="reminder:"
    )
    assert organiser_notes.count() == 1
    steering = Reminder.objects.filter(recipient__username="steering", state=ReminderState.SENT)
    assert set(steering.values_list("rule__source_key", "channel")) == {
        ("core.ceremony_opening", "in_app"),
        ("core.ceremony_opening", "email"),
        ("subcommittees.milestone", "in_app"),
        ("subcommittees.milestone", "email"),
    }
    assert (
        Notification.objects.filter(
            recipient__username="lead.content", kind="reminder:subcommittees.milestone"
        ).count()
        == 1
    )
