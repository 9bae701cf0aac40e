"""Audit actions of accounts and roles (hanoi_ceremony.audit.registry)."""

from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.audit.registry import register

register(
    "user.created", _("Account created"), _("%(actor)s created the account %(target)s (roles: %(roles)s).")
)
register(
    "user.roles_changed",
    _("Roles changed"),
    _("%(actor)s changed the roles of %(target)s to: %(roles)s."),
)
