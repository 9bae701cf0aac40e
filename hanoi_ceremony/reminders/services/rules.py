"""Reminder rules: every source gets its default rule."""

from ..models import DEFAULT_RULE_NAME, ReminderRule
from ..registry import sources_all

# --- Rules -----------------------------------------------------------------------------------------------


def rules_ensure_defaults() -> int:
    """Give every registered source that has no rule yet a default one (its default offsets, both
    channels, every audience). Returns how many rules were created. Idempotent."""
    existing = set(ReminderRule.objects.values_list("source_key", flat=True).distinct())
    created = 0
    for source in sources_all():
        if source.key in existing:
            continue
        rule = ReminderRule(
            source_key=source.key, name=DEFAULT_RULE_NAME, offsets_minutes=list(source.default_offsets)
        )
        rule.full_clean()
        rule.save()
        created += 1
    return created
