#!/usr/bin/env python
"""Time one export through the one exporter (hanoi_ceremony.core.exports) against a seeded benchmark
database, in a process of its own so that its peak memory is the export's:

    python bench/exports.py members xlsx      # members | tasks | reminders, csv | xlsx

Run by bench/run.py with the benchmark's environment. Prints one line:

    bench: export-<name>-<fmt> rows=<n> seconds=<s> first_byte_s=<s> peak_mb=<n> start_mb=<n> bytes=<n>

peak_mb is the process's peak resident memory (VmHWM) after the export; start_mb the same just before it
(Django loaded, nothing exported): the difference is what the export itself needed. VmHWM, not
ru_maxrss: on Linux ru_maxrss keeps the high-water mark of the process that forked us across exec (a
benchmark parent holding 1 GB made every export "peak" at 1 GB).
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _columns_and_rows(name: str):
    from django.utils.translation import gettext_lazy as _

    from hanoi_ceremony.core.exports import Column

    def label(choices):
        """A choice's label, translated once per export rather than once per row (get_FOO_display
        resolves a lazy string every call)."""
        labels = {value: str(text) for value, text in choices}
        return lambda value: labels.get(value, value)

    if name == "members":
        from delegations.enums import Capacity
        from delegations.models import Member

        capacity = label(Capacity.choices)

        columns = [
            Column(_("Delegation"), "delegation.name"),
            Column(_("Family name"), "family_name"),
            Column(_("Given names"), "given_names"),
            Column(_("Title"), "title"),
            Column(_("Capacity"), lambda m: capacity(m.capacity)),
            Column(_("Nationality"), "nationality"),
            Column(_("Passport"), "passport_number"),
            Column(_("Passport expiry"), "passport_expiry"),
            Column(_("E-mail"), "email"),
            Column(_("Arrival"), "arrival_at"),
            Column(_("Departure"), "departure_at"),
            Column(_("Hotel"), "hotel"),
            Column(_("Dietary needs"), "dietary_needs"),
        ]
        rows = Member.objects.select_related("delegation").order_by("pk")
    elif name == "tasks":
        from subcommittees.enums import Priority, TaskStatus
        from subcommittees.models import Task

        status, priority = label(TaskStatus.choices), label(Priority.choices)

        columns = [
            Column(_("Subcommittee"), "subcommittee.name"),
            Column(_("Title"), "title"),
            Column(_("Status"), lambda t: status(t.status)),
            Column(_("Assignee"), lambda t: str(t.assignee) if t.assignee_id else ""),
            Column(_("Due"), "due_at"),
            Column(_("Progress"), "progress"),
            Column(_("Priority"), lambda t: priority(t.priority)),
            Column(_("Deliverable"), "deliverable"),
        ]
        rows = Task.objects.select_related("subcommittee", "assignee").order_by("pk")
    elif name == "reminders":
        from hanoi_ceremony.reminders.enums import Channel, ReminderState
        from hanoi_ceremony.reminders.models import Reminder

        channel, state = label(Channel.choices), label(ReminderState.choices)

        columns = [
            Column(_("Source"), "rule.source_key"),
            Column(_("About"), "target_id"),
            Column(_("Recipient"), lambda r: r.recipient.username),
            Column(_("Channel"), lambda r: channel(r.channel)),
            Column(_("Minutes before"), "offset_minutes"),
            Column(_("Due"), "due_at"),
            Column(_("State"), lambda r: state(r.state)),
            Column(_("Sent"), "sent_at"),
            Column(_("Attempts"), "attempts"),
            Column(_("Last error"), "last_error"),
        ]
        rows = Reminder.objects.select_related("rule", "recipient").order_by("pk")
    else:
        raise SystemExit(f"unknown export {name!r}")
    return columns, rows


def _high_water_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource  # not Linux: the best there is

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    name, fmt = sys.argv[1], sys.argv[2]
    import django

    django.setup()
    from django.db import connection

    from hanoi_ceremony.core.exports import export_response

    columns, queryset = _columns_and_rows(name)
    rows = queryset.count()
    connection.ensure_connection()
    start_mb = _high_water_mb()
    started = time.perf_counter()
    response = export_response(
        None,
        fmt=fmt,
        filename=name,
        columns=columns,
        rows=queryset.iterator(chunk_size=2000),
        title=name,
    )
    first_byte = None
    size = 0
    for chunk in response.streaming_content:
        if first_byte is None and chunk:
            first_byte = time.perf_counter() - started
        size += len(chunk)
    seconds = time.perf_counter() - started
    peak_mb = _high_water_mb()
    print(
        f"bench: export-{name}-{fmt} rows={rows} seconds={seconds:.2f} first_byte_s={first_byte or 0:.3f} "
        f"peak_mb={peak_mb:.0f} start_mb={start_mb:.0f} bytes={size}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hanoi_ceremony.settings.production")
    sys.exit(main())
