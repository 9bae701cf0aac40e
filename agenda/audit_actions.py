"""Every audit action of the programme app, with its label and sentence (see hanoi_ceremony.audit.registry)."""

from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.audit.registry import register, register_states

from .enums import ProposalStatus, RegistrationStatus, SessionStatus

register_states("agenda.Session", SessionStatus)
register_states("agenda.SessionRegistration", RegistrationStatus)
register_states("agenda.SideEventProposal", ProposalStatus)

register("session.created", _("Session created"), _("%(actor)s created the session “%(target)s”."))
register("session.updated", _("Session changed"), _("%(actor)s changed the session “%(target)s”."))
register("session.cancelled", _("Session cancelled"), _("%(actor)s cancelled the session “%(target)s”."))
register(
    "session.participant_added",
    _("Participant added"),
    _("%(actor)s added %(who)s to the session “%(target)s”."),
)
register(
    "session.participant_removed",
    _("Participant removed"),
    _("%(actor)s removed %(who)s from the session “%(target)s”."),
)
register(
    "session.waitlist_promoted",
    _("Moved up from the waiting list"),
    _("%(actor)s gave %(member_name)s a freed place in “%(target)s”."),
)
register(
    "session_registration.created",
    _("Registered for a session"),
    _("%(actor)s registered %(target)s (%(to)s)."),
)
register(
    "session_registration.withdrawn",
    _("Registration withdrawn"),
    _("%(actor)s withdrew the registration %(target)s."),
)
register(
    "side_event_proposal.submitted",
    _("Side event proposed"),
    _("%(actor)s proposed the side event “%(target)s”."),
)
register(
    "side_event_proposal.accepted",
    _("Side event accepted"),
    _("%(actor)s accepted the side event “%(target)s”."),
)
register(
    "side_event_proposal.changes_requested",
    _("Changes asked for"),
    _("%(actor)s asked for changes to the side event “%(target)s”."),
)
register(
    "side_event_proposal.resubmitted",
    _("Side event proposed again"),
    _("%(actor)s changed and resubmitted the side event “%(target)s”."),
)
register(
    "side_event_proposal.declined",
    _("Side event declined"),
    _("%(actor)s declined the side event “%(target)s”."),
)
register(
    "booth.allocated", _("Booth allocated"), _("%(actor)s allocated the booth %(target)s to %(exhibitor)s.")
)
register(
    "booth.released", _("Booth released"), _("%(actor)s freed the booth %(target)s (it was %(exhibitor)s's).")
)
register("calendar_feed.rotated", _("Calendar link renewed"), _("%(actor)s renewed their calendar link."))
register(
    "programme_version.published",
    _("Programme published"),
    _("%(actor)s published version %(number)s of the programme (%(changes)s changes)."),
)
