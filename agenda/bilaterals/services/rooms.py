"""Rooms and slots: an organiser schedules an accepted meeting (or moves a scheduled one)."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.models import Room
from delegations.enums import Capacity
from delegations.models import Delegation, Member
from hanoi_ceremony.core.errors import Conflict, Invalid
from hanoi_ceremony.core.transitions import record_change, transition

from .. import hooks, scheduling
from ..enums import BILATERAL_MACHINE
from ..models import Bilateral, BilateralHold
from ._common import S, _both, _local, _lock, _notify

# --- Rooms and slots -------------------------------------------------------------------------------


def bilateral_schedule(
    *,
    bilateral: Bilateral,
    room: Room,
    starts_at: datetime.datetime,
    by,
    expected_status: str | None = None,
) -> Bilateral:
    """An organiser gives an accepted meeting a room and a start (or moves a scheduled one). Every conflict
    is checked under lock against a fresh calendar (signing slot, speaking turn, heads-only sessions, room
    capacity, turnover, other bilaterals, the daily cap); PostgreSQL refuses overlaps again by itself.
    Side effects: audit, reminders re-timed, the zone-pass hook, both sides (only them) told."""
    if timezone.is_naive(starts_at):
        raise Invalid({"starts_at": _("Give the time with its time zone.")})
    with transaction.atomic():
        # Lock order: the room, then both delegations by id, then the meeting — every scheduler takes the
        # same order, so two organisers placing meetings at once wait for each other instead of racing.
        Room.objects.select_for_update().filter(pk=room.pk).first()
        list(
            Delegation.objects.select_for_update()
            .filter(pk__in=[bilateral.requester_id, bilateral.counterpart_id])
            .order_by("pk")
        )
        bilateral = _lock(bilateral)
        if expected_status is not None and bilateral.status != expected_status:
            BILATERAL_MACHINE.check(bilateral.status, S.SCHEDULED, expected=expected_status)
        if bilateral.status not in (S.ACCEPTED, S.SCHEDULED):
            raise Invalid(
                _("Only an accepted meeting gets a room: this one is %(state)s.")
                % {"state": bilateral.get_status_display().lower()},
                code="transition",
            )
        cal = scheduling.calendar_load()
        cal.forget(bilateral.pk)
        need = scheduling.need_for(bilateral)
        problems = scheduling.conflicts(cal, need, room_id=room.pk, start=starts_at)
        if problems:
            raise Invalid({"starts_at": problems})
        moving = bilateral.status == S.SCHEDULED
        before = {"room": bilateral.room.name, "starts": _local(bilateral.starts_at)} if moving else {}
        bilateral.room = room
        bilateral.starts_at = starts_at
        bilateral.ends_at = starts_at + cal.slot
        bilateral.room_free_at = bilateral.ends_at + cal.turnover
        fields = ("room", "starts_at", "ends_at", "room_free_at")
        tell = _notify(
            bilateral,
            to=_both(bilateral),
            kind="bilaterals.moved" if moving else "bilaterals.scheduled",
            template="bilaterals/notify/scheduled",
            moved=moving,
        )
        try:
            with transaction.atomic():
                BilateralHold.objects.filter(bilateral=bilateral).delete()
                heads = dict(
                    Member.objects.filter(
                        delegation_id__in=_both(bilateral), capacity=Capacity.HEAD
                    ).values_list("delegation_id", "pk")
                )
                BilateralHold.objects.bulk_create(
                    [
                        BilateralHold(
                            bilateral=bilateral,
                            delegation_id=d,
                            head_id=heads.get(d),
                            starts_at=bilateral.starts_at,
                            ends_at=bilateral.ends_at,
                        )
                        for d in _both(bilateral)
                    ]
                )
                if moving:
                    record_change(
                        bilateral,
                        by=by,
                        action="bilateral.moved",
                        fields=fields,
                        data={**before, "to_room": room.name, "to_starts": _local(starts_at)},
                        notify=tell,
                    )
                else:
                    transition(
                        bilateral,
                        machine=BILATERAL_MACHINE,
                        to=S.SCHEDULED,
                        by=by,
                        action="bilateral.scheduled",
                        data={"room": room.name, "starts": _local(starts_at)},
                        fields=fields,
                        notify=tell,
                    )
        except IntegrityError:
            raise Conflict(
                _("Someone placed another meeting there meanwhile. Reload the grid and choose again.")
            ) from None
        hooks.participants_changed(bilateral, by=by)
    return bilateral
