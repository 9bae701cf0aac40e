"""Behaviour that depends on PostgreSQL: the room exclusion constraint and row locks under concurrency."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from agenda import services
from agenda.enums import RegistrationStatus, SessionStatus
from agenda.models import Session, SessionRegistration
from agenda.services import checks

from .factories import MemberFactory, RoomFactory, SessionFactory, hanoi

pytestmark = pytest.mark.postgres


def test_exclusion_constraint_refuses_overlap_written_around_the_service(ceremony):
    room = RoomFactory()
    SessionFactory(room=room, starts_at=hanoi(26, 9), ends_at=hanoi(26, 10, 15))

    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        Session.objects.create(
            kind="workshop",
            title="Sneaky",
            room=room,
            starts_at=hanoi(26, 10),
            ends_at=hanoi(26, 11),
            status="draft",
        )

    assert services.EXCLUSION_CONSTRAINT in str(exc.value)


def test_exclusion_constraint_ignores_cancelled_and_touching_sessions(ceremony):
    room = RoomFactory()
    SessionFactory(
        room=room, starts_at=hanoi(26, 9), ends_at=hanoi(26, 10, 15), status=SessionStatus.CANCELLED
    )
    SessionFactory(room=room, starts_at=hanoi(26, 9), ends_at=hanoi(26, 10, 15))

    SessionFactory(room=room, starts_at=hanoi(26, 10, 15), ends_at=hanoi(26, 11))

    assert Session.objects.filter(room=room).count() == 3


def test_concurrent_registrations_never_exceed_last_seat(transactional_db, ceremony):
    """Eight requests race for the last seat: exactly one gets it, the others wait."""
    session = SessionFactory(capacity=3)
    early = MemberFactory.create_batch(2)
    for member in early:
        services.session_register(session=session, member=member, by=None)
    racers = MemberFactory.create_batch(8)
    barrier = threading.Barrier(len(racers))
    errors: list[BaseException] = []

    def register(member):
        try:
            barrier.wait(timeout=10)
            services.session_register(session=session, member=member, by=None)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(m,)) for m in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    statuses = list(SessionRegistration.objects.filter(session=session).values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.REGISTERED) == 3
    assert statuses.count(RegistrationStatus.WAITLISTED) == 8 - 1


def test_concurrent_registrations_of_one_person_into_overlapping_sessions_let_one_through(
    transactional_db, ceremony
):
    member = MemberFactory()
    sessions = [SessionFactory(capacity=5), SessionFactory(capacity=5, room=RoomFactory())]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def register(session):
        try:
            barrier.wait(timeout=10)
            services.session_register(session=session, member=member, by=None)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["ok", "refused"]
    assert SessionRegistration.objects.filter(member=member).count() == 1


def test_room_race_past_the_service_check_becomes_a_validation_error(ceremony, organiser, monkeypatch):
    room = RoomFactory()
    SessionFactory(room=room, starts_at=hanoi(26, 9), ends_at=hanoi(26, 10, 15))
    # Simulate a concurrent booking that committed after this request's check ran.
    monkeypatch.setattr(checks, "session_room_conflicts", lambda **kwargs: Session.objects.none())

    with pytest.raises(ValidationError) as exc:
        services.session_create(
            by=organiser,
            kind="workshop",
            title="Late",
            starts_at=hanoi(26, 9, 30),
            ends_at=hanoi(26, 10),
            room=room,
        )

    assert "room" in exc.value.message_dict
    assert Session.objects.filter(room=room).count() == 1


@pytest.mark.parametrize("published_before", [False, True])
def test_two_organisers_publishing_at_once_are_serialised_and_the_second_finds_nothing_left(
    transactional_db, ceremony, published_before
):
    from agenda.models import ProgrammeVersion
    from tests.factories import UserFactory

    SessionFactory()
    if published_before:
        services.programme_publish(by=None, note="first")
        SessionFactory()  # a change left to publish
    organisers = [UserFactory(username=f"publisher{i}") for i in range(2)]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def publish(user):
        try:
            barrier.wait(timeout=10)
            services.programme_publish(by=user, note=user.username)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(u,)) for u in organisers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # The lock serialises them: one publishes the change, the other then finds nothing left to publish
    # (publishing no change creates no version) and is told so; no deadlock, no duplicate number, no 500.
    from django.core.exceptions import ValidationError

    assert [type(e) for e in errors] == [ValidationError]
    assert "Nothing changed" in str(errors[0])
    numbers = sorted(ProgrammeVersion.objects.values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) == (2 if published_before else 1)
