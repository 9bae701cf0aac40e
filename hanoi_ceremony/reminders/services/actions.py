"""Organiser actions: retry a failed reminder, edit a rule."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.audit.services import audit_record

from ..enums import ReminderState
from ..models import Reminder, ReminderRule
from ._common import ReminderConflict
from .reconcile import reminders_reconcile_source

# --- Organiser actions -----------------------------------------------------------------------------------


def reminder_retry(*, reminder: Reminder, by) -> Reminder:
    """Send a failed (or missed) reminder again, now: back to pending, due now, attempts reset.

    Side effects: the Reminder row; an audit entry. Raises ReminderConflict for any other state.
    """
    with transaction.atomic():
        row = Reminder.objects.select_for_update().get(pk=reminder.pk)
        if row.state not in (ReminderState.FAILED, ReminderState.MISSED):
            raise ReminderConflict(_("Only a failed or missed reminder can be sent again."))
        from_state = row.state
        row.state = ReminderState.PENDING
        row.due_at = timezone.now()
        row.attempts = 0
        row.last_error = ""
        row.full_clean(exclude=["rule", "recipient", "target_type", "notification", "email"])
        row.save(update_fields=["state", "due_at", "attempts", "last_error", "updated_at"])
        audit_record(
            actor=by, action="reminder.retried", target=row, from_state=from_state, to_state=row.state
        )
    return row


def rule_save(*, rule: ReminderRule, by) -> ReminderRule:
    """Create or change a reminder rule and re-expand its source's targets in the same transaction.

    Side effects: the rule; an audit entry; Reminder rows of every target of the source.
    """
    with transaction.atomic():
        created = rule.pk is None
        rule.full_clean()
        rule.save()
        audit_record(
            actor=by,
            action="reminder_rule.created" if created else "reminder_rule.changed",
            target=rule,
            data={"offsets_minutes": rule.offsets_minutes, "channels": rule.channels, "active": rule.active},
        )
        reminders_reconcile_source(source_key=rule.source_key)
    return rule
