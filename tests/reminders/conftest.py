"""Fixtures for the reminder engine: a test-only source on the Ceremony whose recipients and activity the
test controls, a rule for it, and a frozen clock."""

import datetime

import pytest
import time_machine

from hanoi_ceremony.reminders.models import ReminderRule
from hanoi_ceremony.reminders.registry import ReminderSource, register_source, unregister_source

TEST_KEY = "tests.deadline"
NOW = datetime.datetime(2025, 10, 10, 12, 0, tzinfo=datetime.UTC)
DEADLINE = datetime.datetime(2025, 10, 18, 12, 0, tzinfo=datetime.UTC)


class Controls:
    """What the test source reports; tests change these and call reminders_reconcile."""

    def __init__(self):
        self.recipients: list = []
        self.active = True
        self.broken = False


@pytest.fixture
def controls():
    return Controls()


@pytest.fixture
def test_source(controls):
    from hanoi_ceremony.core.models import Ceremony

    def context(ceremony):
        if controls.broken:
            raise RuntimeError("source exploded")
        return {"title": str(ceremony), "ceremony": ceremony}

    source = ReminderSource(
        key=TEST_KEY,
        model=Ceremony,
        label="Test deadline",
        due_at=lambda c: c.registration_deadline,
        recipients=lambda c: list(controls.recipients),
        is_active=lambda c: controls.active and c.registration_deadline is not None,
        context=context,
        url=lambda c: "/",
        template="reminders/messages/registration_deadline",
        ics=lambda c: "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
    )
    register_source(source)
    yield source
    unregister_source(TEST_KEY)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def rule(db, test_source):
    # Only the test source's rule: the core sources' default rules would add rows for organisers.
    ReminderRule.objects.exclude(source_key=TEST_KEY).update(active=False)
    return ReminderRule.objects.create(
        source_key=TEST_KEY, name="test", offsets_minutes=[7 * 1440, 1440, 120]
    )


@pytest.fixture
def target(db, clock):
    from tests.factories import CeremonyFactory

    return CeremonyFactory(registration_deadline=DEADLINE)
