"""Audit actions of accounts: sign-in lockouts (django-axes) and their release by an organiser."""

from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.audit.registry import register

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
