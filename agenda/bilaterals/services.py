"""Every write about bilateral meetings. Each service owns its transaction, locks the rows it changes, goes
through ``transitions.transition``/``record_change`` (audit, content area, reminders) and tells only the two
sides, on commit.

Who may act is decided in ``permissions.acting_side``: the side whose answer is awaited answers, either
side (or an organiser) cancels, only organisers give a room and a slot.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.models import Room
from delegations.enums import Capacity, DelegationStatus
from delegations.models import Delegation, Liaison, Member
from hanoi_ceremony.core.errors import Conflict, Invalid, NotAllowed
from hanoi_ceremony.core.transitions import record_change, transition
from hanoi_ceremony.notifications.services import notify

from . import hooks, scheduling
from .enums import BILATERAL_MACHINE, LIVE_STATUSES, OPEN_STATUSES, BilateralStatus, Side
from .models import Bilateral, BilateralHold, BilateralParticipant, BilateralWindow

S = BilateralStatus
NAMESPACE = "bilaterals"
CLOSED_DELEGATIONS = (DelegationStatus.DECLINED, DelegationStatus.WITHDRAWN)


def _local(moment: datetime.datetime) -> str:
    return moment.astimezone(scheduling.HANOI).strftime("%d %b %Y %H:%M")


def max_participants() -> int:
    return int(getattr(settings, "BILATERAL_MAX_PARTICIPANTS", 3))


def _expiry(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(hours=int(getattr(settings, "BILATERAL_EXPIRY_HOURS", 48)))


# --- Telling the two sides (and only them) -------------------------------------------------------


def _tell(bilateral: Bilateral, *, delegation_ids: Iterable[int], kind: str, template: str, **extra) -> None:
    """Notify the liaisons of the given sides; called on commit."""
    context = {
        "requester": bilateral.requester.name,
        "counterpart": bilateral.counterpart.name,
        "status": bilateral.get_status_display(),
        "starts": bilateral.starts_at,
        "ends": bilateral.ends_at,
        "room": bilateral.room.name if bilateral.room_id else "",
        "note": bilateral.answer_note,
        **extra,
    }
    links = Liaison.objects.filter(delegation_id__in=list(delegation_ids)).select_related("user")
    for link in links.order_by("pk"):
        notify(
            recipient=link.user,
            kind=kind,
            template=template,
            context=context,
            url=bilateral.get_absolute_url(),
        )


def _notify(bilateral: Bilateral, *, to: Iterable[int], kind: str, template: str, **extra):
    ids = list(to)
    pk = bilateral.pk

    def send():
        fresh = Bilateral.objects.select_related("requester", "counterpart", "room").get(pk=pk)
        _tell(fresh, delegation_ids=ids, kind=kind, template=template, **extra)

    return send


def _both(bilateral: Bilateral) -> list[int]:
    return [bilateral.requester_id, bilateral.counterpart_id]


# --- Checks -----------------------------------------------------------------------------------------


def _head_of(delegation: Delegation) -> Member:
    head = Member.objects.filter(delegation=delegation, capacity=Capacity.HEAD).first()
    if head is None:
        raise Invalid(
            {"participants": _("%(name)s has no head of delegation yet.") % {"name": delegation.display_name}}
        )
    return head


def _check_participants(delegation: Delegation, members: Sequence[Member]) -> list[Member]:
    """The head first, then up to BILATERAL_MAX_PARTICIPANTS other members of the same delegation."""
    head = _head_of(delegation)
    others = []
    for member in members:
        if member.delegation_id != delegation.pk:
            raise Invalid({"participants": _("Only members of your own delegation can be listed.")})
        if member.pk != head.pk and member.pk not in {m.pk for m in others}:
            others.append(member)
    if len(others) > max_participants():
        raise Invalid(
            {
                "participants": _("List at most %(n)s people besides the head of delegation.")
                % {"n": max_participants()}
            }
        )
    return [head, *others]


def _check_windows(windows: Sequence[tuple[datetime.datetime, datetime.datetime]]) -> None:
    for start, end in windows:
        if end <= start:
            raise Invalid({"windows": _("A preferred time must end after it starts.")})


def _save_people(bilateral: Bilateral, side: str, members: Sequence[Member]) -> None:
    BilateralParticipant.objects.filter(bilateral=bilateral, side=side).delete()
    BilateralParticipant.objects.bulk_create(
        [BilateralParticipant(bilateral=bilateral, member=m, side=side) for m in members]
    )


def _save_windows(bilateral: Bilateral, side: str, windows) -> None:
    BilateralWindow.objects.bulk_create(
        [BilateralWindow(bilateral=bilateral, side=side, starts_at=s, ends_at=e) for s, e in windows]
    )


def _lock(bilateral: Bilateral) -> Bilateral:
    return (
        Bilateral.objects.select_for_update().select_related("requester", "counterpart").get(pk=bilateral.pk)
    )


def _check_side(bilateral: Bilateral, side: str | None, *, organiser: bool, allowed: Iterable[str]) -> None:
    if organiser:
        return
    if side not in set(allowed):
        raise NotAllowed(_("Only the other delegation can answer this request."))


# --- Requests and answers ---------------------------------------------------------------------------


def bilateral_request(
    *,
    requester: Delegation,
    counterpart: Delegation,
    by,
    participants: Sequence[Member] = (),
    windows: Sequence[tuple[datetime.datetime, datetime.datetime]] = (),
    interpretation_from: str = "",
    interpretation_to: str = "",
    note: str = "",
) -> Bilateral:
    """A delegation (its liaison, or an organiser on its behalf) asks another for a meeting.
    Side effects: audit, content area, the invited side's liaisons are told."""
    if requester.pk == counterpart.pk:
        raise Invalid({"counterpart": _("Choose another delegation: a delegation cannot meet itself.")})
    if counterpart.status in CLOSED_DELEGATIONS:
        raise Invalid({"counterpart": _("This delegation does not take part in the ceremony.")})
    if bool(interpretation_from.strip()) != bool(interpretation_to.strip()):
        raise Invalid({"interpretation_to": _("Give both languages of the interpretation, or neither.")})
    _check_windows(windows)
    people = _check_participants(requester, participants)
    now = timezone.now()
    with transaction.atomic():
        # One live request per pair of delegations, whichever side asked: lock both in id order.
        list(
            Delegation.objects.select_for_update()
            .filter(pk__in=[requester.pk, counterpart.pk])
            .order_by("pk")
        )
        pair = Bilateral.objects.filter(status__in=LIVE_STATUSES).filter(
            requester__in=[requester, counterpart], counterpart__in=[requester, counterpart]
        )
        if pair.exists():
            raise Invalid(
                {"counterpart": _("There is already a meeting request between these two delegations.")}
            )
        bilateral = Bilateral(
            requester=requester,
            counterpart=counterpart,
            requested_by=by if getattr(by, "is_authenticated", False) else None,
            note=note.strip(),
            interpretation_from=interpretation_from.strip(),
            interpretation_to=interpretation_to.strip(),
            expires_at=_expiry(now),
            status_changed_at=now,
        )
        record_change(
            bilateral,
            by=by,
            action="bilateral.requested",
            created=True,
            data={"requester": requester.name, "counterpart": counterpart.name},
            notify=None,
        )
        _save_people(bilateral, Side.REQUESTER, people)
        _save_windows(bilateral, Side.REQUESTER, windows)
        transaction.on_commit(
            _notify(
                bilateral,
                to=[counterpart.pk],
                kind="bilaterals.requested",
                template="bilaterals/notify/requested",
            )
        )
    return bilateral


def bilateral_accept(
    *,
    bilateral: Bilateral,
    by,
    side: str | None,
    organiser: bool = False,
    participants: Sequence[Member] = (),
    note: str = "",
    expected_status: str | None = None,
) -> Bilateral:
    """The side whose answer is awaited accepts; it lists its own people (its head at least).
    Side effects: audit, content area, the other side is told."""
    with transaction.atomic():
        bilateral = _lock(bilateral)
        _check_side(bilateral, side, organiser=organiser, allowed=[bilateral.awaiting_side])
        if bilateral.status not in OPEN_STATUSES:
            raise Conflict(
                _("This request is %(state)s now: there is nothing to accept. Reload the page."),
                params={"state": bilateral.get_status_display().lower()},
            )
        answering = bilateral.awaiting_side
        delegation = bilateral.counterpart if answering == Side.COUNTERPART else bilateral.requester
        if answering == Side.COUNTERPART or participants:
            _save_people(bilateral, answering, _check_participants(delegation, participants))
        bilateral.answer_note = note.strip()
        bilateral.expires_at = None
        transition(
            bilateral,
            machine=BILATERAL_MACHINE,
            to=S.ACCEPTED,
            by=by,
            action="bilateral.accepted",
            expected=expected_status,
            fields=("answer_note", "expires_at"),
            notify=_notify(
                bilateral,
                to=[bilateral.other_delegation_id(delegation.pk)],
                kind="bilaterals.accepted",
                template="bilaterals/notify/answered",
            ),
        )
    return bilateral


def bilateral_decline(
    *,
    bilateral: Bilateral,
    by,
    side: str | None,
    organiser: bool = False,
    reason: str = "",
    expected_status: str | None = None,
) -> Bilateral:
    """The side whose answer is awaited declines. Side effects: audit, the other side is told."""
    with transaction.atomic():
        bilateral = _lock(bilateral)
        _check_side(bilateral, side, organiser=organiser, allowed=[bilateral.awaiting_side])
        answering = bilateral.awaiting_side
        delegation_id = bilateral.counterpart_id if answering == Side.COUNTERPART else bilateral.requester_id
        bilateral.answer_note = reason.strip()
        bilateral.expires_at = None
        transition(
            bilateral,
            machine=BILATERAL_MACHINE,
            to=S.DECLINED,
            by=by,
            action="bilateral.declined",
            reason=reason.strip(),
            expected=expected_status,
            fields=("answer_note", "expires_at"),
            notify=_notify(
                bilateral,
                to=[bilateral.other_delegation_id(delegation_id)],
                kind="bilaterals.declined",
                template="bilaterals/notify/answered",
            ),
        )
    return bilateral


def bilateral_propose(
    *,
    bilateral: Bilateral,
    by,
    side: str | None,
    windows: Sequence[tuple[datetime.datetime, datetime.datetime]],
    organiser: bool = False,
    note: str = "",
    expected_status: str | None = None,
) -> Bilateral:
    """The side whose answer is awaited proposes other times; now the other side answers.
    Side effects: audit, a fresh expiry, the other side is told."""
    if not windows:
        raise Invalid({"windows": _("Propose at least one time.")})
    _check_windows(windows)
    with transaction.atomic():
        bilateral = _lock(bilateral)
        _check_side(bilateral, side, organiser=organiser, allowed=[bilateral.awaiting_side])
        proposing = bilateral.awaiting_side
        BilateralWindow.objects.filter(bilateral=bilateral, side=proposing).delete()
        _save_windows(bilateral, proposing, windows)
        delegation_id = bilateral.counterpart_id if proposing == Side.COUNTERPART else bilateral.requester_id
        bilateral.awaiting_side = Side.REQUESTER if proposing == Side.COUNTERPART else Side.COUNTERPART
        bilateral.answer_note = note.strip()
        bilateral.expires_at = _expiry(timezone.now())
        transition(
            bilateral,
            machine=BILATERAL_MACHINE,
            to=S.COUNTER_PROPOSED,
            by=by,
            action="bilateral.counter_proposed",
            expected=expected_status,
            fields=("awaiting_side", "answer_note", "expires_at"),
            notify=_notify(
                bilateral,
                to=[bilateral.other_delegation_id(delegation_id)],
                kind="bilaterals.counter_proposed",
                template="bilaterals/notify/answered",
            ),
        )
    return bilateral


def bilaterals_expire(*, now: datetime.datetime | None = None) -> int:
    """Requests nobody answered in time expire, so they hold nothing. Run by beat (task bilaterals.expire).
    Side effects per request: audit, both sides told. Returns how many expired."""
    now = now or timezone.now()
    count = 0
    ids = list(
        Bilateral.objects.filter(status__in=OPEN_STATUSES, expires_at__lte=now).values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            bilateral = Bilateral.objects.select_for_update().filter(pk=pk).first()
            if bilateral is None or bilateral.status not in OPEN_STATUSES or bilateral.expires_at > now:
                continue
            transition(
                bilateral,
                machine=BILATERAL_MACHINE,
                to=S.EXPIRED,
                by=None,
                action="bilateral.expired",
                notify=_notify(
                    bilateral,
                    to=_both(bilateral),
                    kind="bilaterals.expired",
                    template="bilaterals/notify/answered",
                ),
            )
            count += 1
    return count


def bilateral_cancel(
    *,
    bilateral: Bilateral,
    by,
    side: str | None,
    organiser: bool = False,
    reason: str = "",
    expected_status: str | None = None,
) -> Bilateral:
    """Either side (or an organiser) calls the meeting off; a scheduled one frees its room and time.
    Side effects: audit, reminders withdrawn, the zone-pass hook, both sides (only them) told."""
    with transaction.atomic():
        bilateral = _lock(bilateral)
        _check_side(bilateral, side, organiser=organiser, allowed=[Side.REQUESTER, Side.COUNTERPART])
        was_scheduled = bilateral.status == S.SCHEDULED
        data = {}
        if was_scheduled:
            data = {"room": bilateral.room.name, "starts": _local(bilateral.starts_at)}
        BilateralHold.objects.filter(bilateral=bilateral).delete()
        bilateral.room = None
        bilateral.starts_at = bilateral.ends_at = bilateral.room_free_at = None
        bilateral.expires_at = None
        transition(
            bilateral,
            machine=BILATERAL_MACHINE,
            to=S.CANCELLED,
            by=by,
            action="bilateral.cancelled",
            reason=reason.strip(),
            data=data,
            expected=expected_status,
            fields=("room", "starts_at", "ends_at", "room_free_at", "expires_at"),
            notify=_notify(
                bilateral,
                to=_both(bilateral),
                kind="bilaterals.cancelled",
                template="bilaterals/notify/cancelled",
                reason=reason.strip(),
            ),
        )
        if was_scheduled:
            hooks.participants_changed(bilateral, by=by)
    return bilateral


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
