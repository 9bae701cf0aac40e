from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hanoi_ceremony.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        post_migrate.connect(_sync_role_groups, dispatch_uid="accounts.sync_role_groups")


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
