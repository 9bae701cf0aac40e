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


def seed(*, scale: int, out) -> None:
    rules = rules_ensure_defaults()
    created = 0
    for source in sources_all():
        created += reminders_reconcile_source(source_key=source.key).created
    now_rows = sum(_due_now(key=key, usernames=names) for key, names in DUE_NOW)
    out.write(
        f"  reminders: {len(sources_all())} sources, {rules} default rules added, {created} reminders scheduled, "
        f"{now_rows} due now"
    )
