"""Who may do what: the one place that says which roles a user holds.

Group-backed roles (organiser, Steering Committee, Standing Secretariat, accreditation officer) live here.
Roles bound to a feature app's data (a liaison's delegation, a subcommittee lead or member) are reported by
providers the feature apps register in their ``AppConfig.ready`` — so this cross-cutting module never
imports a feature app.

What the roles depend on is cached per user in the shared cache, so a normal request spends no query on
roles. Writes that change roles forget the user's entry: group membership and the user row here, and the
models each provider names (a Liaison, a subcommittee Membership); a login recomputes it.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import wraps

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    STEERING = "steering", _("Steering Committee member")
    SECRETARIAT = "secretariat", _("Standing Secretariat")
    SUBCOMMITTEE_LEAD = "subcommittee_lead", _("Subcommittee lead")
    SUBCOMMITTEE_MEMBER = "subcommittee_member", _("Subcommittee member")
    LIAISON = "liaison", _("Delegation liaison")
    ACCREDITATION = "accreditation", _("Accreditation and security officer")
    RECEPTION = "reception", _("Reception Subcommittee")


# Roles held through membership of a Django group with exactly this name.
GROUP_ROLES: dict[Role, str] = {
    Role.ORGANISER: "Organisers",
    Role.STEERING: "Steering Committee",
    Role.SECRETARIAT: "Standing Secretariat",
    Role.ACCREDITATION: "Accreditation officers",
}


@dataclass(frozen=True)
class RoleProvider:
    """`load(user)` reads what the roles depend on and returns plain, picklable values (it may query);
    `roles(user, values)` turns them into roles (it may stash ids on the user for the app's permissions).
    `models` names the "app_label.Model" classes with a `user` foreign key whose writes change roles."""

    load: Callable[[object], Mapping[str, object]]
    roles: Callable[[object, Mapping[str, object]], Iterable[Role]]
    models: tuple[str, ...] = ()


def _group_load(user) -> dict:
    return {"groups": sorted(user.groups.values_list("name", flat=True))}


def _group_roles(user, values):
    names = set(values.get("groups", ()))
    return {role for role, name in GROUP_ROLES.items() if name in names}


_providers: list[RoleProvider] = [RoleProvider(load=_group_load, roles=_group_roles)]
ROLES_CACHE_SECONDS = 300


def _cache_key(user_id) -> str:
    return f"roles:v1:{user_id}"


def forget_roles_of(user_id) -> None:
    """Drop a user's cached roles in every process (called when anything they depend on changes)."""
    cache.delete(_cache_key(user_id))


def _forget_for_instance(sender, instance, **kwargs) -> None:
    user_id = getattr(instance, "user_id", None)
    if user_id is not None:
        forget_roles_of(user_id)


def register_role_provider(provider: RoleProvider) -> None:
    """Feature apps call this from ``AppConfig.ready``. Writes to the provider's models forget the
    affected user's cached roles."""
    if not isinstance(provider, RoleProvider):
        raise TypeError("register_role_provider takes a RoleProvider(load=..., roles=..., models=...)")
    if provider in _providers:
        return
    _providers.append(provider)
    for label in provider.models:
        model = apps.get_model(label)
        post_save.connect(_forget_for_instance, sender=model, dispatch_uid=f"roles.forget.save.{label}")
        post_delete.connect(_forget_for_instance, sender=model, dispatch_uid=f"roles.forget.delete.{label}")


def _load_values(user) -> dict:
    values: dict[str, object] = {}
    for provider in _providers:
        values.update(provider.load(user))
    return values


def _compute(user, values: Mapping[str, object]) -> frozenset[Role]:
    roles: set[Role] = set()
    if user.is_superuser:
        roles.add(Role.ORGANISER)
    for provider in _providers:
        roles.update(provider.roles(user, values))
    return frozenset(roles)


def roles_of(user) -> frozenset[Role]:
    """The user's roles: cached per user (shared cache), computed once per request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_ceremony_roles", None)
    if cached is not None:
        return cached
    key = _cache_key(user.pk)
    values = cache.get(key)
    if values is None:
        values = _load_values(user)
        cache.set(key, values, ROLES_CACHE_SECONDS)
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
    forget_roles_of(user.pk)


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
