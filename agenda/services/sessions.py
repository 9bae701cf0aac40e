"""Sessions and their chairs, moderators and speakers."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from delegations.models import Delegation, Member
from hanoi_ceremony.core.transitions import record, transition
from hanoi_ceremony.reminders.services import reminders_reconcile

from ..enums import ParticipantRole, RegistrationStatus, SessionStatus
from ..machines import SESSION_MACHINE
from ..models import Session, SessionParticipant
from .checks import (
    SESSION_FIELDS,
    SessionResult,
    _check_session,
    _conflict_warnings,
    _save_session,
)
from .registrations import _promote_waitlist


def session_create(*, by, organisers: list[Delegation] | None = None, **values) -> SessionResult:
    """Create a draft session. Side effects: audit entry, programme pages invalidated."""
    unknown = set(values) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown session fields: {sorted(unknown)}")
    with transaction.atomic():
        session = Session(**values)
        _check_session(session)
        _save_session(session)
        if organisers:
            session.organisers.set(organisers)
        record(session, by=by, action="session.created", to_state=session.status)
        reminders_reconcile(target=session)
    return SessionResult(session=session, warnings=_conflict_warnings(session))


def session_update(
    *, session: Session, by, organisers: list[Delegation] | None = None, **values
) -> SessionResult:
    """Change a session's details, time or room. Side effects: audit entry (old → new), pages invalidated,
    waiting list promoted when the capacity grows."""
    unknown = set(values) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown session fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        before = {name: str(getattr(locked, name)) for name in values}
        for name, value in values.items():
            setattr(locked, name, value)
        _check_session(locked)
        if locked.capacity is not None:
            taken = locked.registrations.filter(status=RegistrationStatus.REGISTERED).count()
            if locked.capacity < taken:
                raise ValidationError(
                    {
                        "capacity": _(
                            "%(count)s delegates are already registered; seats cannot go below that."
                        )
                        % {"count": taken}
                    }
                )
        _save_session(locked)
        if organisers is not None:
            locked.organisers.set(organisers)
        record(
            locked,
            by=by,
            action="session.updated",
            from_state=locked.status,
            to_state=locked.status,
            data={"before": before, "after": {name: str(getattr(locked, name)) for name in values}},
        )
        _promote_waitlist(session=locked)
        reminders_reconcile(target=locked)
    return SessionResult(session=locked, warnings=_conflict_warnings(locked))


def session_cancel(*, session: Session, by, reason: str = "") -> Session:
    """Cancel a session (its room becomes free). Side effects: audit entry, pages invalidated; the people
    affected are told at the next publication."""
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.status == SessionStatus.CANCELLED:
            raise ValidationError(_("This session is already cancelled."))
        # Only the state changes (the table checks it): the session's details were checked when saved.
        transition(
            locked,
            machine=SESSION_MACHINE,
            to=SessionStatus.CANCELLED,
            by=by,
            action="session.cancelled",
            reason=reason,
            clean=False,
        )
    return locked


def session_participant_add(
    *,
    session: Session,
    by,
    role: str = ParticipantRole.SPEAKER,
    member: Member | None = None,
    name: str = "",
    affiliation: str = "",
    email: str = "",
    order: int = 0,
) -> SessionResult:
    """Add a chair, moderator or speaker. Returns warnings when the person is in an overlapping session."""
    with transaction.atomic():
        participant = SessionParticipant(
            session=session,
            role=role,
            member=member,
            name=name,
            affiliation=affiliation,
            email=email,
            order=order,
        )
        participant.full_clean()
        participant.save()
        record(
            session, by=by, action="session.participant_added", data={"role": role, "who": str(participant)}
        )
        reminders_reconcile(target=session)
    return SessionResult(session=session, warnings=_conflict_warnings(session))


def session_participant_remove(*, participant: SessionParticipant, by) -> None:
    """Take a chair, moderator or speaker off a session. Side effects: audit entry, pages invalidated."""
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=participant.session_id)
        record(
            session,
            by=by,
            action="session.participant_removed",
            data={"role": participant.role, "who": str(participant)},
        )
        participant.delete()
        reminders_reconcile(target=session)
