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

# Personal data, sign-in lockouts (hardening)
register(
    "account.locked_out",
    _("Sign-in locked"),
    _("Sign-in for “%(username)s” from %(ip_address)s was locked after too many wrong passwords."),
)
register(
    "account.unlocked",
    _("Sign-in unlocked"),
    _("%(actor)s unlocked sign-in for “%(username)s” (%(ip_address)s)."),
)
