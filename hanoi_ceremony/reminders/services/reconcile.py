"""Reconciliation: a target's reminder rows follow its moment, inside the writing transaction."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from ..enums import Channel, ReminderState
from ..models import Reminder, ReminderRule
from ..registry import ReminderSource, source_get, sources_for
from ._common import IN_FLIGHT, REVIVABLE, _missed_window

# --- Reconciliation --------------------------------------------------------------------------------------


@dataclass
class ReconcileResult:
    created: int = 0
    retimed: int = 0
    cancelled: int = 0


def _wanted_rows(*, target, sources: list[ReminderSource], rules: list[ReminderRule], now) -> dict:
    """(rule id, recipient id, offset, channel) -> (audience, moment, late) for every row the rules ask for.
    `late` rows are due longer ago than the missed window: an existing row follows them, but none is
    created (it would only be "missed" at once)."""
    wanted: dict[tuple, tuple[str, datetime.datetime, bool]] = {}
    window = _missed_window()
    for source in sources:
        source_rules = [r for r in rules if r.source_key == source.key and r.active]
        if not source_rules or not source.is_active(target):
            continue
        moment = source.due_at(target)
        if moment is None:
            continue
        people = [(user, audience or "") for user, audience in source.recipients(target) if user is not None]
        for rule in source_rules:
            for user, audience in people:
                if rule.audience and rule.audience != audience:
                    continue
                if not user.is_active:
                    continue
                for offset in rule.offsets_minutes:
                    late = moment - datetime.timedelta(minutes=offset) < now - window
                    for channel in rule.channels:
                        if channel == Channel.EMAIL and not user.email:
                            continue
                        wanted.setdefault((rule.pk, user.pk, offset, channel), (audience, moment, late))
    return wanted


def reminders_reconcile(*, target) -> ReconcileResult:
    """Make the target's reminder rows match its rules, moment, state and recipients.

    Call it inside the transaction that created, moved, cancelled or re-staffed the target. Rows still
    waiting (pending or claimed) follow the target: new moment → re-timed (a claimed row goes back to
    pending, so a sender holding the old lease skips it); target inactive, rule off or recipient dropped →
    cancelled. Cancelled (and missed) rows come back when wanted again. Sent and failed rows are never
    touched. A bounded number of queries per target: rules, existing rows, one insert, one update per
    distinct (moment, offset) and one cancel — plus whatever the source's own callbacks read.

    Side effects: Reminder rows only (no audit entry: the change of the target is what gets audited).
    """
    result = ReconcileResult()
    sources = sources_for(type(target))
    if not sources or target.pk is None:
        return result
    now = timezone.now()
    with transaction.atomic():
        content_type = ContentType.objects.get_for_model(target)
        rules = list(ReminderRule.objects.filter(source_key__in=[s.key for s in sources]))
        if not rules:
            return result
        wanted = _wanted_rows(target=target, sources=sources, rules=rules, now=now)
        existing = Reminder.objects.filter(
            target_type=content_type, target_id=target.pk, rule__in=rules
        ).values_list("pk", "rule_id", "recipient_id", "offset_minutes", "channel", "state", "target_due_at")
        move: dict[tuple[datetime.datetime, int], list[int]] = defaultdict(list)
        cancel: list[int] = []
        for pk, rule_id, recipient_id, offset, channel, state, target_due_at in existing:
            want = wanted.pop((rule_id, recipient_id, offset, channel), None)
            if want is None:
                if state in IN_FLIGHT:
                    cancel.append(pk)
                continue
            _audience, moment, late = want
            moved = target_due_at != moment
            if (state in IN_FLIGHT and moved) or (
                not late and (state == ReminderState.CANCELLED or (state == ReminderState.MISSED and moved))
            ):
                move[(moment, offset)].append(pk)
        wanted = {key: value for key, value in wanted.items() if not value[2]}
        if wanted:
            rows = [
                Reminder(
                    rule_id=rule_id,
                    target_type=content_type,
                    target_id=target.pk,
                    recipient_id=recipient_id,
                    audience=audience,
                    offset_minutes=offset,
                    channel=channel,
                    target_due_at=moment,
                    due_at=moment - datetime.timedelta(minutes=offset),
                )
                for (rule_id, recipient_id, offset, channel), (audience, moment, _late) in wanted.items()
            ]
            # ignore_conflicts: a concurrent reconcile of the same target may have inserted the same row.
            Reminder.objects.bulk_create(rows, ignore_conflicts=True)
            result.created = len(rows)
        for (moment, offset), pks in move.items():
            result.retimed += Reminder.objects.filter(pk__in=pks, state__in=REVIVABLE).update(
                state=ReminderState.PENDING,
                target_due_at=moment,
                due_at=moment - datetime.timedelta(minutes=offset),
                lease=None,
                lease_expires_at=None,
                last_error="",
                updated_at=now,
            )
        if cancel:
            result.cancelled = Reminder.objects.filter(pk__in=cancel, state__in=IN_FLIGHT).update(
                state=ReminderState.CANCELLED, lease=None, lease_expires_at=None, updated_at=now
            )
    return result


def reminders_reconcile_source(*, source_key: str) -> ReconcileResult:
    """Reconcile every target of one source (after its rules were edited, or to seed the demo)."""
    total = ReconcileResult()
    source = source_get(source_key)
    if source is None:
        return total
    for target in source.all_targets():
        one = reminders_reconcile(target=target)
        total.created += one.created
        total.retimed += one.retimed
        total.cancelled += one.cancelled
    return total
