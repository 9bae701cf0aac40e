"""Property: whatever sequence of bookings organisers try, no room ever holds two live sessions at once,
and every saved session lies within the ceremony days."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agenda import services
from agenda.models import Session

from .factories import RoomFactory, hanoi

BOOKING = st.tuples(
    st.integers(min_value=-180, max_value=48 * 60),  # minutes after 25 Oct 00:00 Hà Nội
    st.integers(min_value=-30, max_value=300),  # duration in minutes (some invalid)
    st.integers(min_value=0, max_value=2),  # room
    st.booleans(),  # cancel it right away
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bookings=st.lists(BOOKING, min_size=1, max_size=12))
def test_bookings_never_double_book_a_room(ceremony, organiser, bookings):
    with transaction.atomic():
        rooms = [RoomFactory() for _ in range(3)]
        origin = hanoi(25, 0)
        for offset, duration, room_index, cancel in bookings:
            starts = origin + datetime.timedelta(minutes=offset)
            try:
                result = services.session_create(
                    by=organiser,
                    kind="workshop",
                    title="T",
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(minutes=duration),
                    room=rooms[room_index],
                )
            except ValidationError:
                continue
            if cancel:
                services.session_cancel(session=result.session, by=organiser)

        live = list(Session.objects.exclude(status="cancelled").order_by("room_id", "starts_at"))
        for first, second in zip(live, live[1:], strict=False):
            if first.room_id == second.room_id:
                assert first.ends_at <= second.starts_at
        for session in Session.objects.all():
            assert session.ends_at > session.starts_at
            assert session.starts_at >= hanoi(25, 0)
            assert session.ends_at <= hanoi(27, 0)
        transaction.set_rollback(True)
