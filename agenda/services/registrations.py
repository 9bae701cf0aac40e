"""Registrations for sessions with seats: waiting list, promotion, no one in two places."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.enums import Capacity
from delegations.models import Liaison, Member
from hanoi_ceremony.accounts.roles import is_organiser
from hanoi_ceremony.core.errors import field_conflict
from hanoi_ceremony.core.transitions import record, transition
from hanoi_ceremony.notifications.services import notify
from hanoi_ceremony.reminders.services import reminders_reconcile

from ..enums import AccessLevel, RegistrationStatus, SessionStatus
from ..machines import REGISTRATION_MACHINE
from ..models import Session, SessionRegistration
from .checks import _overlapping


def _member_busy(*, member: Member, session: Session) -> Session | None:
    """Another non-cancelled session overlapping `session` in which the member is registered (or waiting)
    or has a role."""
    others = _overlapping(
        Session.objects.exclude(pk=session.pk), starts_at=session.starts_at, ends_at=session.ends_at
    )
    return (
        others.filter(Q(registrations__member=member) | Q(participants__member=member))
        .order_by("starts_at")
        .first()
    )


def session_register(*, session: Session, member: Member, by) -> SessionRegistration:
    """Give `member` a seat, or a place on the waiting list when the session is full.

    Locks the session row (then the member row) so two requests for the last seat queue: never more
    registrations than seats. Refuses double registration and overlapping sessions.
    Side effects: audit entry, programme pages invalidated (seats left).
    """
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        Member.objects.select_for_update().filter(pk=member.pk).first()
        if locked.status == SessionStatus.CANCELLED:
            raise ValidationError(_("This session is cancelled."))
        if locked.capacity is None:
            raise ValidationError(_("This session takes no registrations."))
        if locked.access == AccessLevel.HEADS_ONLY and member.capacity != Capacity.HEAD:
            raise ValidationError({"member": _("Only heads of delegation may attend this session.")})
        if locked.access == AccessLevel.INVITATION and not is_organiser(by):
            raise ValidationError(
                _("This session is by invitation: the organisers register its participants.")
            )
        if SessionRegistration.objects.filter(session=locked, member=member).exists():
            raise field_conflict("member", _("This delegate is already registered for this session."))
        clash = _member_busy(member=member, session=locked)
        if clash is not None:
            raise ValidationError(
                {
                    "member": _("%(person)s is already in “%(title)s” at an overlapping time.")
                    % {"person": member, "title": clash.title}
                }
            )
        taken = SessionRegistration.objects.filter(
            session=locked, status=RegistrationStatus.REGISTERED
        ).count()
        status = RegistrationStatus.REGISTERED if taken < locked.capacity else RegistrationStatus.WAITLISTED
        registration = SessionRegistration(session=locked, member=member, status=status, registered_by=by)
        registration.full_clean(validate_unique=False, validate_constraints=False)
        registration.save()
        record(
            locked, by=by, action="session_registration.created", to_state=status, data={"member": member.pk}
        )
        reminders_reconcile(target=session)
    return registration


def session_unregister(*, registration: SessionRegistration, by) -> SessionRegistration | None:
    """Withdraw a registration; the first on the waiting list takes the freed seat.
    Side effects: audit entry, pages invalidated, the promoted delegate's liaisons told. Returns the
    promoted registration, if any."""
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=registration.session_id)
        row = SessionRegistration.objects.filter(pk=registration.pk).first()
        if row is None:
            raise ValidationError(_("This registration was already withdrawn."))
        record(
            locked,
            by=by,
            action="session_registration.withdrawn",
            from_state=row.status,
            data={"member": row.member_id},
        )
        row.delete()
        promoted = _promote_waitlist(session=locked)
        reminders_reconcile(target=locked)
    return promoted[0] if promoted else None


def _promote_waitlist(*, session: Session) -> list[SessionRegistration]:
    """Fill free seats from the waiting list, oldest first (caller holds the session lock)."""
    if session.capacity is None or session.status == SessionStatus.CANCELLED:
        return []
    taken = SessionRegistration.objects.filter(session=session, status=RegistrationStatus.REGISTERED).count()
    free = session.capacity - taken
    if free <= 0:
        return []
    waiting = list(
        SessionRegistration.objects.filter(session=session, status=RegistrationStatus.WAITLISTED)
        .select_related("member__delegation")
        .order_by("created_at", "pk")[:free]
    )
    now = timezone.now()
    for reg in waiting:
        reg.promoted_at = now
        # The promotion is recorded in the session's history (below), not the registration's.
        transition(
            reg,
            machine=REGISTRATION_MACHINE,
            to=RegistrationStatus.REGISTERED,
            by=None,
            action=None,
            fields=("promoted_at",),
            clean=False,
        )
        record(
            session,
            by=None,
            action="session.waitlist_promoted",
            data={"member": reg.member_id, "member_name": str(reg.member)},
        )
        for liaison in Liaison.objects.filter(delegation_id=reg.member.delegation_id).select_related("user"):
            notify(
                recipient=liaison.user,
                kind="agenda.waitlist_promoted",
                template="agenda/email/waitlist_promoted",
                context={"member": str(reg.member), "session": session.title, "starts": session.local_starts},
                url=session.get_absolute_url(),
            )
    return waiting
