"""Delegations as reminder sources: the registration deadline and awaited full powers follow the services."""

import datetime
import zoneinfo

import pytest
import time_machine

from delegations import services
from delegations.enums import FullPowersStatus, ParticipantType, ProtocolRank
from hanoi_ceremony.core.models import Ceremony
from hanoi_ceremony.core.selectors import ceremony_forget
from hanoi_ceremony.reminders.enums import ReminderState
from hanoi_ceremony.reminders.models import Reminder
from hanoi_ceremony.reminders.services import reminders_reconcile, rules_ensure_defaults
from tests.delegations.factories import MemberFactory, pdf_upload

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
DEADLINE = datetime.datetime(2025, 10, 18, 23, 59, tzinfo=HANOI)


@pytest.fixture(autouse=True)
def _deadline_ahead(ceremony):
    Ceremony.objects.update(registration_deadline=DEADLINE)
    ceremony_forget()
    rules_ensure_defaults()
    with time_machine.travel(datetime.datetime(2025, 10, 1, 9, 0, tzinfo=HANOI), tick=False):
        yield


def _states(key):
    return set(Reminder.objects.filter(rule__source_key=key).values_list("state", flat=True))


def test_registering_delegation_liaison_is_reminded_of_the_deadline(delegation, liaison):
    reminders_reconcile(target=delegation)

    rows = Reminder.objects.filter(rule__source_key="delegations.registration_deadline")
    assert set(rows.values_list("recipient", flat=True)) == {liaison.pk}
    assert sorted(set(rows.values_list("offset_minutes", flat=True))) == [1440, 3 * 1440, 7 * 1440]
    assert set(rows.values_list("target_due_at", flat=True)) == {DEADLINE}


def test_withdrawn_delegation_reminders_are_cancelled(delegation, liaison):
    reminders_reconcile(target=delegation)

    services.delegation_withdraw(delegation=delegation, by=liaison, reason="Not coming")

    assert _states("delegations.registration_deadline") == {ReminderState.CANCELLED}


def test_accepted_invitation_schedules_the_new_liaison(organiser, django_capture_on_commit_callbacks):
    delegation = services.delegation_create(
        participant_type=ParticipantType.MEMBER_STATE, country_code="CHL", by=organiser
    )
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, token = services.invitation_create(
            delegation=delegation, email="fp@chile.example", by=organiser
        )

    user = services.invitation_accept(
        token=token, first_name="Ana", last_name="Rojas", password="a-long-secret-42"
    )

    rows = Reminder.objects.filter(rule__source_key="delegations.registration_deadline", recipient=user)
    assert rows.count() == 6  # three offsets, in-app and e-mail
    assert set(rows.values_list("state", flat=True)) == {ReminderState.PENDING}


def test_awaited_full_powers_remind_until_received(delegation, liaison):
    member = MemberFactory(delegation=delegation, rank=ProtocolRank.AMBASSADOR)
    full_powers = services.signatory_designate(member=member, by=liaison)
    pending = _states("delegations.full_powers")

    services.full_powers_upload(full_powers=full_powers, upload=pdf_upload("fp.pdf"), by=liaison)

    assert full_powers.status == FullPowersStatus.AWAITED
    assert pending == {ReminderState.PENDING}
    assert _states("delegations.full_powers") == {ReminderState.CANCELLED}


def test_signatory_by_function_gets_no_full_powers_reminder(delegation, liaison):
    member = MemberFactory(delegation=delegation, rank=ProtocolRank.FOREIGN_MINISTER)

    services.signatory_designate(member=member, by=liaison)

    assert Reminder.objects.filter(rule__source_key="delegations.full_powers").count() == 0
