import datetime
import zoneinfo

import pytest
import time_machine

from delegations.accreditation.services import vetting
from delegations.services import member_add, member_update
from hanoi_ceremony.core.models import Ceremony
from hanoi_ceremony.core.selectors import ceremony_forget
from hanoi_ceremony.reminders.enums import ReminderState
from hanoi_ceremony.reminders.models import Reminder
from hanoi_ceremony.reminders.services import rules_ensure_defaults
from tests.delegations.factories import photo_upload

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
DEADLINE = datetime.datetime(2025, 10, 20, 17, 0, tzinfo=HANOI)
KEY = "accreditation.missing_documents"


@pytest.fixture(autouse=True)
def _deadline_ahead(ceremony):
    Ceremony.objects.update(accreditation_deadline=DEADLINE)
    ceremony_forget()
    rules_ensure_defaults()
    with time_machine.travel(datetime.datetime(2025, 10, 1, 9, 0, tzinfo=HANOI), tick=False):
        yield


def _states():
    return set(Reminder.objects.filter(rule__source_key=KEY).values_list("state", flat=True))


def _data(**extra):
    data = {
        "family_name": "Dupont",
        "given_names": "Marie",
        "capacity": "head",
        "rank": "minister",
        "nationality": "FRA",
        "passport_number": "12AB34567",
        "passport_expiry": datetime.date(2030, 1, 1),
    }
    data.update(extra)
    return data


def test_missing_passport_reminds_liaison_until_given(delegation, liaison, officer):
    member = member_add(
        delegation=delegation, by=liaison, data=_data(passport_number=""), photo=photo_upload()
    )
    rows = Reminder.objects.filter(rule__source_key=KEY)
    assert set(rows.values_list("recipient", flat=True)) == {liaison.pk}
    assert set(rows.values_list("target_due_at", flat=True)) == {DEADLINE}
    member_update(member=member, by=liaison, data={"passport_number": "12AB34567"})
    assert _states() == {ReminderState.CANCELLED}


def test_rejected_photo_brings_the_reminder_back(delegation, liaison, officer):
    member = member_add(delegation=delegation, by=liaison, data=_data(), photo=photo_upload())
    assert _states() == set()
    vetting.photo_decide(accreditation=member.accreditation, approve=False, by=officer, reason="Too dark")
    assert _states() == {ReminderState.PENDING}
