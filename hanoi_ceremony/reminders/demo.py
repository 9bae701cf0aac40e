"""Demo reminders (runs last in seed_demo): default rules for every registered source, every target
reconciled, and a few reminders due now, so that under `make run` (beat + worker on the embedded broker)
they really arrive in the demo users' notification centres within a minute. Idempotent."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from hanoi_ceremony.accounts.models import User

from .enums import Channel, ReminderState
from .models import Reminder, ReminderRule
from .registry import source_get, sources_all
from .services import reminders_reconcile_source, rules_ensure_defaults

# (source key, demo usernames) that get one reminder due "now" when the source has a target.
# Sources of feature apps that are not installed are skipped.
DUE_NOW = [
    ("core.ceremony_opening", ("organiser", "steering", "secretariat")),
    ("subcommittees.milestone", ("lead.content", "steering")),
]


def _due_now(*, key: str, usernames: tuple[str, ...]) -> int:
    source = source_get(key)
    rule = ReminderRule.objects.filter(source_key=key, active=True).order_by("pk").first()
    if source is None or rule is None:
        return 0
    target = next(iter(source.all_targets()), None)
    moment = source.due_at(target) if target is not None else None
    if moment is None:
        return 0
    content_type = ContentType.objects.get_for_model(target)
    now = timezone.now()
    # The rule's nearest offset when the moment is that close (the replay of 2025); ahead of the moment (the
    # living demo, hanoi_ceremony/core/demo.py) an offset that falls due now, beside the rule's own rows.
    offset = max(min(rule.offsets_minutes), int((moment - now).total_seconds() // 60))
    created = 0
    for user in User.objects.filter(username__in=usernames):
        for channel in rule.channels:
            mine = Reminder.objects.filter(
                rule=rule, target_type=content_type, target_id=target.pk, recipient=user, channel=channel
            )
            if (
                offset not in rule.offsets_minutes
                and mine.exclude(offset_minutes__in=rule.offsets_minutes).exists()
            ):
                continue  # the living demo's "due now" row was made by an earlier run
            _, was_created = Reminder.objects.get_or_create(
                rule=rule,
                target_type=content_type,
                target_id=target.pk,
                recipient=user,
                offset_minutes=offset,
                channel=channel,
                defaults={
                    "target_due_at": moment,
                    "due_at": now,
                    "state": ReminderState.PENDING,
                },
            )
            created += was_created and channel == Channel.IN_APP
    return created


SUMMIT_FROM = 11  # as delegations.demo: scales from here on model a summit
SUMMIT_RECIPIENTS = ("organiser", "secretariat", "steering", "lead.content", "member.content")
SUMMIT_OFFSETS = (60, 1440, 4320, 10080)


def _summit_history(scale: int) -> int:
    """≈1,000×N reminder rows about the tasks, bulk-created: the history a summit's engine leaves behind
    (mostly sent, some failed, missed or cancelled, a few still pending), for the organiser pages."""
    import datetime

    from subcommittees.models import Task

    rule = ReminderRule.objects.filter(source_key="subcommittees.task_due").order_by("pk").first()
    if rule is None or Reminder.objects.filter(rule=rule).count() >= 1000 * scale // 2:
        return 0
    content_type = ContentType.objects.get_for_model(Task)
    users = list(User.objects.filter(username__in=SUMMIT_RECIPIENTS))
    have = set(
        Reminder.objects.filter(rule=rule).values_list(
            "target_id", "recipient_id", "offset_minutes", "channel"
        )
    )
    now = timezone.now()
    rows, made = [], 0
    tasks = Task.objects.exclude(due_at=None).order_by("pk").values_list("pk", "due_at")
    for n, (task_id, due) in enumerate(tasks.iterator(chunk_size=2000)):
        for user in users:
            for offset in SUMMIT_OFFSETS:
                for channel in (Channel.IN_APP, Channel.EMAIL):
                    if made >= 1000 * scale:
                        break
                    if (task_id, user.pk, offset, channel) in have:
                        continue
                    k = n + user.pk + offset
                    state = (
                        ReminderState.FAILED
                        if k % 23 == 0
                        else ReminderState.MISSED
                        if k % 17 == 0
                        else ReminderState.CANCELLED
                        if k % 11 == 0
                        else ReminderState.PENDING
                        if k % 29 == 0
                        else ReminderState.SENT
                    )
                    at = due - datetime.timedelta(minutes=offset)
                    rows.append(
                        Reminder(
                            rule=rule,
                            target_type=content_type,
                            target_id=task_id,
                            recipient=user,
                            offset_minutes=offset,
                            channel=channel,
                            target_due_at=due,
                            due_at=now + datetime.timedelta(days=30)
                            if state == ReminderState.PENDING
                            else at,
                            state=state,
                            attempts=3 if state == ReminderState.FAILED else int(state == ReminderState.SENT),
                            sent_at=at if state == ReminderState.SENT else None,
                            last_error="SMTP 451: mailbox busy" if state == ReminderState.FAILED else "",
                        )
                    )
                    made += 1
        if len(rows) >= 5000:
            Reminder.objects.bulk_create(rows)
            rows = []
    Reminder.objects.bulk_create(rows)
    return made


def seed(*, scale: int, out) -> None:
    rules = rules_ensure_defaults()
    created = 0
    for source in sources_all():
        created += reminders_reconcile_source(source_key=source.key).created
    now_rows = sum(_due_now(key=key, usernames=names) for key, names in DUE_NOW)
    if scale >= SUMMIT_FROM:
        created += _summit_history(scale)
    out.write(
        f"  reminders: {len(sources_all())} sources, {rules} default rules added, {created} reminders scheduled, "
        f"{now_rows} due now"
    )
