"""Who may see and change what in the programme. The one place for agenda permission checks."""

from django.db.models import Q, QuerySet
from django.http import Http404

from delegations.models import Member
from delegations.permissions import liaison_delegation_id
from hanoi_ceremony.accounts.roles import Role, has_role, is_organiser

from .enums import SessionStatus
from .models import Session, SessionRegistration, SideEventProposal


def can_manage_programme(user) -> bool:
    return is_organiser(user)


def can_register_delegates(user) -> bool:
    return has_role(user, Role.LIAISON, Role.ORGANISER)


def public_sessions() -> QuerySet[Session]:
    """What anyone may see: published sessions, and cancelled ones that had been published (shown as such)."""
    return Session.objects.filter(
        Q(status=SessionStatus.PUBLISHED)
        | Q(status=SessionStatus.CANCELLED, first_published_at__isnull=False)
    )


def members_registrable_by(user) -> QuerySet[Member]:
    """A liaison registers their own delegation's members; organisers anyone's."""
    if is_organiser(user):
        return Member.objects.all()
    delegation_id = liaison_delegation_id(user)
    if delegation_id:
        return Member.objects.filter(delegation_id=delegation_id)
    return Member.objects.none()


def registration_get_for(user, pk: int) -> SessionRegistration:
    """A registration the user may withdraw, or 404 (another delegation's registration)."""
    qs = SessionRegistration.objects.select_related("session", "member")
    if not is_organiser(user):
        qs = qs.filter(member__delegation_id=liaison_delegation_id(user) or 0)
    row = qs.filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def proposals_visible_to(user) -> QuerySet[SideEventProposal]:
    if is_organiser(user):
        return SideEventProposal.objects.all()
    delegation_id = liaison_delegation_id(user)
    if delegation_id:  # the proposing delegation's, and those it co-organises (read-only for those)
        return SideEventProposal.objects.filter(
            Q(delegation_id=delegation_id) | Q(co_organisers=delegation_id)
        ).distinct()
    return SideEventProposal.objects.none()
