from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hanoi_ceremony.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import m2m_changed, post_save

        from . import audit_actions  # noqa: F401  (registers this app's audit actions)

        post_migrate.connect(_sync_role_groups, dispatch_uid="accounts.sync_role_groups")
        user_model = get_user_model()
        m2m_changed.connect(
            _groups_changed, sender=user_model.groups.through, dispatch_uid="accounts.roles.groups"
        )
        post_save.connect(_user_saved, sender=user_model, dispatch_uid="accounts.roles.user")
        user_logged_in.connect(_warm_roles, dispatch_uid="accounts.roles.login")

        from axes.signals import user_locked_out

        from .lockout import on_locked_out

        user_locked_out.connect(on_locked_out, dispatch_uid="accounts.lockout.audit")


def _groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Group membership changed: forget the roles of every user concerned."""
    from .roles import forget_roles_of

    if action not in {"post_add", "post_remove", "pre_clear", "post_clear"}:
        return
    if not reverse:
        forget_roles_of(instance.pk)
    elif action == "pre_clear":  # from the group's side: its members are about to go
        for user_id in instance.user_set.values_list("pk", flat=True):
            forget_roles_of(user_id)
    else:
        for user_id in pk_set or ():
            forget_roles_of(user_id)


def _user_saved(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return
    from .roles import forget_roles

    forget_roles(instance)


def _warm_roles(sender, request, user, **kwargs) -> None:
    """Compute the roles at sign-in, so pages afterwards find them in the cache."""
    from .roles import forget_roles, roles_of

    forget_roles(user)
    roles_of(user)


# Apps whose models organisers manage in the admin.
ORGANISER_APPS = (
    "accounts",
    "auth",
    "core",
    "audit",
    "notifications",
    "reminders",
    "delegations",
    "agenda",
    "signing",
    "subcommittees",
)


def _sync_role_groups(sender, using="default", **kwargs) -> None:
    """After every migrate: the role groups exist, and organisers hold every permission of the ceremony's
    apps (audit entries stay read-only in their admin whatever the permission says)."""
    from django.contrib.auth.models import Group, Permission

    from .roles import GROUP_ROLES, Role

    for name in GROUP_ROLES.values():
        Group.objects.using(using).get_or_create(name=name)
    organisers = Group.objects.using(using).get(name=GROUP_ROLES[Role.ORGANISER])
    perms = Permission.objects.using(using).filter(content_type__app_label__in=ORGANISER_APPS)
    organisers.permissions.add(*perms)
