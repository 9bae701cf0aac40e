"""Every audit action of the signing app, with its label and sentence (see hanoi_ceremony.audit.registry)."""

from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.audit.registry import register, register_states

from .enums import InscriptionStatus, SigningStatus

register_states("signing.SigningEntry", SigningStatus)
register_states("signing.Inscription", InscriptionStatus)

register("signing_roster.opened", _("Signing roster opened"), _("%(actor)s opened the signing roster."))
register(
    "signing_roster.rule_applied",
    _("Signing order rule applied"),
    _("%(actor)s put the signing roster in order by a rule."),
)
register(
    "signing_entry.added",
    _("Added to the signing roster"),
    _("%(actor)s put %(target)s on the signing roster."),
)
register(
    "signing_entry.signatory_set",
    _("Signatory named"),
    _("%(actor)s named %(signatory_name)s to sign for %(target)s."),
)
register(
    "signing_entry.moved",
    _("Moved on the signing roster"),
    _("%(actor)s moved %(target)s from place %(from_position)s to place %(position)s."),
)
register(
    "signing_entry.released",
    _("Place released"),
    _("%(actor)s released the place of %(target)s (now place %(position)s)."),
)
register(
    "signing_entry.confirmed",
    _("Signing confirmed"),
    _("%(actor)s confirmed that %(target)s signs."),
)
register("signing_entry.signed", _("Signed"), _("%(actor)s recorded that %(target)s signed the Convention."))
register(
    "signing_entry.deferred",
    _("Will sign at UN Headquarters"),
    _("%(actor)s recorded that %(target)s will sign at UN Headquarters."),
)
register(
    "signing_entry.marked_not_signed",
    _("Did not sign"),
    _("%(actor)s recorded that %(target)s did not sign."),
)
register(
    "ratification.recorded", _("Ratification recorded"), _("%(actor)s recorded the ratification %(target)s.")
)
register(
    "speakers_list.opened",
    _("Speakers' list opened"),
    _("%(actor)s opened the speakers' list of %(target)s."),
)
register(
    "speakers_list.floor_given",
    _("Floor given"),
    _("%(actor)s gave the floor to %(speaker)s (%(target)s)."),
)
register("inscription.added", _("Inscribed"), _("%(actor)s inscribed %(target)s on the speakers' list."))
register(
    "inscription.placed",
    _("Speaker moved"),
    _("%(actor)s moved %(target)s to place %(position)s on the speakers' list."),
)
register(
    "inscription.time_limit_set",
    _("Speaking time set"),
    _("%(actor)s gave %(target)s %(seconds)s seconds of speaking time."),
)
register(
    "inscription.withdrawn",
    _("Inscription withdrawn"),
    _("%(actor)s withdrew the inscription of %(target)s."),
)
register(
    "right_of_reply.requested",
    _("Right of reply requested"),
    _("%(actor)s asked for a right of reply for %(target)s."),
)
