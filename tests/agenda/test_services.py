import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agenda import services
from agenda.enums import ChangeKind, ProposalStatus, RegistrationStatus, SessionKind, SessionStatus
from agenda.models import BoothAllocation, ChangelogEntry, ProgrammeVersion, Session, SessionRegistration
from hanoi_ceremony.audit.models import AuditEntry
from hanoi_ceremony.core.pagecache import current_version
from hanoi_ceremony.notifications.models import Notification

from .factories import (
    BoothFactory,
    DelegationFactory,
    LiaisonFactory,
    MemberFactory,
    RoomFactory,
    SessionFactory,
    SlotFactory,
    hanoi,
)


def _values(room, **over):
    values = {
        "kind": SessionKind.WORKSHOP,
        "title": "Capacity building",
        "starts_at": hanoi(26, 12),
        "ends_at": hanoi(26, 13, 15),
        "room": room,
    }
    values.update(over)
    return values


def test_session_create_records_audit_and_bumps_programme(ceremony, room, organiser):
    before = current_version("programme")

    result = services.session_create(by=organiser, **_values(room))

    assert result.session.status == SessionStatus.DRAFT
    assert AuditEntry.objects.filter(action="session.created", target_id=str(result.session.pk)).count() == 1
    assert current_version("programme") == before + 1


def test_session_create_refuses_overlap_in_same_room(ceremony, room, organiser):
    SessionFactory(room=room, starts_at=hanoi(26, 12), ends_at=hanoi(26, 13, 15), title="First")

    with pytest.raises(ValidationError) as exc:
        services.session_create(by=organiser, **_values(room, starts_at=hanoi(26, 13), ends_at=hanoi(26, 14)))

    assert "room" in exc.value.message_dict
    assert Session.objects.count() == 1


def test_session_create_allows_back_to_back_and_other_rooms(ceremony, room, organiser):
    SessionFactory(room=room, starts_at=hanoi(26, 12), ends_at=hanoi(26, 13, 15))

    services.session_create(by=organiser, **_values(room, starts_at=hanoi(26, 13, 15), ends_at=hanoi(26, 14)))
    services.session_create(
        by=organiser, **_values(RoomFactory(), starts_at=hanoi(26, 12), ends_at=hanoi(26, 13))
    )

    assert Session.objects.count() == 3


def test_session_create_allows_room_of_cancelled_session(ceremony, room, organiser):
    SessionFactory(
        room=room, starts_at=hanoi(26, 12), ends_at=hanoi(26, 13, 15), status=SessionStatus.CANCELLED
    )

    result = services.session_create(by=organiser, **_values(room))

    assert result.session.pk is not None


def test_session_create_refuses_end_before_start(ceremony, room, organiser):
    with pytest.raises(ValidationError):
        services.session_create(by=organiser, **_values(room, starts_at=hanoi(26, 14), ends_at=hanoi(26, 13)))

    assert Session.objects.count() == 0


@pytest.mark.parametrize(
    ("starts", "ends"),
    [
        (
            datetime.datetime(2025, 10, 24, 9, tzinfo=datetime.UTC),
            datetime.datetime(2025, 10, 24, 10, tzinfo=datetime.UTC),
        ),
        # 26 Oct 23:30 → 27 Oct 00:30 in Hà Nội: ends after the last day
        (
            datetime.datetime(2025, 10, 26, 16, 30, tzinfo=datetime.UTC),
            datetime.datetime(2025, 10, 26, 17, 30, tzinfo=datetime.UTC),
        ),
        # 24 Oct 23:00 UTC is 25 Oct 06:00 in Hà Nội but the start 24 Oct 16:30 UTC is 23:30 on 24 Oct
        (
            datetime.datetime(2025, 10, 24, 16, 30, tzinfo=datetime.UTC),
            datetime.datetime(2025, 10, 24, 23, 0, tzinfo=datetime.UTC),
        ),
    ],
)
def test_session_create_refuses_outside_ceremony_days(ceremony, room, organiser, starts, ends):
    with pytest.raises(ValidationError) as exc:
        services.session_create(by=organiser, **_values(room, starts_at=starts, ends_at=ends))

    assert "starts_at" in exc.value.message_dict
    assert Session.objects.count() == 0


def test_session_create_accepts_early_morning_hanoi_which_is_previous_day_utc(ceremony, room, organiser):
    # 25 Oct 06:00 Hà Nội = 24 Oct 23:00 UTC
    result = services.session_create(
        by=organiser, **_values(room, starts_at=hanoi(25, 6), ends_at=hanoi(25, 7))
    )

    result.session.refresh_from_db()
    assert result.session.starts_at.astimezone(datetime.UTC).date() == datetime.date(2025, 10, 24)


def test_session_create_refuses_capacity_above_room(ceremony, room, organiser):
    with pytest.raises(ValidationError) as exc:
        services.session_create(by=organiser, **_values(room, capacity=room.capacity + 1))

    assert "capacity" in exc.value.message_dict


def test_session_update_moving_into_busy_room_is_refused(ceremony, room, organiser):
    SessionFactory(room=room, starts_at=hanoi(26, 9), ends_at=hanoi(26, 10, 15))
    other = SessionFactory(room=RoomFactory(), starts_at=hanoi(26, 9), ends_at=hanoi(26, 10, 15))

    with pytest.raises(ValidationError):
        services.session_update(session=other, by=organiser, room=room)

    other.refresh_from_db()
    assert other.room_id != room.pk


def test_session_cancel_frees_room_and_is_audited(ceremony, room, organiser):
    session = SessionFactory(room=room)

    services.session_cancel(session=session, by=organiser, reason="speaker ill")

    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert AuditEntry.objects.get(action="session.cancelled").reason == "speaker ill"
    with pytest.raises(ValidationError):
        services.session_cancel(session=session, by=organiser)


def test_person_in_two_overlapping_sessions_is_a_warning_not_a_block(ceremony, room, organiser):
    speaker = MemberFactory()
    first = SessionFactory(room=room)
    services.session_participant_add(session=first, by=organiser, member=speaker)
    second = SessionFactory(room=RoomFactory(), starts_at=first.starts_at, ends_at=first.ends_at)

    result = services.session_participant_add(session=second, by=organiser, member=speaker)

    assert len(result.warnings) == 1
    assert str(speaker) in result.warnings[0]
    assert second.participants.count() == 1


def test_participant_needs_member_or_name(ceremony, side_event, organiser):
    with pytest.raises(ValidationError):
        services.session_participant_add(session=side_event, by=organiser)


# --- registrations ---------------------------------------------------------------------------------


def test_register_gives_seat_then_waitlist_when_full(side_event, liaison):
    members = MemberFactory.create_batch(3, delegation=liaison.delegation)

    regs = [services.session_register(session=side_event, member=m, by=liaison.user) for m in members]

    assert [r.status for r in regs] == [
        RegistrationStatus.REGISTERED,
        RegistrationStatus.REGISTERED,
        RegistrationStatus.WAITLISTED,
    ]


def test_register_twice_is_refused(side_event, delegate, liaison):
    services.session_register(session=side_event, member=delegate, by=liaison.user)

    with pytest.raises(ValidationError) as exc:
        services.session_register(session=side_event, member=delegate, by=liaison.user)

    assert "member" in exc.value.message_dict
    assert SessionRegistration.objects.count() == 1


def test_register_into_overlapping_session_is_refused(side_event, delegate, liaison):
    other = SessionFactory(
        room=RoomFactory(), starts_at=side_event.starts_at + datetime.timedelta(minutes=30), capacity=5
    )
    services.session_register(session=side_event, member=delegate, by=liaison.user)

    with pytest.raises(ValidationError):
        services.session_register(session=other, member=delegate, by=liaison.user)

    assert SessionRegistration.objects.filter(member=delegate).count() == 1


def test_register_refused_when_member_speaks_in_overlapping_session(side_event, delegate, liaison, organiser):
    other = SessionFactory(room=RoomFactory(), starts_at=side_event.starts_at)
    services.session_participant_add(session=other, by=organiser, member=delegate)

    with pytest.raises(ValidationError):
        services.session_register(session=side_event, member=delegate, by=liaison.user)


def test_register_refused_for_session_without_capacity_or_cancelled(ceremony, room, delegate, liaison):
    open_session = SessionFactory(room=room, capacity=None)
    cancelled = SessionFactory(room=RoomFactory(), capacity=5, status=SessionStatus.CANCELLED)

    for session in (open_session, cancelled):
        with pytest.raises(ValidationError):
            services.session_register(session=session, member=delegate, by=liaison.user)

    assert SessionRegistration.objects.count() == 0


def test_unregister_promotes_first_waitlisted_and_tells_their_liaison(
    side_event, liaison, django_capture_on_commit_callbacks, mailoutbox
):
    other_liaison = LiaisonFactory()
    a, b = MemberFactory.create_batch(2, delegation=liaison.delegation)
    waiting_first = MemberFactory(delegation=other_liaison.delegation)
    waiting_second = MemberFactory(delegation=liaison.delegation)
    reg_a = services.session_register(session=side_event, member=a, by=liaison.user)
    services.session_register(session=side_event, member=b, by=liaison.user)
    services.session_register(session=side_event, member=waiting_first, by=other_liaison.user)
    services.session_register(session=side_event, member=waiting_second, by=liaison.user)

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.session_unregister(registration=reg_a, by=liaison.user)

    assert promoted.member == waiting_first
    statuses = dict(SessionRegistration.objects.values_list("member_id", "status"))
    assert statuses == {
        b.pk: RegistrationStatus.REGISTERED,
        waiting_first.pk: RegistrationStatus.REGISTERED,
        waiting_second.pk: RegistrationStatus.WAITLISTED,
    }
    assert (
        Notification.objects.filter(recipient=other_liaison.user, kind="agenda.waitlist_promoted").count()
        == 1
    )
    assert Notification.objects.filter(recipient=liaison.user, kind="agenda.waitlist_promoted").count() == 0
    assert [m.to for m in mailoutbox] == [[other_liaison.user.email]]


def test_capacity_increase_promotes_waitlist(side_event, liaison, organiser):
    members = MemberFactory.create_batch(3, delegation=liaison.delegation)
    for m in members:
        services.session_register(session=side_event, member=m, by=liaison.user)

    services.session_update(session=side_event, by=organiser, capacity=3)

    assert SessionRegistration.objects.filter(status=RegistrationStatus.REGISTERED).count() == 3


def test_capacity_below_registered_is_refused(side_event, liaison, organiser):
    for m in MemberFactory.create_batch(2, delegation=liaison.delegation):
        services.session_register(session=side_event, member=m, by=liaison.user)

    with pytest.raises(ValidationError) as exc:
        services.session_update(session=side_event, by=organiser, capacity=1)

    assert "capacity" in exc.value.message_dict
    side_event.refresh_from_db()
    assert side_event.capacity == 2


def test_registration_unique_constraint_in_database(side_event, delegate):
    SessionRegistration.objects.create(
        session=side_event, member=delegate, status=RegistrationStatus.REGISTERED
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        SessionRegistration.objects.create(
            session=side_event, member=delegate, status=RegistrationStatus.WAITLISTED
        )


# --- side-event proposals --------------------------------------------------------------------------


def test_proposal_accept_creates_session_in_slot_and_tells_proposers(ceremony, room, liaison, organiser):
    co = LiaisonFactory()
    slot = SlotFactory(starts_at=hanoi(26, 12), ends_at=hanoi(26, 13, 15))
    proposal = services.proposal_submit(
        delegation=liaison.delegation,
        by=liaison.user,
        title="Electronic evidence across borders",
        co_organisers=[co.delegation],
        speakers="Dr A. Example, University of Hanoi\nMs B. Sample, UNODC",
        logistics_needs="Two microphones",
        expected_attendance=60,
    )
    assert Notification.objects.filter(recipient=organiser, kind="agenda.proposal_submitted").count() == 1

    result = services.proposal_accept(proposal=proposal, by=organiser, slot=slot, room=room)

    proposal.refresh_from_db()
    session = result.session
    assert proposal.status == ProposalStatus.ACCEPTED
    assert (session.starts_at, session.ends_at, session.room) == (slot.starts_at, slot.ends_at, room)
    assert session.capacity == 60
    assert set(session.organisers.all()) == {liaison.delegation, co.delegation}
    assert sorted(session.participants.values_list("name", flat=True)) == ["Dr A. Example", "Ms B. Sample"]
    told = set(
        Notification.objects.filter(kind="agenda.proposal_accepted").values_list("recipient_id", flat=True)
    )
    assert told == {liaison.user.pk, co.user.pk}


def test_proposal_accept_into_busy_room_saves_nothing(ceremony, room, liaison, organiser):
    slot = SlotFactory(starts_at=hanoi(26, 12), ends_at=hanoi(26, 13, 15))
    SessionFactory(room=room, starts_at=slot.starts_at, ends_at=slot.ends_at)
    proposal = services.proposal_submit(
        delegation=liaison.delegation, by=liaison.user, title="Victims' rights"
    )

    with pytest.raises(ValidationError) as exc:
        services.proposal_accept(proposal=proposal, by=organiser, slot=slot, room=room)

    assert "room" in exc.value.message_dict
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert Session.objects.count() == 1
    assert Notification.objects.filter(kind="agenda.proposal_accepted").count() == 0


def test_proposal_decline_needs_reason_and_tells_proposers(ceremony, liaison, organiser):
    proposal = services.proposal_submit(delegation=liaison.delegation, by=liaison.user, title="Something")

    with pytest.raises(ValidationError):
        services.proposal_decline(proposal=proposal, by=organiser, note=" ")
    services.proposal_decline(proposal=proposal, by=organiser, note="No room left")

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED
    assert Notification.objects.filter(recipient=liaison.user, kind="agenda.proposal_declined").count() == 1


# --- booths ----------------------------------------------------------------------------------------


def _booth_values(**over):
    values = {
        "exhibitor_name": "Viettel",
        "exhibitor_kind": "company",
        "contact_name": "Ms Hoa",
        "contact_email": "hoa@example.org",
        "setup_starts_at": hanoi(24, 8),
        "setup_ends_at": hanoi(24, 18),
    }
    values.update(over)
    return values


def test_booth_allocate_once_then_refused(ceremony, organiser):
    booth = BoothFactory()
    services.booth_allocate(booth=booth, by=organiser, **_booth_values())

    with pytest.raises(ValidationError) as exc:
        services.booth_allocate(booth=booth, by=organiser, **_booth_values(exhibitor_name="Other"))

    assert "booth" in exc.value.message_dict
    assert BoothAllocation.objects.get().exhibitor_name == "Viettel"


def test_booth_one_exhibitor_is_a_database_constraint(ceremony, organiser):
    booth = BoothFactory()
    services.booth_allocate(booth=booth, by=organiser, **_booth_values())

    with pytest.raises(IntegrityError), transaction.atomic():
        BoothAllocation.objects.create(booth=booth, **_booth_values(exhibitor_name="Other"))


def test_booth_setup_end_before_start_refused(ceremony, organiser):
    with pytest.raises(ValidationError):
        services.booth_allocate(
            booth=BoothFactory(),
            by=organiser,
            **_booth_values(setup_starts_at=hanoi(24, 18), setup_ends_at=hanoi(24, 8)),
        )

    assert BoothAllocation.objects.count() == 0


def test_booth_release_frees_it(ceremony, organiser):
    booth = BoothFactory()
    services.booth_allocate(booth=booth, by=organiser, **_booth_values())

    with pytest.raises(ValidationError) as exc:
        services.booth_release(booth=booth, by=organiser, reason="  ")
    assert "reason" in exc.value.message_dict and BoothAllocation.objects.count() == 1

    services.booth_release(booth=booth, by=organiser, reason="Viettel moved to booth B02")

    assert BoothAllocation.objects.count() == 0
    services.booth_allocate(booth=booth, by=organiser, **_booth_values(exhibitor_name="Other"))


def test_booth_setup_outside_the_set_up_days_is_refused(ceremony, organiser):
    """Set-up runs from a week before the first day to the end of it: not a month before, not after."""
    with pytest.raises(ValidationError) as early:
        services.booth_allocate(
            booth=BoothFactory(),
            by=organiser,
            **_booth_values(setup_starts_at=hanoi(1, 8), setup_ends_at=hanoi(1, 18)),
        )
    with pytest.raises(ValidationError) as late:
        services.booth_allocate(
            booth=BoothFactory(),
            by=organiser,
            **_booth_values(setup_starts_at=hanoi(26, 8), setup_ends_at=hanoi(26, 18)),
        )
    assert "setup_starts_at" in early.value.message_dict
    assert "setup_ends_at" in late.value.message_dict
    assert BoothAllocation.objects.count() == 0


# --- publication -----------------------------------------------------------------------------------


def test_publish_records_changes_and_notifies_only_affected(ceremony, room, organiser, liaison, delegate):
    bystander = LiaisonFactory()
    speaker_liaison = LiaisonFactory()
    speaker = MemberFactory(delegation=speaker_liaison.delegation)
    moved = services.session_create(by=organiser, **_values(room, title="Moved", capacity=10)).session
    roomed = services.session_create(
        by=organiser, **_values(RoomFactory(), title="Roomed", starts_at=hanoi(26, 9), ends_at=hanoi(26, 10))
    ).session
    dropped = services.session_create(
        by=organiser, **_values(RoomFactory(), title="Dropped", starts_at=hanoi(26, 9), ends_at=hanoi(26, 10))
    ).session
    untouched = services.session_create(
        by=organiser,
        **_values(RoomFactory(), title="Untouched", starts_at=hanoi(25, 9), ends_at=hanoi(25, 10)),
    ).session
    untouched.organisers.set([bystander.delegation])
    services.session_participant_add(session=roomed, by=organiser, member=speaker)
    services.session_participant_add(session=dropped, by=organiser, name="Prof. X", email="x@uni.example")
    first = services.programme_publish(by=organiser)
    services.session_register(session=moved, member=delegate, by=liaison.user)
    Notification.objects.all().delete()

    services.session_update(session=moved, by=organiser, starts_at=hanoi(26, 15), ends_at=hanoi(26, 16, 15))
    services.session_update(session=roomed, by=organiser, room=RoomFactory(name="Hall B"))
    services.session_cancel(session=dropped, by=organiser)
    new = services.session_create(
        by=organiser,
        **_values(RoomFactory(), title="Brand new", starts_at=hanoi(26, 9), ends_at=hanoi(26, 10)),
    ).session
    second = services.programme_publish(by=organiser)

    assert first.number == 1
    assert second.number == 2
    changes = set(ChangelogEntry.objects.filter(version=second).values_list("session_id", "kind"))
    assert changes == {
        (moved.pk, ChangeKind.MOVED),
        (roomed.pk, ChangeKind.ROOM_CHANGED),
        (dropped.pk, ChangeKind.CANCELLED),
        (new.pk, ChangeKind.NEW),
    }
    told = set(
        Notification.objects.filter(kind="agenda.programme_changed").values_list("recipient_id", flat=True)
    )
    assert told == {liaison.user.pk, speaker_liaison.user.pk}
    from hanoi_ceremony.notifications.models import OutboundEmail

    assert (
        OutboundEmail.objects.filter(to_address="x@uni.example", kind="agenda.programme_changed").count() == 1
    )
    new.refresh_from_db()
    assert new.status == SessionStatus.PUBLISHED


def test_publish_twice_without_changes_records_nothing(ceremony, room, organiser):
    services.session_create(by=organiser, **_values(room))
    services.programme_publish(by=organiser)

    with pytest.raises(ValidationError):  # issue 14: no empty version
        services.programme_publish(by=organiser)

    assert ProgrammeVersion.objects.count() == 1
    assert ChangelogEntry.objects.count() == 1  # the first publication's "new" line only


def test_calendar_feed_rotate_changes_token(ceremony, liaison):
    old = services.calendar_feed_get_or_create(user=liaison.user).token

    new = services.calendar_feed_rotate(user=liaison.user).token

    assert old != new
    assert len(new) >= 40


def test_unknown_field_is_a_programming_error(ceremony, room, organiser):
    with pytest.raises(TypeError):
        services.session_create(by=organiser, colour="red", **_values(room))


def test_other_delegation_member_cannot_be_added_twice_same_role(ceremony, side_event, organiser):
    member = MemberFactory(delegation=DelegationFactory())
    services.session_participant_add(session=side_event, by=organiser, member=member)

    with pytest.raises(ValidationError):
        services.session_participant_add(session=side_event, by=organiser, member=member)


def test_heads_only_session_refuses_other_delegates(ceremony, room, liaison):
    session = SessionFactory(room=room, capacity=5, access="heads_only")
    adviser = MemberFactory(delegation=liaison.delegation, capacity="adviser")
    head = MemberFactory(delegation=liaison.delegation, capacity="head")

    with pytest.raises(ValidationError):
        services.session_register(session=session, member=adviser, by=liaison.user)
    services.session_register(session=session, member=head, by=liaison.user)

    assert list(SessionRegistration.objects.values_list("member_id", flat=True)) == [head.pk]


def test_invitation_session_registers_only_through_organisers(ceremony, room, liaison, organiser, delegate):
    session = SessionFactory(room=room, capacity=5, access="invitation")

    with pytest.raises(ValidationError):
        services.session_register(session=session, member=delegate, by=liaison.user)
    services.session_register(session=session, member=delegate, by=organiser)

    assert SessionRegistration.objects.filter(session=session).count() == 1


def test_moving_a_session_onto_a_registered_delegates_other_session_warns(
    ceremony, liaison, delegate, organiser
):
    first = SessionFactory(capacity=5, starts_at=hanoi(26, 9))
    second = SessionFactory(capacity=5, room=RoomFactory(), starts_at=hanoi(26, 12))
    services.session_register(session=first, member=delegate, by=liaison.user)
    services.session_register(session=second, member=delegate, by=liaison.user)

    result = services.session_update(
        session=second, by=organiser, starts_at=hanoi(26, 9, 30), ends_at=hanoi(26, 10, 30)
    )

    assert result.warnings == [f"{delegate} is also in “{first.title}” at an overlapping time."]
