"""Sessions as reminder sources: speakers' and registered delegates' liaisons are reminded of the start."""

import datetime

import pytest
import time_machine

from agenda import services
from hanoi_ceremony.reminders.enums import ReminderState
from hanoi_ceremony.reminders.models import Reminder
from hanoi_ceremony.reminders.services import rules_ensure_defaults

from .factories import LiaisonFactory, MemberFactory, hanoi


@pytest.fixture(autouse=True)
def _before_the_ceremony(db):
    rules_ensure_defaults()
    with time_machine.travel(hanoi(20, 9), tick=False):
        yield


def _rows(**filters):
    return Reminder.objects.filter(rule__source_key="agenda.session", **filters)


def test_registered_delegate_liaison_is_reminded_of_session_start(side_event, delegate, liaison):
    services.session_register(session=side_event, member=delegate, by=liaison.user)

    rows = _rows(recipient=liaison.user)
    assert set(rows.values_list("audience", "offset_minutes")) == {("delegate", 1440), ("delegate", 120)}
    assert set(rows.values_list("target_due_at", flat=True)) == {side_event.starts_at}


def test_speaker_liaison_is_reminded_and_moving_the_session_retimes(side_event, organiser):
    speaker_liaison = LiaisonFactory()
    services.session_participant_add(
        session=side_event, by=organiser, member=MemberFactory(delegation=speaker_liaison.delegation)
    )

    later = side_event.starts_at + datetime.timedelta(hours=3)
    services.session_update(
        session=side_event, by=organiser, starts_at=later, ends_at=later + datetime.timedelta(hours=1)
    )

    rows = _rows(recipient=speaker_liaison.user)
    assert set(rows.values_list("audience", flat=True)) == {"speaker"}
    assert set(rows.values_list("target_due_at", flat=True)) == {later}


def test_cancelled_session_suppresses_reminders(side_event, delegate, liaison, organiser):
    services.session_register(session=side_event, member=delegate, by=liaison.user)

    services.session_cancel(session=side_event, by=organiser, reason="speaker ill")

    assert set(_rows().values_list("state", flat=True)) == {ReminderState.CANCELLED}
