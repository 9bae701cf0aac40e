"""A day of the programme as a printable time × room grid."""

import re

from django.urls import reverse

from agenda.enums import SessionStatus
from agenda.selectors import natural_key, programme_grid
from tests.agenda.factories import RoomFactory, SessionFactory, hanoi


def test_grid_puts_sessions_in_their_room_columns_spanning_their_time(client, ceremony):
    ten, two = RoomFactory(name="Meeting room 10"), RoomFactory(name="Meeting room 2")
    long = SessionFactory(
        title="Workshop A",
        room=ten,
        starts_at=hanoi(26, 9),
        ends_at=hanoi(26, 11),
        status=SessionStatus.PUBLISHED,
    )
    SessionFactory(
        title="Workshop B",
        room=two,
        starts_at=hanoi(26, 9),
        ends_at=hanoi(26, 10),
        status=SessionStatus.PUBLISHED,
    )
    SessionFactory(
        title="Workshop C",
        room=two,
        starts_at=hanoi(26, 10),
        ends_at=hanoi(26, 11),
        status=SessionStatus.PUBLISHED,
    )
    SessionFactory(
        title="Draft", room=two, starts_at=hanoi(26, 12), ends_at=hanoi(26, 13), status=SessionStatus.DRAFT
    )

    grid = programme_grid(day=hanoi(26, 0).date())
    page = client.get(reverse("agenda:grid"), {"day": "2025-10-26"}).content.decode()

    assert [r.name for r in grid.rooms] == ["Meeting room 2", "Meeting room 10"]
    assert len(grid.rows) == 2
    first_row = grid.rows[0][2]
    assert (first_row[0].session.title, first_row[1].session, first_row[1].rowspan) == ("Workshop B", long, 2)
    assert grid.rows[1][2][1] is None  # covered by Workshop A
    assert re.search(r'rowspan="2"[^>]*><a href="[^"]+">Workshop A', page)
    assert "Draft" not in page
    assert "onclick" not in page


def test_grid_refuses_a_day_outside_the_ceremony(client, ceremony):
    assert client.get(reverse("agenda:grid"), {"day": "2025-11-01"}).status_code == 400
    assert client.get(reverse("agenda:grid"), {"day": "tomorrow"}).status_code == 400


def test_rooms_sort_naturally():
    names = ["Meeting room 10", "Meeting room 2", "Meeting room 1", "Hall"]

    assert sorted(names, key=natural_key) == ["Hall", "Meeting room 1", "Meeting room 2", "Meeting room 10"]


def test_session_ics_sequence_grows_when_the_session_changes(client, ceremony):
    import datetime

    import time_machine

    from agenda.models import Session
    from agenda.services.checks import NAMESPACE
    from hanoi_ceremony.core.pagecache import bump

    with time_machine.travel(datetime.datetime(2025, 10, 1, 9, 0, tzinfo=datetime.UTC), tick=False):
        session = SessionFactory(title="Roundtable", status=SessionStatus.PUBLISHED, room=RoomFactory())
    before = client.get(reverse("agenda:session_ics", args=[session.pk])).content.decode()
    with time_machine.travel(datetime.datetime(2025, 10, 3, 9, 0, tzinfo=datetime.UTC), tick=False):
        session = Session.objects.get(pk=session.pk)
        session.ends_at = session.ends_at + datetime.timedelta(minutes=15)
        session.save()
        bump(NAMESPACE)  # as every programme service does
    after = client.get(reverse("agenda:session_ics", args=[session.pk])).content.decode()

    first = int(re.search(r"SEQUENCE:(\d+)", before).group(1))
    second = int(re.search(r"SEQUENCE:(\d+)", after).group(1))
    assert second > first


def test_side_events_must_take_a_grid_slot_and_at_most_ten_run_in_parallel(ceremony, organiser):
    import datetime

    import pytest
    from django.core.exceptions import ValidationError

    from agenda import services
    from agenda.enums import SessionKind
    from agenda.models import SideEventSlot

    slot = SideEventSlot.objects.create(starts_at=hanoi(26, 9), ends_at=hanoi(26, 10, 15))
    for n in range(10):
        services.session_create(
            by=organiser,
            kind=SessionKind.WORKSHOP,
            title=f"W{n}",
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            room=RoomFactory(name=f"Meeting room {n + 1}"),
        )

    with pytest.raises(ValidationError) as full:
        services.session_create(
            by=organiser,
            kind=SessionKind.SIDE_EVENT,
            title="Eleventh",
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            room=RoomFactory(name="Meeting room 11"),
        )
    with pytest.raises(ValidationError) as off_grid:
        services.session_create(
            by=organiser,
            kind=SessionKind.SIDE_EVENT,
            title="Ninety minutes",
            starts_at=slot.starts_at,
            ends_at=slot.starts_at + datetime.timedelta(minutes=90),
            room=RoomFactory(name="Annex"),
        )

    assert "the limit is 10" in full.value.message_dict["starts_at"][0]
    assert "09:00–10:15" in off_grid.value.message_dict["starts_at"][0]


def test_proposal_form_does_not_offer_the_proposers_own_delegation(ceremony):
    from agenda.forms import ProposalForm
    from tests.delegations.factories import StateDelegationFactory

    own = StateDelegationFactory(country_code="SGP", name="Singapore")
    other = StateDelegationFactory(country_code="JPN", name="Japan")

    offered = set(ProposalForm(own_delegation_id=own.pk).fields["co_organisers"].queryset)

    assert other in offered and own not in offered
