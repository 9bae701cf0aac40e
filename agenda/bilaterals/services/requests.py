"""Meeting requests and their answers: request, accept, decline, propose other times, expire, cancel."""

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.models import Delegation, Member
from hanoi_ceremony.core.errors import Conflict, Invalid
from hanoi_ceremony.core.transitions import record_change, transition

from .. import hooks
from ..enums import BILATERAL_MACHINE, LIVE_STATUSES, OPEN_STATUSES, Side
from ..models import Bilateral, BilateralHold, BilateralWindow
from ._common import (
    CLOSED_DELEGATIONS,
    S,
    _both,
    _check_participants,
    _check_side,
    _check_windows,
    _expiry,
    _local,
    _lock,
    _notify,
    _save_people,
    _save_windows,
)

# --- Requests and answers ---------------------------------------------------------------------------


def _tell_other_side(bilateral: Bilateral, answered: str, *, kind: str):
    """On commit: the delegation on the other side from the one that `answered` is told of the answer."""
    other = bilateral.requester_id if answered == Side.COUNTERPART else bilateral.counterpart_id
    return _notify(bilateral, to=[other], kind=kind, template="bilaterals/notify/answered")


def _answer(
    bilateral: Bilateral, *, to: str, by, action: str, kind: str, note: str, expected_status, reason=""
):
    """The awaited side answers for good (accepts or declines): its note is kept, nothing expires any
    more, the request moves `to`, and the other side is told."""
    answering = bilateral.awaiting_side
    bilateral.answer_note = note
    bilateral.expires_at = None
    transition(
        bilateral,
        machine=BILATERAL_MACHINE,
        to=to,
        by=by,
        action=action,
        reason=reason,
        expected=expected_status,
        fields=("answer_note", "expires_at"),
        notify=_tell_other_side(bilateral, answering, kind=kind),
    )


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
        _answer(
            bilateral,
            to=S.ACCEPTED,
            by=by,
            action="bilateral.accepted",
            kind="bilaterals.accepted",
            note=note.strip(),
            expected_status=expected_status,
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
        _answer(
            bilateral,
            to=S.DECLINED,
            by=by,
            action="bilateral.declined",
            kind="bilaterals.declined",
            note=reason.strip(),
            reason=reason.strip(),
            expected_status=expected_status,
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
            notify=_tell_other_side(bilateral, proposing, kind="bilaterals.counter_proposed"),
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
