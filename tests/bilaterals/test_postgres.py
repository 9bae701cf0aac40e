"""PostgreSQL refuses overlapping meetings by itself (exclusion constraints of migration 0002), even when a
write goes around the service; and two organisers placing meetings at once cannot both win."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from agenda.bilaterals.enums import BilateralStatus as S
from agenda.bilaterals.models import Bilateral, BilateralHold
from hanoi_ceremony.core.errors import Conflict

from .conftest import at
from .helpers import accepted, schedule

pytestmark = pytest.mark.postgres


def _force_schedule(bilateral, room, start, end, free_at):
    Bilateral.objects.filter(pk=bilateral.pk).update(
        status=S.SCHEDULED, room=room, starts_at=start, ends_at=end, room_free_at=free_at
    )


def test_room_overlap_including_turnover_is_refused_by_the_database(
    kenya, chile, japan, make_delegation, rooms, block
):
    schedule(accepted(kenya, chile), rooms[0], at(14))  # room held until 14:45
    other = accepted(japan, make_delegation("Brazil", "BRA"))
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        _force_schedule(other, rooms[0], at(14, 40), at(15, 10), at(15, 25))
    assert "bilaterals_no_room_overlap" in str(exc.value)
    _force_schedule(other, rooms[0], at(14, 45), at(15, 15), at(15, 30))  # touching is fine


def test_head_overlap_is_refused_by_the_database(kenya, chile, japan, rooms, block):
    first = schedule(accepted(kenya, chile), rooms[0], at(14))
    second = accepted(kenya, japan)
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        BilateralHold.objects.create(
            bilateral=second, delegation=japan, head=kenya.head, starts_at=at(14, 10), ends_at=at(14, 40)
        )
    assert "bilaterals_no_head_overlap" in str(exc.value)
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        BilateralHold.objects.create(
            bilateral=second, delegation=kenya, starts_at=at(14, 10), ends_at=at(14, 40)
        )
    assert "bilaterals_no_delegation_overlap" in str(exc.value)
    assert first.holds.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_organisers_placing_two_meetings_in_one_slot_one_wins(
    kenya, chile, japan, make_delegation, rooms, block
):
    a = accepted(kenya, chile)
    b = accepted(japan, make_delegation("Brazil", "BRA"))
    barrier = threading.Barrier(2)
    results = []

    def place(bilateral):
        try:
            barrier.wait()
            schedule(bilateral, rooms[0], at(14))
            results.append("ok")
        except Conflict:
            results.append("conflict")
        except Exception as exc:  # the service's own check after the lock also refuses
            results.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=place, args=(x,)) for x in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) in (["ValidationError", "ok"], ["conflict", "ok"])
    assert Bilateral.objects.filter(status=S.SCHEDULED, room=rooms[0]).count() == 1
