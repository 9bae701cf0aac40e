"""Before publishing, the organisers see what would change; the changelog shows end times and one line for a
move of time and room; publishing nothing creates no empty version."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agenda import services
from agenda.enums import SessionStatus
from agenda.models import ChangelogEntry, ProgrammeVersion
from tests.agenda.factories import RoomFactory, SessionFactory, hanoi


@pytest.fixture
def published(db, ceremony, organiser):
    session = SessionFactory(
        title="Roundtable 1",
        starts_at=hanoi(26, 10),
        ends_at=hanoi(26, 11, 15),
        room=RoomFactory(name="Room 2"),
    )
    services.programme_publish(by=organiser, note="First")
    return session


def test_preview_counts_unpublished_changes_with_end_times_and_rooms(published, organiser_client):
    published.ends_at = published.ends_at + datetime.timedelta(minutes=30)
    published.room = RoomFactory(name="Room 10")
    published.save()
    SessionFactory(
        title="New workshop", status=SessionStatus.DRAFT, starts_at=hanoi(26, 15), ends_at=hanoi(26, 16)
    )

    preview = services.programme_preview()
    page = organiser_client.get(reverse("agenda:manage")).content.decode()

    assert sorted((c.kind, c.title) for c in preview) == [("moved", "Roundtable 1"), ("new", "New workshop")]
    assert "2 unpublished changes" in page
    assert "–11:15</del>" in page and "–11:45</ins>" in page
    assert "Room 2</del> → <ins>Room 10" in page


def test_publish_writes_one_line_per_session_with_end_times(published, organiser, client):
    published.ends_at = published.ends_at + datetime.timedelta(minutes=30)
    published.room = RoomFactory(name="Room 10")
    published.save()

    version = services.programme_publish(by=organiser, note="Longer roundtable")
    line = ChangelogEntry.objects.get(version=version)
    page = client.get(reverse("agenda:changelog")).content.decode()

    assert (line.kind, line.old_room, line.new_room) == ("moved", "Room 2", "Room 10")
    assert line.new_ends_at - line.old_ends_at == datetime.timedelta(minutes=30)
    assert "Longer roundtable" in page


def test_publishing_without_a_change_creates_no_version(published, organiser, organiser_client):
    with pytest.raises(ValidationError):
        services.programme_publish(by=organiser)
    response = organiser_client.post(reverse("agenda:publish"), {"note": ""})

    assert ProgrammeVersion.objects.count() == 1
    assert response.status_code == 302


def test_my_programme_includes_official_sessions_when_the_delegation_has_a_head(db, ceremony):
    from agenda.enums import SessionKind
    from agenda.selectors import my_programme
    from delegations.enums import Capacity, ProtocolRank
    from tests.delegations.factories import MemberFactory, StateDelegationFactory

    delegation = StateDelegationFactory(country_code="KEN", name="Kenya")
    signing = SessionFactory(
        title="Signing ceremony", kind=SessionKind.SIGNING, status=SessionStatus.PUBLISHED
    )
    SessionFactory(title="A side event", kind=SessionKind.SIDE_EVENT, status=SessionStatus.PUBLISHED)

    before = [s.title for s in my_programme(delegation_id=delegation.pk).sessions]
    MemberFactory(delegation=delegation, capacity=Capacity.HEAD, rank=ProtocolRank.MINISTER)
    after = [s.title for s in my_programme(delegation_id=delegation.pk).sessions]

    assert before == []
    assert after == [signing.title]


def test_change_notice_gives_the_new_time_room_and_calendar_entry(published, organiser):
    from hanoi_ceremony.notifications.models import OutboundEmail

    services.session_participant_add(session=published, by=organiser, name="Prof. X", email="x@uni.example")
    services.session_update(
        session=published,
        by=organiser,
        starts_at=hanoi(26, 15),
        ends_at=hanoi(26, 16, 15),
        room=RoomFactory(name="Hall B"),
    )
    services.programme_publish(by=organiser)

    body = " ".join(OutboundEmail.objects.get(to_address="x@uni.example").body_text.split())
    assert "These sessions you take part in changed" in body
    assert "your delegation" not in body
    assert "now Sunday 26 October 2025, 15:00–16:15, Hall B (Hà Nội time)" in body
    assert f"/programme/sessions/{published.pk}.ics" in body
