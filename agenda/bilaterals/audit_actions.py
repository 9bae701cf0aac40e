from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.audit.registry import register

register(
    "bilateral.requested",
    _("Bilateral meeting requested"),
    _("%(actor)s asked %(counterpart)s for a bilateral meeting on behalf of %(requester)s."),
)
register(
    "bilateral.accepted", _("Bilateral meeting accepted"), _("%(actor)s accepted the meeting %(target)s.")
)
register(
    "bilateral.declined", _("Bilateral meeting declined"), _("%(actor)s declined the meeting %(target)s.")
)
register(
    "bilateral.counter_proposed",
    _("Other time proposed"),
    _("%(actor)s proposed other times for the meeting %(target)s."),
)
register("bilateral.expired", _("Request expired"), _("The request %(target)s expired unanswered."))
register(
    "bilateral.cancelled", _("Bilateral meeting cancelled"), _("%(actor)s cancelled the meeting %(target)s.")
)
register(
    "bilateral.scheduled",
    _("Room and time given"),
    _("%(actor)s gave the meeting %(target)s the room %(room)s at %(starts)s."),
)
register(
    "bilateral.moved",
    _("Bilateral meeting moved"),
    _("%(actor)s moved the meeting %(target)s from %(room)s to %(to_room)s at %(to_starts)s."),
)
