from dataclasses import dataclass

from django.db.models import Count

from hanoi_ceremony.notifications.services import Rendered

from .enums import ReminderState
from .models import Reminder
from .registry import source_get


def reminders_for_organisers(*, state: str = "", source: str = ""):
    """Reminder rows, soonest first, with what a list shows (rule, recipient, target) prefetched: one query
    for the rows plus one per kind of target on the page."""
    qs = Reminder.objects.select_related("rule", "recipient", "target_type").prefetch_related("target")
    if state:
        qs = qs.filter(state=state)
    if source:
        qs = qs.filter(rule__source_key=source)
    return qs.order_by("due_at", "pk")


# The per-state counts scan every row (≈20 ms at a summit's 100,000): they are computed at most once per
# COUNTS_SECONDS for all processes (shared cache) and may lag the rows below them by that much.
COUNTS_SECONDS = 5
COUNTS_KEY = "reminders:state-counts"


def reminder_state_counts() -> dict[str, int]:
    from django.core.cache import cache

    counts = cache.get(COUNTS_KEY)
    if counts is None:
        counts = dict.fromkeys(ReminderState.values, 0)
        counts.update(dict(Reminder.objects.values_list("state").annotate(n=Count("pk")).order_by()))
        cache.set(COUNTS_KEY, counts, COUNTS_SECONDS)
    return counts


def reminder_get(*, pk: int) -> Reminder | None:
    return (
        Reminder.objects.select_related("rule", "recipient", "target_type", "notification")
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class Preview:
    rendered: Rendered | None
    ics: str
    problem: str


def reminder_preview(*, reminder: Reminder) -> Preview:
    """The message this row sends (or sent), rendered now in the recipient's language."""
    from django.utils.translation import gettext as _

    from .services import reminder_render

    source = source_get(reminder.rule.source_key)
    if source is None:
        return Preview(None, "", _("No reminder source is registered under this key."))
    target = reminder.target
    if target is None:
        return Preview(None, "", _("The thing this reminder is about no longer exists."))
    rendered = reminder_render(reminder=reminder, source=source, target=target)
    ics = source.ics(target) if source.ics and reminder.channel == "email" else ""
    return Preview(rendered, ics, "")
