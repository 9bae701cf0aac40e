"""The signing roster as a reminder source: parties still to sign are reminded through their liaisons."""

import datetime

import pytest
import time_machine

from agenda.signing import services
from delegations.enums import ProtocolRank
from hanoi_ceremony.reminders.enums import ReminderState
from hanoi_ceremony.reminders.models import Reminder
from hanoi_ceremony.reminders.services import rules_ensure_defaults

from .factories import HANOI, DelegationFactory, MemberFactory


@pytest.fixture(autouse=True)
def _before_the_signing(db):
    rules_ensure_defaults()
    with time_machine.travel(datetime.datetime(2025, 10, 20, 9, 0, tzinfo=HANOI), tick=False):
        yield


def _rows(**filters):
    return Reminder.objects.filter(rule__source_key="signing.entry", **filters)


def test_party_added_to_roster_reminds_its_liaison(roster, organiser, make_liaison):
    delegation = DelegationFactory(name="Chile", country_code="CHL")
    liaison = make_liaison(delegation=delegation)

    services.roster_add_party(
        roster=roster,
        delegation=delegation,
        signatory=MemberFactory(delegation=delegation, rank=ProtocolRank.HEAD_OF_STATE),
        by=organiser,
    )

    rows = _rows(recipient=liaison)
    assert set(rows.values_list("audience", "offset_minutes")) == {("signatory", 1440), ("signatory", 120)}
    assert set(rows.values_list("target_due_at", flat=True)) == {roster.session.starts_at}


def test_party_deferred_to_headquarters_is_no_longer_reminded(roster, organiser, make_liaison):
    delegation = DelegationFactory(name="Peru", country_code="PER")
    make_liaison(delegation=delegation)
    entry = services.roster_add_party(roster=roster, delegation=delegation, by=organiser)

    services.entry_defer_to_headquarters(entry=entry, reason="Minister delayed", by=organiser)

    assert set(_rows().values_list("state", flat=True)) == {ReminderState.CANCELLED}
