"""Every audit action of the reminder engine, with its label and sentence (hanoi_ceremony.audit.registry)."""

from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.audit.registry import register, register_states

from .enums import ReminderState

register_states("reminders.Reminder", ReminderState)

register("reminder.failed", _("Reminder failed"), _("The reminder could not be delivered and was given up."))
register(
    "reminder.retried", _("Reminder sent again"), _("%(actor)s asked for the reminder to be sent again now.")
)
register(
    "reminder_rule.created",
    _("Reminder rule created"),
    _("%(actor)s created the reminder rule “%(target)s”."),
)
register(
    "reminder_rule.changed",
    _("Reminder rule changed"),
    _("%(actor)s changed the reminder rule “%(target)s”."),
)
