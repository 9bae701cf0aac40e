"""Checks every programme service shares: the room rule, the ceremony days, people in two places."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from delegations.models import Member
from hanoi_ceremony.core.errors import field_conflict
from hanoi_ceremony.core.selectors import ceremony_get

from ..enums import SIDE_EVENT_KINDS, SIDE_EVENT_PARALLEL_LIMIT, SessionStatus
from ..models import HANOI, Room, Session, SessionParticipant, SessionRegistration, SideEventSlot

NAMESPACE = "programme"
EXCLUSION_CONSTRAINT = "agenda_session_no_room_overlap"

SESSION_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "room",
    "languages",
    "interpretation",
    "access",
    "capacity",
)


def _overlapping(qs, *, starts_at, ends_at):
    return qs.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).exclude(status=SessionStatus.CANCELLED)


def session_room_conflicts(*, room: Room | None, starts_at, ends_at, exclude_pk=None):
    """Non-cancelled sessions that hold `room` during [starts_at, ends_at)."""
    if room is None:
        return Session.objects.none()
    qs = _overlapping(Session.objects.filter(room=room), starts_at=starts_at, ends_at=ends_at)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs


def _check_within_ceremony(*, starts_at, ends_at) -> None:
    ceremony = ceremony_get()
    if ceremony is None:
        return
    first = starts_at.astimezone(HANOI).date()
    last = (ends_at - datetime.timedelta(microseconds=1)).astimezone(HANOI).date()
    if first < ceremony.first_day or last > ceremony.last_day:
        raise ValidationError(
            {
                "starts_at": _(
                    "Sessions must lie within the ceremony days (%(first)s – %(last)s, Hà Nội time)."
                )
                % {"first": ceremony.first_day.isoformat(), "last": ceremony.last_day.isoformat()}
            }
        )


def _hm(moment) -> str:
    return f"{moment.astimezone(HANOI):%H:%M}"


def _check_side_event_grid(session: Session) -> None:
    """Side events and workshops take one slot of the grid exactly, at most SIDE_EVENT_PARALLEL_LIMIT a slot
    (no grid defined: no rule)."""
    if session.kind not in SIDE_EVENT_KINDS or session.status == SessionStatus.CANCELLED:
        return
    slots = list(SideEventSlot.objects.order_by("starts_at"))
    if not slots:
        return
    slot = next((s for s in slots if s.starts_at == session.starts_at and s.ends_at == session.ends_at), None)
    if slot is None:
        listed = ", ".join(f"{_hm(s.starts_at)}–{_hm(s.ends_at)}" for s in slots)
        raise ValidationError(
            {
                "starts_at": _(
                    "Side events and workshops follow the side-event grid: choose one of its slots (%(slots)s, "
                    "Hà Nội time)."
                )
                % {"slots": listed}
            },
            code="off_grid",
        )
    parallel = (
        Session.objects.filter(kind__in=SIDE_EVENT_KINDS, starts_at=slot.starts_at, ends_at=slot.ends_at)
        .exclude(status=SessionStatus.CANCELLED)
        .exclude(pk=session.pk)
        .count()
    )
    if parallel >= SIDE_EVENT_PARALLEL_LIMIT:
        raise ValidationError(
            {
                "starts_at": _(
                    "%(count)s side events already run in parallel in the slot %(start)s–%(end)s: the limit is "
                    "%(limit)s. Choose another slot."
                )
                % {
                    "count": parallel,
                    "start": _hm(slot.starts_at),
                    "end": _hm(slot.ends_at),
                    "limit": SIDE_EVENT_PARALLEL_LIMIT,
                }
            },
            code="slot_full",
        )


def _check_session(session: Session) -> None:
    """Field validation, the ceremony days, the side-event grid and the room's free time — the same rule as
    the DB constraint."""
    session.full_clean(exclude=["organisers"])
    _check_within_ceremony(starts_at=session.starts_at, ends_at=session.ends_at)
    _check_side_event_grid(session)
    if session.capacity is not None and session.room is not None and session.capacity > session.room.capacity:
        raise ValidationError(
            {
                "capacity": _("%(room)s seats only %(count)s.")
                % {"room": session.room, "count": session.room.capacity}
            }
        )
    if session.status != SessionStatus.CANCELLED:
        clash = session_room_conflicts(
            room=session.room, starts_at=session.starts_at, ends_at=session.ends_at, exclude_pk=session.pk
        ).first()
        if clash is not None:
            start = clash.starts_at.astimezone(HANOI)
            end = clash.ends_at.astimezone(HANOI)
            raise field_conflict(
                "room",
                _("%(room)s is already booked for “%(title)s” (%(start)s–%(end)s).")
                % {
                    "room": session.room,
                    "title": clash.title,
                    "start": f"{start:%d %b %H:%M}",
                    "end": f"{end:%H:%M}",
                },
            )


def _save_session(session: Session) -> None:
    """Save inside a savepoint; a race that slips past the check hits the exclusion constraint."""
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError as exc:
        if EXCLUSION_CONSTRAINT in str(exc):
            raise field_conflict("room", _("This room is already booked at that time.")) from exc
        raise


@dataclass
class PersonConflict:
    member: Member
    session: Session
    other: Session


def person_conflicts(*, session: Session) -> list[PersonConflict]:
    """Members who take part in (speak at or are registered for) `session` and another overlapping session.
    A warning for the organiser, not a block."""
    members = set(session.participants.filter(member__isnull=False).values_list("member_id", flat=True))
    members |= set(session.registrations.values_list("member_id", flat=True))
    if not members or session.status == SessionStatus.CANCELLED:
        return []
    others = _overlapping(
        Session.objects.exclude(pk=session.pk), starts_at=session.starts_at, ends_at=session.ends_at
    )
    found: list[PersonConflict] = []
    seen = set()
    rows = list(
        SessionParticipant.objects.filter(session__in=others, member_id__in=members).select_related(
            "member", "session"
        )
    ) + list(
        SessionRegistration.objects.filter(session__in=others, member_id__in=members).select_related(
            "member", "session"
        )
    )
    for row in rows:
        key = (row.member_id, row.session_id)
        if key not in seen:
            seen.add(key)
            found.append(PersonConflict(member=row.member, session=session, other=row.session))
    return found


def _conflict_warnings(session: Session) -> list[str]:
    return [
        _("%(person)s is also in “%(other)s” at an overlapping time.")
        % {"person": c.member, "other": c.other.title}
        for c in person_conflicts(session=session)
    ]


@dataclass
class SessionResult:
    """A saved session and the warnings for the organiser (people in two overlapping sessions)."""

    session: Session
    warnings: list[str] = field(default_factory=list)
