from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.audit.registry import register

register(
    "participants_list_version.published",
    _("List of participants published"),
    _("%(actor)s published version %(number)s of the list of participants (%(people)s people)."),
)
register(
    "delegation.letter_downloaded",
    _("Confirmation letter downloaded"),
    _("%(actor)s downloaded the confirmation letter of %(target)s."),
)
