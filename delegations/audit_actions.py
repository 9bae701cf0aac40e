"""Every audit action of the delegations app, with its label and sentence (see hanoi_ceremony.audit.registry)."""

from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.audit.registry import register, register_states

from .enums import DelegationStatus, FullPowersStatus

register_states("delegations.Delegation", DelegationStatus)
register_states("delegations.FullPowers", FullPowersStatus)

register("delegation.created", _("Delegation added"), _("%(actor)s added the delegation of %(target)s."))
register("delegation.invited", _("Invitation sent"), _("%(actor)s invited %(email)s to register %(target)s."))
register(
    "delegation.invitation_resent",
    _("Invitation sent again"),
    _("%(actor)s sent the invitation to %(email)s again."),
)
register(
    "delegation.invitation_revoked",
    _("Invitation revoked"),
    _("%(actor)s revoked the invitation sent to %(email)s."),
)
register(
    "delegation.invitation_accepted",
    _("Invitation accepted"),
    _("%(actor)s accepted the invitation to register %(target)s."),
)
register(
    "delegation.registration_started",
    _("Registration started"),
    _("%(actor)s started the registration of %(target)s."),
)
register("delegation.submitted", _("Submitted"), _("%(actor)s submitted the registration of %(target)s."))
register(
    "delegation.changes_requested",
    _("Changes requested"),
    _("%(actor)s sent the registration of %(target)s back for changes."),
)
register("delegation.confirmed", _("Confirmed"), _("%(actor)s confirmed the delegation of %(target)s."))
register("delegation.declined", _("Declined"), _("%(actor)s declined the registration of %(target)s."))
register("delegation.withdrawn", _("Withdrawn"), _("%(actor)s withdrew the delegation of %(target)s."))
register(
    "delegation.resubmitted",
    _("Back to review after a change"),
    _("The delegation of %(target)s went back to review after a change by %(actor)s."),
)
register("delegation.member_added", _("Member added"), _("%(actor)s added %(member)s to the delegation."))
register("delegation.member_changed", _("Member changed"), _("%(actor)s changed the details of %(member)s."))
register(
    "delegation.member_removed", _("Member removed"), _("%(actor)s removed %(member)s from the delegation.")
)
register(
    "delegation.document_uploaded", _("Document uploaded"), _("%(actor)s uploaded the document “%(name)s”.")
)
register(
    "delegation.signatory_designated",
    _("Intended signatory named"),
    _("%(actor)s named %(member)s as the delegation's intended signatory."),
)
register(
    "delegation.full_powers_uploaded",
    _("Full powers received"),
    _("%(actor)s uploaded the full powers of %(member)s."),
)
register("delegation.liaison_set", _("Liaison set"), _("%(actor)s made %(user)s the liaison of %(target)s."))
register(
    "member.passport_viewed", _("Passport viewed"), _("%(actor)s viewed the passport details of %(target)s.")
)
register(
    "full_powers.received",
    _("Full powers received"),
    _("%(actor)s recorded the full powers of %(target)s as received."),
)
register(
    "full_powers.verified", _("Full powers verified"), _("%(actor)s verified the full powers of %(target)s.")
)
register(
    "full_powers.rejected",
    _("Full powers rejected"),
    _("%(actor)s rejected the full powers of %(target)s."),
)

# Personal data, sign-in lockouts (hardening)
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
