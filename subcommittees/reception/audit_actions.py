from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.audit.registry import register

register(
    "officerassignment.changed",
    _("Liaison officer assigned"),
    _("%(actor)s assigned %(officer)s to %(target)s."),
)
register("carslot.booked", _("Car booked"), _("%(actor)s booked %(target)s."))
register(
    "carslot.moved",
    _("Car slot moved with the flight"),
    _("%(target)s moved with the flight, from %(from)s to %(to)s."),
)
register(
    "carslot.out_of_step",
    _("Car slot out of step with the flight"),
    _("%(target)s could not follow the flight: %(reason)s"),
)
register("carslot.cancelled", _("Car slot cancelled"), _("%(actor)s cancelled %(target)s."))
register(
    "welcomingrule.changed", _("Welcoming rule changed"), _("%(actor)s set the welcoming rule %(target)s.")
)
register("boardprint.printed", _("Board printed"), _("%(actor)s printed the board %(target)s."))
register("scenario.issued", _("Scenario issued"), _("%(actor)s issued the %(target)s."))
register(
    "scenario.reissued",
    _("Scenario re-issued"),
    _("%(actor)s re-issued the %(target)s (issue %(version)s): %(note)s."),
)
register("scenariostep.changed", _("Scenario step changed"), _("%(actor)s changed the step “%(target)s”."))
