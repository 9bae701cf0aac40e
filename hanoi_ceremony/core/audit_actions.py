"""Audit actions of the ceremony itself and of exports (hanoi_ceremony.audit.registry)."""

from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.audit.registry import register

register("ceremony.created", _("Ceremony created"), _("%(actor)s created the ceremony %(target)s."))
register("ceremony.changed", _("Ceremony changed"), _("%(actor)s changed the ceremony's details."))
register("export.downloaded", _("Export downloaded"), _("%(actor)s downloaded the %(export)s export."))
