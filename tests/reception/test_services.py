"""Reception rules: no double-booked car or officer, welcoming official by rank (data), boards flag what
changed since printed, scenarios generated and re-issued when a flight moves."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from delegations.enums import Capacity, ProtocolRank
from delegations.services import member_update
from hanoi_ceremony.audit.models import AuditEntry
from hanoi_ceremony.notifications.models import Notification
from subcommittees.reception import selectors, services
from subcommittees.reception.enums import Direction, StepKey
from subcommittees.reception.models import CarSlot
from tests.delegations.factories import MemberFactory

from .conftest import at

pytestmark = pytest.mark.django_db


def test_car_cannot_be_booked_for_two_heads_at_overlapping_times(make_head, car, reception_lead):
    first, second = make_head(), make_head()
    services.car_slot_book(
        member=first, vehicle=car, starts_at=at(24, 10), ends_at=at(24, 12), by=reception_lead
    )
    with pytest.raises(ValidationError) as exc:
        services.car_slot_book(
            member=second, vehicle=car, starts_at=at(24, 11), ends_at=at(24, 13), by=reception_lead
        )
    assert "vehicle" in exc.value.message_dict
    assert str(first) in exc.value.message_dict["vehicle"][0]
    assert CarSlot.objects.count() == 1


def test_car_may_be_booked_back_to_back(make_head, car, reception_lead):
    first, second = make_head(), make_head()
    services.car_slot_book(
        member=first, vehicle=car, starts_at=at(24, 10), ends_at=at(24, 12), by=reception_lead
    )
    services.car_slot_book(
        member=second, vehicle=car, starts_at=at(24, 12), ends_at=at(24, 13), by=reception_lead
    )
    assert CarSlot.objects.count() == 2


def test_cancelled_slot_frees_the_car(make_head, car, reception_lead):
    first, second = make_head(), make_head()
    slot = services.car_slot_book(
        member=first, vehicle=car, starts_at=at(24, 10), ends_at=at(24, 12), by=reception_lead
    )
    services.car_slot_cancel(slot=slot, by=reception_lead)
    services.car_slot_book(
        member=second, vehicle=car, starts_at=at(24, 11), ends_at=at(24, 12), by=reception_lead
    )
    assert CarSlot.objects.filter(cancelled=False).count() == 1


def test_officer_cannot_accompany_two_heads_at_once(make_head, car, car_two, officer, reception_lead):
    first, second = make_head(), make_head()
    services.car_slot_book(
        member=first,
        vehicle=car,
        officer=officer,
        starts_at=at(24, 10),
        ends_at=at(24, 12),
        by=reception_lead,
    )
    with pytest.raises(ValidationError) as exc:
        services.car_slot_book(
            member=second,
            vehicle=car_two,
            officer=officer,
            starts_at=at(24, 11, 30),
            ends_at=at(24, 13),
            by=reception_lead,
        )
    assert "officer" in exc.value.message_dict


def test_slot_defaults_to_the_delegation_s_liaison_officer(make_head, car, officer, reception_lead):
    head = make_head()
    services.officer_assign(delegation=head.delegation, officer=officer, by=reception_lead)
    slot = services.car_slot_book(
        member=head, vehicle=car, starts_at=at(24, 10), ends_at=at(24, 12), by=reception_lead
    )
    assert slot.officer == officer


def test_cars_are_only_for_heads_of_delegation(make_head, car, reception_lead):
    head = make_head()
    adviser = MemberFactory(delegation=head.delegation, capacity=Capacity.ADVISER)
    with pytest.raises(ValidationError) as exc:
        services.car_slot_book(
            member=adviser, vehicle=car, starts_at=at(24, 10), ends_at=at(24, 12), by=reception_lead
        )
    assert "member" in exc.value.message_dict


def test_slot_must_end_after_it_starts(make_head, car, reception_lead):
    with pytest.raises(ValidationError):
        services.car_slot_book(
            member=make_head(), vehicle=car, starts_at=at(24, 12), ends_at=at(24, 12), by=reception_lead
        )


def test_only_reception_books_cars(make_head, car, make_user):
    with pytest.raises(PermissionDenied):
        services.car_slot_book(
            member=make_head(), vehicle=car, starts_at=at(24, 10), ends_at=at(24, 11), by=make_user()
        )


@pytest.mark.postgres
def test_database_refuses_a_double_booked_car(make_head, car):
    first, second = make_head(), make_head()
    CarSlot.objects.create(member=first, vehicle=car, starts_at=at(24, 10), ends_at=at(24, 12))
    with pytest.raises(IntegrityError, match=services.VEHICLE_CONSTRAINT), transaction.atomic():
        CarSlot.objects.create(member=second, vehicle=car, starts_at=at(24, 11), ends_at=at(24, 13))


@pytest.mark.postgres
def test_database_refuses_a_double_booked_officer(make_head, car, car_two, officer):
    first, second = make_head(), make_head()
    CarSlot.objects.create(
        member=first, vehicle=car, officer=officer, starts_at=at(24, 10), ends_at=at(24, 12)
    )
    with pytest.raises(IntegrityError, match=services.OFFICER_CONSTRAINT), transaction.atomic():
        CarSlot.objects.create(
            member=second, vehicle=car_two, officer=officer, starts_at=at(24, 11), ends_at=at(24, 13)
        )
    CarSlot.objects.create(
        member=second,
        vehicle=car_two,
        officer=officer,
        starts_at=at(24, 11),
        ends_at=at(24, 13),
        cancelled=True,
    )


def test_welcoming_official_follows_the_rank_rule(rules):
    assert services.welcoming_rule_for(ProtocolRank.HEAD_OF_STATE).official == "Deputy Prime Minister"
    assert services.welcoming_rule_for(ProtocolRank.MINISTER).official == "Deputy Minister of Foreign Affairs"
    # An unlisted rank falls back to the rule for "other".
    assert (
        services.welcoming_rule_for(ProtocolRank.AMBASSADOR).official == "Director, State Protocol Department"
    )


def test_welcoming_rule_is_data(rules, reception_lead):
    services.welcoming_rule_set(
        rank=ProtocolRank.HEAD_OF_STATE, official="Vice-President", motorcade=True, by=reception_lead
    )
    assert services.welcoming_rule_for(ProtocolRank.HEAD_OF_STATE).official == "Vice-President"


def test_scenario_is_generated_from_the_data(make_head, rules, officer, car, reception_lead):
    head = make_head(arrival=at(24, 10))
    services.officer_assign(delegation=head.delegation, officer=officer, by=reception_lead)
    services.car_slot_book(
        member=head, vehicle=car, starts_at=at(24, 10), ends_at=at(24, 12), by=reception_lead
    )
    scenario = services.scenario_issue(member=head, by=reception_lead)
    steps = {s.key: s for s in scenario.steps.all()}
    assert steps[StepKey.LANDING].at == at(24, 10)
    assert steps[StepKey.WELCOME].title == "Welcomed at the aircraft by Deputy Prime Minister"
    assert str(car) in steps[StepKey.DEPART_AIRPORT].title
    assert steps[StepKey.ARRIVE_HOTEL].place == "Sofitel Legend Metropole Hanoi"
    assert steps[StepKey.ARRIVE_HOTEL].at == at(24, 11, 15)
    assert steps[StepKey.DEPARTURE].at == at(27, 15)
    assert str(officer) == steps[StepKey.LANDING].responsible


def test_scenario_includes_the_first_programme_item(make_head, rules, reception_lead):
    from agenda.enums import SessionKind, SessionStatus
    from agenda.models import Room, Session, Venue

    room = Room.objects.create(
        venue=Venue.objects.create(name="National Convention Centre"), name="Plenary hall", capacity=2000
    )
    Session.objects.create(
        kind=SessionKind.WELCOME,
        title="Official welcome",
        starts_at=at(25, 8),
        ends_at=at(25, 8, 45),
        room=room,
        status=SessionStatus.PUBLISHED,
    )
    scenario = services.scenario_issue(member=make_head(arrival=at(24, 22)), by=reception_lead)
    steps = {s.key: s for s in scenario.steps.all()}
    assert steps[StepKey.PROGRAMME].title == "Official welcome"
    assert steps[StepKey.ARRIVE_VENUE].at == at(25, 7, 45)
    assert steps[StepKey.DEPART_HOTEL].at == at(25, 7, 20)


def test_flight_change_reissues_the_scenario_and_notifies_the_officer(
    make_head, rules, officer, reception_lead, organiser, django_capture_on_commit_callbacks
):
    head = make_head(arrival=at(24, 10))
    services.officer_assign(delegation=head.delegation, officer=officer, by=reception_lead)
    scenario = services.scenario_issue(member=head, by=reception_lead)
    with django_capture_on_commit_callbacks(execute=True):
        member_update(
            member=head, by=organiser, data={"arrival_flight": "VN54", "arrival_at": at(24, 13, 30)}
        )
    scenario.refresh_from_db()
    steps = {s.key: s for s in scenario.steps.all()}
    assert scenario.version == 2
    assert "VN18 → VN54" in scenario.change_note
    assert (
        steps[StepKey.LANDING].at,
        steps[StepKey.LANDING].previous_at,
        steps[StepKey.LANDING].changed,
    ) == (at(24, 13, 30), at(24, 10), True)
    assert steps[StepKey.DEPARTURE].changed is False
    notes = list(
        Notification.objects.filter(recipient=officer, kind="reception.scenario_reissued").values_list(
            "subject", flat=True
        )
    )
    assert len(notes) == 1
    assert "issue 2" in notes[0]
    assert (
        AuditEntry.objects.filter(
            action="scenario.reissued", target_id=str(scenario.pk), actor=organiser
        ).count()
        == 1
    )


def test_change_that_is_not_travel_does_not_reissue(make_head, rules, reception_lead, organiser):
    head = make_head()
    scenario = services.scenario_issue(member=head, by=reception_lead)
    member_update(member=head, by=organiser, data={"dietary_needs": "vegetarian"})
    scenario.refresh_from_db()
    assert scenario.version == 1


def test_edited_step_keeps_its_wording_when_reissued(make_head, rules, reception_lead, organiser):
    head = make_head(arrival=at(24, 10))
    scenario = services.scenario_issue(member=head, by=reception_lead)
    hotel = scenario.steps.get(key=StepKey.ARRIVE_HOTEL)
    services.scenario_step_update(
        step=hotel, by=reception_lead, data={"title": "Check-in, presidential suite"}
    )
    member_update(member=head, by=organiser, data={"arrival_at": at(24, 12)})
    hotel.refresh_from_db()
    assert (hotel.title, hotel.at, hotel.changed) == ("Check-in, presidential suite", at(24, 13, 15), True)


def test_scenario_reminder_goes_to_the_officer(make_head, rules, officer, reception_lead):
    import time_machine

    from hanoi_ceremony.reminders.models import Reminder
    from hanoi_ceremony.reminders.services import rules_ensure_defaults

    rules_ensure_defaults()
    head = make_head(arrival=at(24, 10))
    with time_machine.travel(at(20, 9), tick=False):
        services.officer_assign(delegation=head.delegation, officer=officer, by=reception_lead)
        scenario = services.scenario_issue(member=head, by=reception_lead)
    due = set(
        Reminder.objects.filter(target_id=scenario.pk, recipient=officer).values_list(
            "target_due_at", flat=True
        )
    )
    assert due == {at(24, 10)}


def test_board_flags_changes_since_printed(make_head, reception_lead, organiser):
    a, b = make_head(arrival=at(24, 10)), make_head(arrival=at(24, 11), rank=ProtocolRank.MINISTER)
    services.board_print(day=at(24, 0).date(), direction=Direction.ARRIVALS, airport="", by=reception_lead)
    member_update(member=a, by=organiser, data={"arrival_at": at(24, 10, 45)})
    c = make_head(arrival=at(24, 16))
    member_update(member=b, by=organiser, data={"arrival_at": at(25, 9)})
    board = selectors.board(day=at(24, 0).date(), direction=Direction.ARRIVALS)
    changes = {r.member.pk: r.change for r in board.rows}
    assert changes == {a.pk: "changed", c.pk: "new"}
    assert board.removed == [str(b.pk)]
    assert board.changes == 3
    assert next(r for r in board.rows if r.member.pk == a.pk).before[1] == "10:00"


def test_board_highlights_heads_with_their_tier(make_head):
    head = make_head(arrival=at(24, 10))
    MemberFactory(
        delegation=head.delegation,
        capacity=Capacity.ADVISER,
        arrival_at=at(24, 10),
        arrival_airport=head.arrival_airport,
    )
    board = selectors.board(day=at(24, 0).date(), direction=Direction.ARRIVALS, airport=head.arrival_airport)
    assert [(r.is_head, r.tier) for r in board.rows] == [(True, 1), (False, 9)]


def test_clearing_the_arrival_time_does_not_block_the_member_change(
    make_head, rules, reception_lead, organiser
):
    head = make_head()
    scenario = services.scenario_issue(member=head, by=reception_lead)
    member_update(member=head, by=organiser, data={"arrival_at": None, "arrival_flight": ""})
    head.refresh_from_db()
    scenario.refresh_from_db()
    assert (head.arrival_at, scenario.version) == (None, 1)
