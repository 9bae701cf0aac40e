"""Audit action codes follow one rule, ``<object>.<verb in the past>``, and from/to hold only real states.

Renames the codes older entries carry, and moves values that were never states of the audited object
(positions, rules, names, numbers, times, role lists, a full-powers status on a delegation) from
``from_state``/``to_state`` into ``data`` under the keys the services now write.
"""

from django.db import migrations

RENAMED = {'delegation.registering': 'delegation.registration_started',
 'session.create': 'session.created',
 'session.update': 'session.updated',
 'session.cancel': 'session.cancelled',
 'session.participant_add': 'session.participant_added',
 'session.participant_remove': 'session.participant_removed',
 'booth.allocate': 'booth.allocated',
 'booth.release': 'booth.released',
 'calendar_feed.rotate': 'calendar_feed.rotated',
 'registration.create': 'session_registration.created',
 'registration.withdraw': 'session_registration.withdrawn',
 'registration.promote': 'session.waitlist_promoted',
 'proposal.submit': 'side_event_proposal.submitted',
 'proposal.accept': 'side_event_proposal.accepted',
 'proposal.decline': 'side_event_proposal.declined',
 'programme.publish': 'programme_version.published',
 'signing.roster_opened': 'signing_roster.opened',
 'signing.rule_applied': 'signing_roster.rule_applied',
 'signing.entry_added': 'signing_entry.added',
 'signing.signatory_set': 'signing_entry.signatory_set',
 'signing.entry_moved': 'signing_entry.moved',
 'signing.entry_released': 'signing_entry.released',
 'signing.entry_confirmed': 'signing_entry.confirmed',
 'signing.entry_signed': 'signing_entry.signed',
 'signing.entry_deferred': 'signing_entry.deferred',
 'signing.entry_did_not_sign': 'signing_entry.marked_not_signed',
 'signing.ratification_recorded': 'ratification.recorded',
 'signing.list_opened': 'speakers_list.opened',
 'signing.floor_given': 'speakers_list.floor_given',
 'signing.inscribed': 'inscription.added',
 'signing.inscription_placed': 'inscription.placed',
 'signing.time_limit_set': 'inscription.time_limit_set',
 'signing.inscription_withdrawn': 'inscription.withdrawn',
 'signing.reply_requested': 'right_of_reply.requested',
 'signing.full_powers_received': 'full_powers.received',
 'signing.full_powers_verified': 'full_powers.verified',
 'signing.full_powers_rejected': 'full_powers.rejected',
 'subcommittees.task_create': 'task.created',
 'subcommittees.task_update': 'task.updated',
 'subcommittees.task_assign': 'task.assigned',
 'subcommittees.task_start': 'task.started',
 'subcommittees.task_block': 'task.blocked',
 'subcommittees.task_unblock': 'task.unblocked',
 'subcommittees.task_progress': 'task.progress_set',
 'subcommittees.task_submit': 'task.submitted',
 'subcommittees.task_approve': 'task.approved',
 'subcommittees.task_reject': 'task.returned',
 'subcommittees.task_cancel': 'task.cancelled',
 'subcommittees.task_comment': 'task.commented',
 'subcommittees.dependency_add': 'task.dependency_added',
 'subcommittees.dependency_remove': 'task.dependency_removed',
 'subcommittees.escalation_raise': 'escalation.raised',
 'subcommittees.escalation_decide': 'escalation.decided',
 'subcommittees.escalation_withdraw': 'escalation.withdrawn',
 'subcommittees.milestone_create': 'milestone.created',
 'subcommittees.milestone_move': 'milestone.moved',
 'subcommittees.milestone_status': 'milestone.status_changed',
 'accounts.roles_changed': 'user.roles_changed',
 'accounts.user_created': 'user.created'}

# code -> (data key for the old from_state, data key for the old to_state); the states are then cleared.
MOVED = {
    "signing_roster.opened": (None, "rule"),
    "signing_roster.rule_applied": ("from_rule", "rule"),
    "signing_entry.moved": ("from_position", "position"),
    "signing_entry.released": ("from_position", "position"),
    "signing_entry.confirmed": (None, None),
    "speakers_list.opened": (None, "kind"),
    "speakers_list.floor_given": ("from_inscription", "inscription"),
    "inscription.placed": ("from_position", "position"),
    "inscription.time_limit_set": ("from_seconds", "seconds"),
    "right_of_reply.requested": (None, "number"),
    "booth.allocated": (None, "exhibitor"),
    "booth.released": ("exhibitor", None),
    "session.waitlist_promoted": (None, None),
    "programme_version.published": ("from_number", "number"),
    "milestone.moved": ("from_at", "at"),
    "user.roles_changed": ("from_roles", "roles"),
    "user.created": ("from_roles", "roles"),
    "delegation.signatory_designated": (None, "full_powers"),
}
INTEGER_KEYS = {"from_position", "position", "from_seconds", "seconds", "number", "from_number"}
# data keys renamed because "from"/"to" name the states in every sentence
DATA_RENAMED = {
    "task.progress_set": {"from": "from_percent", "to": "to_percent"},
    "signing_entry.signatory_set": {"from": "from_signatory", "to": "signatory"},
}


def _value(key, raw):
    if key in INTEGER_KEYS and raw.lstrip("-").isdigit():
        return int(raw)
    return raw


def forwards(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    for old, new in RENAMED.items():
        AuditEntry.objects.filter(action=old).update(action=new)
    for code, (from_key, to_key) in MOVED.items():
        for entry in AuditEntry.objects.filter(action=code).exclude(from_state="", to_state="").iterator():
            data = dict(entry.data or {})
            if from_key and entry.from_state:
                data.setdefault(from_key, _value(from_key, entry.from_state))
            if to_key and entry.to_state:
                data.setdefault(to_key, _value(to_key, entry.to_state))
            entry.data, entry.from_state, entry.to_state = data, "", ""
            entry.save(update_fields=["data", "from_state", "to_state"])
    for code, keys in DATA_RENAMED.items():
        for entry in AuditEntry.objects.filter(action=code).iterator():
            data = dict(entry.data or {})
            if not keys.keys() & data.keys():
                continue
            for old_key, new_key in keys.items():
                if old_key in data:
                    data.setdefault(new_key, data.pop(old_key))
            entry.data = data
            entry.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
