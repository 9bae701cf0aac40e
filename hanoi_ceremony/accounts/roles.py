"""Who may do what: the one place that says which roles a user holds.

Group-backed roles (organiser, Steering Committee, Standing Secretariat, accreditation officer) live here.
Roles bound to a feature app's data (a liaison's delegation, a subcommittee lead or member) are reported by
providers the feature apps register in their ``AppConfig.ready`` — so this cross-cutting module never
imports a feature app.

Every provider contributes *annotations* (subquery expressions on the user row), so all roles of a user
come from ONE query however many providers exist — and none at all on a normal request, because the
authentication backend (`accounts.backends.RoleAwareBackend`) loads the user with the same annotations.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef
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


@dataclass(frozen=True)
class RoleProvider:
    """`annotations()` returns {name: expression over the user row (OuterRef("pk"))};
    `roles(user, values)` reads those values and returns the roles (it may stash ids on the user)."""

    annotations: Callable[[], Mapping[str, models.Expression]]
    roles: Callable[[object, Mapping[str, object]], Iterable[Role]]


def _group_annotations() -> dict[str, models.Expression]:
    from django.contrib.auth import get_user_model

    through = get_user_model().groups.through
    return {
        f"_role_group_{role.value}": Exists(
            through.objects.filter(
                **{through._meta.get_field("user").attname: OuterRef("pk")}, group__name=name
            )
        )
        for role, name in GROUP_ROLES.items()
    }


def _group_roles(user, values):
    return {role for role in GROUP_ROLES if values.get(f"_role_group_{role.value}")}


_providers: list[RoleProvider] = [RoleProvider(annotations=_group_annotations, roles=_group_roles)]


def register_role_provider(provider: RoleProvider | Callable[[object], Iterable[Role]]) -> None:
    """Feature apps call this from ``AppConfig.ready``. Prefer a RoleProvider (no extra query); a plain
    ``user -> roles`` callable also works but costs one query per request."""
    if not isinstance(provider, RoleProvider):
        function = provider
        provider = RoleProvider(annotations=dict, roles=lambda user, values: function(user))
    if provider not in _providers:
        _providers.append(provider)


def role_annotations() -> dict[str, models.Expression]:
    annotations: dict[str, models.Expression] = {}
    for provider in _providers:
        annotations.update(provider.annotations())
    return annotations


def _compute(user, values: Mapping[str, object]) -> frozenset[Role]:
    roles: set[Role] = set()
    if user.is_superuser:
        roles.add(Role.ORGANISER)
    for provider in _providers:
        roles.update(provider.roles(user, values))
    return frozenset(roles)


def roles_of(user) -> frozenset[Role]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_ceremony_roles", None)
    if cached is not None:
        return cached
    annotations = role_annotations()
    if all(hasattr(user, name) for name in annotations):
        values = {name: getattr(user, name) for name in annotations}
    else:
        values = (
            type(user)
            ._default_manager.filter(pk=user.pk)
            .annotate(**annotations)
            .values(*annotations)
            .first()
            or {}
        )
    result = _compute(user, values)
    user._ceremony_roles = result
    return result


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user).intersection(roles))


def is_organiser(user) -> bool:
    return Role.ORGANISER in roles_of(user)


def forget_roles(user) -> None:
    """Drop the cached roles after a role changes (tests, invitation acceptance)."""
    user.__dict__.pop("_ceremony_roles", None)
    for name in role_annotations():
        user.__dict__.pop(name, None)


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
