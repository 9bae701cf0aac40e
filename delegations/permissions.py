"""Who may see and change which delegation. The one place for delegation permission checks."""

from django.db.models import QuerySet

from hanoi_ceremony.accounts.roles import Role, roles_of

from .models import Delegation, Liaison


def liaison_roles(user):
    """Role provider: a user with a Liaison row is a delegation liaison."""
    delegation_id = Liaison.objects.filter(user=user).values_list("delegation_id", flat=True).first()
    user._liaison_delegation_id = delegation_id
    return {Role.LIAISON} if delegation_id else set()


def liaison_delegation_id(user) -> int | None:
    """The id of the delegation this user is liaison of (None if not a liaison)."""
    roles_of(user)  # fills the cache
    return getattr(user, "_liaison_delegation_id", None)


def delegations_visible_to(user) -> QuerySet[Delegation]:
    """Organisers and accreditation officers see every delegation; a liaison sees only their own."""
    roles = roles_of(user)
    if roles & {Role.ORGANISER, Role.ACCREDITATION, Role.STEERING, Role.SECRETARIAT}:
        return Delegation.objects.all()
    delegation_id = liaison_delegation_id(user)
    if delegation_id:
        return Delegation.objects.filter(pk=delegation_id)
    return Delegation.objects.none()


REVIEWER_ROLES = (Role.ORGANISER, Role.ACCREDITATION, Role.STEERING, Role.SECRETARIAT)


def is_reviewer(user) -> bool:
    """Organisers and the other secretariat roles read every delegation (only organisers change them)."""
    return bool(roles_of(user) & set(REVIEWER_ROLES))


def delegation_for(user, pk: int) -> Delegation:
    """The delegation `pk` if this user may see it, else Http404 (never 403: its existence is not told)."""
    from django.http import Http404

    delegation = delegations_visible_to(user).filter(pk=pk).first()
    if delegation is None:
        raise Http404
    return delegation
