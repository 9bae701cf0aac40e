"""What the bilateral services share: the status shorthand, limits and expiry, telling the two sides (and
only them), and the checks of participants, preferred times and the acting side."""

import datetime
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.utils.translation import gettext as _

from delegations.enums import Capacity, DelegationStatus
from delegations.models import Delegation, Liaison, Member
from hanoi_ceremony.core.errors import Invalid, NotAllowed
from hanoi_ceremony.notifications.services import notify

from .. import scheduling
from ..enums import BilateralStatus
from ..models import Bilateral, BilateralParticipant, BilateralWindow

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
