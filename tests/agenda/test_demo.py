import io

from django.core.management import call_command

from agenda.demo import OWN_MARK
from agenda.enums import RegistrationStatus, SessionKind, SessionStatus
from agenda.models import (
    Booth,
    BoothAllocation,
    ChangelogEntry,
    ProgrammeVersion,
    Room,
    Session,
    SessionRegistration,
)
from agenda.selectors import person_clashes
from agenda.services import session_room_conflicts


def _counts():
    return (
        Session.objects.count(),
        Room.objects.count(),
        SessionRegistration.objects.count(),
        Booth.objects.count(),
        BoothAllocation.objects.count(),
        ProgrammeVersion.objects.count(),
        ChangelogEntry.objects.count(),
    )


def _no_room_clash() -> bool:
    return not any(
        session_room_conflicts(
            room=s.room, starts_at=s.starts_at, ends_at=s.ends_at, exclude_pk=s.pk
        ).exists()
        for s in Session.objects.exclude(status=SessionStatus.CANCELLED).select_related("room")
    )


def test_seed_demo_builds_the_real_programme_and_is_idempotent(db):
    call_command("seed_demo", "--replay", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", "--replay", stdout=io.StringIO())

    assert _counts() == first
    kinds = list(Session.objects.values_list("kind", flat=True))
    assert kinds.count(SessionKind.SIGNING) == 1
    assert kinds.count(SessionKind.PLENARY) == 1
    assert kinds.count(SessionKind.HIGH_LEVEL) == 4
    assert kinds.count(SessionKind.ROUNDTABLE) == 4
    assert kinds.count(SessionKind.GALA) == 1
    assert kinds.count(SessionKind.SIDE_EVENT) + kinds.count(SessionKind.WORKSHOP) == 38
    assert Booth.objects.count() == 24
    assert Session.objects.filter(status=SessionStatus.DRAFT).count() == 0
    assert ProgrammeVersion.objects.count() == 1
    opening = Session.objects.get(kind=SessionKind.OPENING)
    assert (opening.local_starts.day, opening.local_starts.hour, opening.local_starts.minute) == (25, 9, 0)
    assert SessionRegistration.objects.filter(status=RegistrationStatus.WAITLISTED).exists()
    assert _no_room_clash()
    assert person_clashes() == []


def test_seed_demo_scale_two_multiplies_side_events_without_room_clashes(db):
    call_command("seed_demo", "--replay", stdout=io.StringIO())
    side_events_1 = Session.objects.filter(kind__in=[SessionKind.SIDE_EVENT, SessionKind.WORKSHOP]).count()
    registrations_1 = SessionRegistration.objects.count()

    call_command("seed_demo", "--replay", "--scale", "2", stdout=io.StringIO())

    assert (
        Session.objects.filter(kind__in=[SessionKind.SIDE_EVENT, SessionKind.WORKSHOP]).count()
        == 2 * side_events_1
    )
    # The delegations seeder owns the people; the programme adds no delegates of its own at a larger scale,
    # so registrations may stay level — but never drop, and never overflow a room or clash (below).
    assert SessionRegistration.objects.count() >= registrations_1
    assert _no_room_clash()
    assert person_clashes() == []
    for session in Session.objects.exclude(capacity=None):
        registered = session.registrations.filter(status=RegistrationStatus.REGISTERED).count()
        assert registered <= session.capacity


def test_bench_targets_answer_on_the_demo_within_the_query_budget(client, db):
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.targets.agenda import targets

    call_command("seed_demo", "--replay", stdout=io.StringIO())

    for target in targets():
        cache.clear()
        client.logout()
        if target.user:
            client.force_login(get_user_model().objects.get(username=target.user))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(target.path)
        assert (target.name, response.status_code) == (target.name, 200)
        assert len(queries) <= 15, target.name


def test_seed_demo_reuses_delegations_seeder_data_and_adds_no_people(db):
    from delegations.models import Delegation, Member
    from tests.agenda.factories import DelegationFactory, MemberFactory

    # What a delegations seeder would have left before ours runs.
    for i in range(4):
        delegation = DelegationFactory(name=f"Existing {i}")
        MemberFactory.create_batch(5, delegation=delegation)

    call_command("seed_demo", "--replay", stdout=io.StringIO())
    call_command("seed_demo", "--replay", stdout=io.StringIO())

    # none of the programme seeder's own people or delegations (other seeders may add theirs)
    assert not Delegation.objects.filter(focal_point_email=OWN_MARK).exists()
    assert not Member.objects.filter(family_name__startswith="Delegate ").exists()
    assert not Member.objects.filter(family_name="Speaker").exists()
    assert SessionRegistration.objects.exists()
    assert Session.objects.filter(kind=SessionKind.SIGNING).count() == 1
    assert _no_room_clash()
    assert person_clashes() == []
