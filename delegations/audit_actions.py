"""Audit actions of the personal-data work (retention purges, a person's export and anonymisation)."""

from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.audit.registry import register

register(
    "member_data.purged",
    _("Personal data purged"),
    _("The retention rule removed the %(kind)s data of %(members)s member(s) of %(target)s."),
)
register(
    "member.data_exported",
    _("Personal data exported"),
    _("%(actor)s exported everything held about %(target)s."),
)
register("member.anonymised", _("Person anonymised"), _("%(actor)s anonymised a member on request."))
