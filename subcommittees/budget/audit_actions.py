"""Audit actions of the budget (registered once, with their sentences)."""

from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.audit.registry import register

register("normset.created", _("Norms version created"), _("%(actor)s created %(target)s."))
register("normset.published", _("Norms put in force"), _("%(actor)s put %(target)s in force."))
register("normset.frozen", _("Norms frozen"), _("%(target)s was frozen: %(why)s."))
register("norm.changed", _("Norm changed"), _("%(actor)s set the norm %(target)s."))
register("categorycap.changed", _("Ceiling changed"), _("%(actor)s set the ceiling %(target)s."))
register("proposal.created", _("Proposal created"), _("%(actor)s created the proposal “%(target)s”."))
register(
    "proposal.line_changed",
    _("Proposal line changed"),
    _("%(actor)s changed a line of “%(target)s”: %(line)s."),
)
register("proposal.submitted", _("Proposal submitted"), _("%(actor)s submitted “%(target)s” to Finance."))
register("proposal.returned", _("Proposal returned"), _("%(actor)s returned “%(target)s” for changes."))
register("proposal.accepted", _("Proposal accepted"), _("%(actor)s accepted “%(target)s” for Finance."))
register(
    "estimate.created", _("Estimate consolidated"), _("%(actor)s consolidated the estimate “%(target)s”.")
)
register(
    "estimate.submitted",
    _("Estimate submitted"),
    _("%(actor)s submitted “%(target)s” to the competent authority."),
)
register("estimate.returned", _("Estimate returned"), _("%(actor)s returned “%(target)s” to Finance."))
register(
    "estimate.refreshed",
    _("Estimate consolidated again"),
    _("%(actor)s consolidated “%(target)s” again from the accepted proposals."),
)
register("estimate.approved", _("Estimate approved"), _("%(actor)s approved “%(target)s”."))
register("estimate.exported", _("Estimate exported"), _("%(actor)s exported “%(target)s”."))
register(
    "spending.recorded",
    _("Spending recorded"),
    _("%(actor)s recorded %(kind)s spending of %(amount)s đồng on %(target)s."),
)
