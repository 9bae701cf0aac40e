"""Who may do what: the one place that says which roles a user holds.

Group-backed roles (organiser, Steering Committee, Standing Secretariat, accreditation officer) live here.
Roles bound to a feature app's data (a liaison's delegation, a subcommittee lead or member) are reported by
providers the feature apps register in their ``AppConfig.ready`` — so this cross-cutting module never
imports a feature app. The result is computed once per request and cached on the user object.
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    STEERING = "steering", _("Steering Committee member")
    SECRETARIAT = "secretariat", _("Standing Secretariat")
    SUBCOMMITTEE_LEAD = "subcommittee_lead", _("Subcommittee lead")
    SUBCOMMITTEE_MEMBER = "subcommittee_member", _("Subcommittee member")
    LIAISON = "liaison", _("Delegation liaison")
    ACCREDITATION = "accreditation", _("Accreditation and security officer")


# Roles held through membership of a Django group with exactly this name.
GROUP_ROLES: dict[Role, str] = {
    Role.ORGANISER: "Organisers",
    Role.STEERING: "Steering Committee",
    Role.SECRETARIAT: "Standing Secretariat",
    Role.ACCREDITATION: "Accreditation officers",
}
_GROUP_TO_ROLE = {name: role for role, name in GROUP_ROLES.items()}

RoleProvider = Callable[[object], Iterable[Role]]
_providers: list[RoleProvider] = []


def register_role_provider(provider: RoleProvider) -> None:
    """Feature apps call this from ``AppConfig.ready`` with a function ``user -> roles``."""
    if provider not in _providers:
        _providers.append(provider)


def roles_of(user) -> frozenset[Role]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_ceremony_roles", None)
    if cached is not None:
        return cached
    roles: set[Role] = set()
    if user.is_superuser:
        roles.add(Role.ORGANISER)
    for name in user.groups.values_list("name", flat=True):
        if name in _GROUP_TO_ROLE:
            roles.add(_GROUP_TO_ROLE[name])
    for provider in _providers:
        roles.update(provider(user))
    result = frozenset(roles)
    user._ceremony_roles = result
    return result


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user).intersection(roles))


def is_organiser(user) -> bool:
    return Role.ORGANISER in roles_of(user)


def forget_roles(user) -> None:
    """Drop the per-request cache after a role changes (tests, invitation acceptance)."""
    if hasattr(user, "_ceremony_roles"):
        del user._ceremony_roles


def role_required(*roles: Role):
    """View decorator: anonymous users go to the login page (302); signed-in users without any of the
    roles get 403. Organisers pass every check."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            held = roles_of(user)
            if Role.ORGANISER not in held and not held.intersection(roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
