"""Who may see and change which delegation. The one place for delegation permission checks."""

from django.db.models import QuerySet

from hanoi_ceremony.accounts.roles import Role, RoleProvider, roles_of

from .models import Delegation, Liaison


def _liaison_load(user) -> dict:
    return {
        "liaison_delegation_id": Liaison.objects.filter(user=user)
        .values_list("delegation_id", flat=True)
        .first()
    }


def _liaison_roles(user, values):
    delegation_id = values.get("liaison_delegation_id")
    user._liaison_delegation_id = delegation_id
    return {Role.LIAISON} if delegation_id else set()


liaison_role_provider = RoleProvider(
    load=_liaison_load, roles=_liaison_roles, models=("delegations.Liaison",)
)


def liaison_delegation_id(user) -> int | None:
    """The id of the delegation this user is liaison of (None if not a liaison)."""
    roles_of(user)  # computes and caches
    return getattr(user, "_liaison_delegation_id", None)


# Who reads every delegation (organisers, accreditation officers, the committees): defined once.
REVIEWER_ROLES = (Role.ORGANISER, Role.ACCREDITATION, Role.STEERING, Role.SECRETARIAT)


def delegations_visible_to(user) -> QuerySet[Delegation]:
    """Organisers, accreditation officers and the committees see every delegation; a liaison only their own."""
    roles = roles_of(user)
    if roles & set(REVIEWER_ROLES):
        return Delegation.objects.all()
    delegation_id = liaison_delegation_id(user)
    if delegation_id:
        return Delegation.objects.filter(pk=delegation_id)
    return Delegation.objects.none()


def is_reviewer(user) -> bool:
    """Organisers and the other secretariat roles read every delegation (only organisers change them)."""
    return bool(roles_of(user) & set(REVIEWER_ROLES))


def may_view_delegation(user, pk: int) -> bool:
    """`delegations_visible_to(user)` would contain delegation `pk` if it exists, decided from the user's
    (cached) roles without a query: reviewers see every delegation, a liaison only their own."""
    return is_reviewer(user) or liaison_delegation_id(user) == pk


def delegation_for(user, pk: int) -> Delegation:
    """The delegation `pk` if this user may see it, else Http404 (never 403: its existence is not told)."""
    from django.http import Http404

    delegation = delegations_visible_to(user).filter(pk=pk).first()
    if delegation is None:
        raise Http404
    return delegation
