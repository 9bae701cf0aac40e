"""The living demo (seed_demo's default) tells the 2025 story ahead of today; --replay keeps 2025."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db.models import Max, Min
from django.utils import timezone

from agenda.models import ProgrammeVersion, Session
from agenda.signing.enums import SigningStatus
from agenda.signing.models import SigningEntry
from delegations.checkin.models import Scan
from delegations.enums import DelegationStatus
from delegations.models import Delegation, Liaison
from hanoi_ceremony.audit.models import AuditEntry
from hanoi_ceremony.core.demo import STORY_TODAY, DemoClock
from hanoi_ceremony.core.models import Ceremony
from hanoi_ceremony.notifications.models import Notification
from hanoi_ceremony.reminders.enums import ReminderState
from hanoi_ceremony.reminders.models import Reminder
from hanoi_ceremony.reminders.services import reminders_dispatch
from subcommittees.budget.models import Estimate, Proposal
from subcommittees.models import Milestone, Task

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_RUN = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=HANOI)


def _seed(*args):
    call_command("seed_demo", "--quiet-logins", *args, stdout=io.StringIO())


def _dates_tell_one_story(now: datetime.datetime) -> Ceremony:
    """Every date of the demo sits where the story puts it relative to this ceremony (no old dates left)."""
    ceremony = Ceremony.objects.get()
    first = datetime.datetime.combine(ceremony.first_day, datetime.time(0, 0), tzinfo=HANOI)
    last = datetime.datetime.combine(ceremony.last_day, datetime.time(23, 59), tzinfo=HANOI)
    today = now.astimezone(HANOI).date()
    assert (ceremony.first_day - today).days == 14
    assert now < ceremony.registration_deadline < first
    sessions = Session.objects.aggregate(lo=Min("starts_at"), hi=Max("ends_at"))
    assert first <= sessions["lo"] and sessions["hi"] <= last
    assert list(Milestone.objects.order_by("at").values_list("title", flat=True))[-1].startswith("Signing")
    assert Milestone.objects.filter(at__lt=now).count() == 0
    assert Task.objects.aggregate(lo=Min("due_at"))["lo"] > first - datetime.timedelta(days=14)
    story = AuditEntry.objects.filter(action__startswith="delegation.").aggregate(
        lo=Min("created_at"), hi=Max("created_at")
    )
    assert first - datetime.timedelta(days=60) < story["lo"] and story["hi"] <= now
    for version in ProgrammeVersion.objects.all():
        starts = [datetime.datetime.fromisoformat(row["starts_at"]) for row in version.snapshot.values()]
        assert first <= min(starts) and max(starts) <= last
    return ceremony


def test_demo_clock_offset_brings_the_story_day_to_today():
    clock = DemoClock()

    offset = clock.configure(replay=False, today=datetime.date(2026, 12, 1))

    assert STORY_TODAY + offset == datetime.date(2026, 12, 1)
    assert clock.at(2025, 10, 25, 9, 0) == datetime.datetime(2026, 12, 15, 9, 0, tzinfo=HANOI)
    assert clock.configure(replay=True) == datetime.timedelta(0)
    assert clock.at(2025, 10, 25, 9, 0) == datetime.datetime(2025, 10, 25, 9, 0, tzinfo=HANOI)


@pytest.mark.django_db(transaction=False)
def test_living_demo_builds_the_ceremony_ahead_of_today_and_reruns_change_nothing():
    with time_machine.travel(FIRST_RUN, tick=False):
        _seed()
        now = timezone.now()
        _dates_tell_one_story(now)
        # The story behind today is there; what lies ahead has not happened.
        assert Delegation.objects.filter(status=DelegationStatus.CONFIRMED).count() > 40
        assert Delegation.objects.filter(status=DelegationStatus.SUBMITTED).exists()
        assert Liaison.objects.filter(user__username="liaison.changes").exists()
        assert SigningEntry.objects.filter(status=SigningStatus.SIGNED).count() == 0
        assert AuditEntry.objects.filter(created_at__gt=now).count() == 0
        # The budget was consolidated and approved weeks ago; the gates have not opened yet.
        estimate = Estimate.objects.get()
        assert estimate.approved_at < now - datetime.timedelta(days=7)
        assert estimate.approved_at.date() < Ceremony.objects.get().first_day - datetime.timedelta(days=21)
        proposals = Proposal.objects.exclude(submitted_at=None)
        assert proposals.aggregate(Max("submitted_at"))["submitted_at__max"] <= estimate.approved_at
        assert not Scan.objects.exists()
        before = (AuditEntry.objects.count(), Reminder.objects.count(), Delegation.objects.count())

        _seed()

        assert (AuditEntry.objects.count(), Reminder.objects.count(), Delegation.objects.count()) == before


def test_living_demo_rerun_weeks_later_moves_every_date_together(db):
    with time_machine.travel(FIRST_RUN, tick=False):
        _seed()
        old_first = Ceremony.objects.get().first_day
        confirmed = Delegation.objects.filter(status=DelegationStatus.CONFIRMED).count()
    later = FIRST_RUN + datetime.timedelta(days=40)
    with time_machine.travel(later, tick=False):
        _seed()

        ceremony = _dates_tell_one_story(timezone.now())
        assert (ceremony.first_day - old_first).days == 40
        assert Delegation.objects.filter(status=DelegationStatus.CONFIRMED).count() >= confirmed
        assert Session.objects.filter(starts_at__date__lt=ceremony.first_day).count() == 0


def test_replay_and_living_demo_do_not_mix_in_one_database(db):
    with time_machine.travel(FIRST_RUN, tick=False):
        _seed()

        with pytest.raises(CommandError, match="empty database"):
            _seed("--replay")


def test_replay_keeps_the_dates_of_2025(db):
    _seed("--replay")

    ceremony = Ceremony.objects.get()
    assert ceremony.first_day == datetime.date(2025, 10, 25)
    assert ceremony.registration_deadline == datetime.datetime(2025, 10, 18, 23, 59, tzinfo=HANOI)
    assert SigningEntry.objects.filter(status=SigningStatus.SIGNED).exists()
    # The budget's September and the first morning at the gates, on their real dates.
    approved = Estimate.objects.get().approved_at.astimezone(HANOI)
    assert datetime.date(2025, 9, 5) <= approved.date() <= datetime.date(2025, 10, 8)
    assert Scan.objects.filter(device_time__date=datetime.date(2025, 10, 25)).exists()


def test_reminders_far_past_due_at_first_start_are_missed_not_sent(db, django_capture_on_commit_callbacks):
    with time_machine.travel(FIRST_RUN, tick=False):
        _seed()
        due_now = set(Reminder.objects.filter(due_at__lte=timezone.now()).values_list("pk", flat=True))
        assert due_now
    # The demo was seeded, but the worker and beat first start three hours later.
    with time_machine.travel(FIRST_RUN + datetime.timedelta(hours=3), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            reminders_dispatch()

        states = set(Reminder.objects.filter(pk__in=due_now).values_list("state", flat=True))
        assert states == {ReminderState.MISSED}
        assert Notification.objects.filter(kind__startswith="reminder:").count() == 0


def test_living_demo_reminders_due_now_arrive_when_beat_runs_at_once(db, django_capture_on_commit_callbacks):
    with time_machine.travel(FIRST_RUN, tick=False):
        _seed()
    with time_machine.travel(FIRST_RUN + datetime.timedelta(minutes=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            reminders_dispatch()

        notes = Notification.objects.filter(recipient__username="organiser", kind__startswith="reminder:")
        assert notes.count() == 1
        assert Reminder.objects.filter(state=ReminderState.PENDING, due_at__gt=timezone.now()).exists()
