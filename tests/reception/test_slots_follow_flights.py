"""A car booked to meet a flight moves with it (issue 18): by the same amount when the car and officer are
free at the new time, otherwise it stays and is marked for booking again; the member's change is never
refused for it."""

import pytest

from delegations.services import member_update
from hanoi_ceremony.audit.models import AuditEntry
from hanoi_ceremony.notifications.models import Notification
from subcommittees.reception import services
from subcommittees.reception.enums import SlotFollows

from .conftest import at

pytestmark = pytest.mark.django_db


def book(head, car, start, end, lead, **kw):
    return services.car_slot_book(member=head, vehicle=car, starts_at=start, ends_at=end, by=lead, **kw)


def test_a_flight_that_moves_takes_its_car_along_and_the_scenario_says_so(
    make_head, rules, car, officer, reception_lead, organiser, django_capture_on_commit_callbacks
):
    head = make_head(arrival=at(24, 10))
    slot = book(head, car, at(24, 9, 30), at(24, 12), reception_lead, officer=officer)
    scenario = services.scenario_issue(member=head, by=reception_lead)
    with django_capture_on_commit_callbacks(execute=True):
        member_update(member=head, by=organiser, data={"arrival_at": at(24, 13, 30)})
    slot.refresh_from_db()
    assert (slot.starts_at, slot.ends_at, slot.out_of_step) == (at(24, 13), at(24, 15, 30), False)
    scenario.refresh_from_db()
    assert "Car 1 (29A-001.01) moved to 24/10 13:00" in scenario.change_note
    assert AuditEntry.objects.filter(action="carslot.moved", target_id=str(slot.pk)).count() == 1
    # The officer hears it once, through the re-issued scenario.
    assert Notification.objects.filter(recipient=officer, kind="reception.scenario_reissued").count() == 1
    assert not Notification.objects.filter(kind="reception.car_slot_moved").exists()


def test_a_car_booked_at_the_new_time_stays_and_is_marked_out_of_step(
    make_head, rules, car, reception_lead, organiser
):
    head = make_head(arrival=at(24, 10))
    other = make_head(arrival=at(24, 14))
    slot = book(head, car, at(24, 9, 30), at(24, 12), reception_lead)
    book(other, car, at(24, 13, 30), at(24, 16), reception_lead)
    member_update(member=head, by=organiser, data={"arrival_at": at(24, 14)})
    head.refresh_from_db()
    assert head.arrival_at == at(24, 14)  # the member's change stands
    slot.refresh_from_db()
    assert (slot.starts_at, slot.out_of_step) == (at(24, 9, 30), True)
    assert AuditEntry.objects.filter(action="carslot.out_of_step", target_id=str(slot.pk)).exists()


def test_fixed_slots_and_departure_slots_follow_only_their_own_flight(
    make_head, rules, car, car_two, reception_lead, organiser
):
    head = make_head(arrival=at(24, 10))
    fixed = book(head, car, at(25, 8), at(25, 9), reception_lead, follows=SlotFollows.FIXED)
    leaving = book(head, car_two, at(27, 12), at(27, 13), reception_lead, follows=SlotFollows.DEPARTURE)
    member_update(member=head, by=organiser, data={"arrival_at": at(24, 11)})
    fixed.refresh_from_db()
    leaving.refresh_from_db()
    assert (fixed.starts_at, leaving.starts_at) == (at(25, 8), at(27, 12))
    member_update(member=head, by=organiser, data={"departure_at": at(27, 17)})
    leaving.refresh_from_db()
    assert leaving.starts_at == at(27, 14)


def test_without_a_scenario_the_cars_officer_is_told(
    make_head, rules, car, officer, reception_lead, organiser, django_capture_on_commit_callbacks
):
    head = make_head(arrival=at(24, 10))
    book(head, car, at(24, 9, 30), at(24, 12), reception_lead, officer=officer)
    with django_capture_on_commit_callbacks(execute=True):
        member_update(member=head, by=organiser, data={"arrival_at": at(24, 10, 45)})
    note = Notification.objects.get(recipient=officer, kind="reception.car_slot_moved")
    assert "moved to 24/10 10:15" in note.body
