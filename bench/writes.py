#!/usr/bin/env python
"""The ceremony day's writes, through the services as users make them: every `--every` seconds one
signature recorded (its authority confirmed first when needed), one side event moved by five minutes (back
and forth) and one task approved by its approver. Started by bench/run.py next to gunicorn, with the same
environment (DATABASE_URL, CACHE_URL, DJANGO_SETTINGS_MODULE).

The living demo's ceremony lies ahead of today, and a signature cannot be recorded before the opening
day: the writer acts on the ceremony's first day, 10:00 in Hà Nội, its clock running from there
(time-machine; the pages are served at the real time, and show the same board).

After each signature a checker thread polls the public board JSON (`--board`) until it shows the new count,
and the lag (commit → first response that shows it) is kept. On SIGTERM it prints one line:

    writes: signatures=<n> moves=<n> approvals=<n> skipped=<n> lag_max_s=<s> lag_median_s=<s> unseen=<n>
"""

import argparse
import datetime
import json
import os
import signal
import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

stop = threading.Event()


def _board_count(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(json.loads(response.read())["signatories"])
    except (OSError, ValueError, KeyError):
        return None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--every", type=float, default=1.0)
    parser.add_argument("--board", required=True, help="URL of /signing/board.json behind gunicorn")
    parser.add_argument("--lag-limit", type=float, default=30.0, help="give up waiting after this long")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())

    import django

    django.setup()
    import time_machine
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.db import connection
    from django.utils import timezone

    from agenda.enums import SIDE_EVENT_KINDS, SessionStatus
    from agenda.models import Session, SideEventSlot
    from agenda.services.sessions import session_update
    from agenda.signing.enums import SigningStatus
    from agenda.signing.models import SigningEntry
    from agenda.signing.services.full_powers import full_powers_mark_received, full_powers_verify
    from agenda.signing.services.roster import entry_confirm, entry_mark_signed
    from delegations.enums import FullPowersStatus
    from delegations.models import FullPowers
    from hanoi_ceremony.accounts.models import User
    from hanoi_ceremony.core.dates import CEREMONY_TZ
    from hanoi_ceremony.core.selectors import ceremony_get
    from subcommittees.enums import TaskStatus
    from subcommittees.models import Task
    from subcommittees.services import TransitionError, task_approve, task_submit

    ceremony = ceremony_get()
    opening = datetime.datetime.combine(ceremony.first_day, datetime.time(10, 0), tzinfo=CEREMONY_TZ)
    if timezone.now() < opening:
        time_machine.travel(opening, tick=True).start()
    organiser = User.objects.get(username="organiser")
    slots = [(s.starts_at, s.ends_at) for s in SideEventSlot.objects.order_by("starts_at")]
    counts = {"signatures": 0, "moves": 0, "approvals": 0, "skipped": 0}
    lags: list[float] = []
    unseen = [0]
    tried_entries: set[int] = set()

    def watch(expected: int, committed: float) -> None:
        while not stop.is_set() and time.monotonic() - committed < args.lag_limit:
            count = _board_count(args.board)
            if count is not None and count >= expected:
                lags.append(time.monotonic() - committed)
                return
            time.sleep(0.05)
        unseen[0] += 1

    def _full_powers_verified(entry) -> None:
        """A signatory who signs on full powers needs them received and verified first (as OLA does)."""
        signatory = entry.signatory
        if signatory is None or signatory.signs_by_function:
            return
        full_powers = FullPowers.objects.filter(member=signatory).first()
        if full_powers is None:
            return
        if full_powers.status in (FullPowersStatus.AWAITED, FullPowersStatus.REJECTED):
            full_powers = full_powers_mark_received(full_powers=full_powers, by=organiser)
        if full_powers.status == FullPowersStatus.RECEIVED:
            full_powers_verify(full_powers=full_powers, by=organiser)

    def sign() -> bool:
        candidates = (
            SigningEntry.objects.exclude(status=SigningStatus.SIGNED)
            .exclude(pk__in=tried_entries)
            .order_by("position", "pk")
            .values_list("pk", flat=True)[:20]
        )
        for pk in candidates:
            tried_entries.add(pk)
            entry = SigningEntry.objects.select_related("signatory").get(pk=pk)
            try:
                if not entry.is_confirmed:
                    _full_powers_verified(entry)
                    entry = entry_confirm(entry=entry, by=organiser)
                before = SigningEntry.objects.filter(status=SigningStatus.SIGNED).count()
                entry_mark_signed(entry=entry, by=organiser)
            except (ValidationError, PermissionDenied):
                continue
            committed = time.monotonic()
            threading.Thread(target=watch, args=(before + 1, committed), daemon=True).start()
            return True
        return False

    def move() -> bool:
        """A published side event to the next slot of the grid when that slot has room (side events take
        grid slots only, at most SIDE_EVENT_PARALLEL_LIMIT each); else another published session by five
        minutes, back and forth."""
        published = Session.objects.filter(status=SessionStatus.PUBLISHED)
        for session in published.filter(kind__in=SIDE_EVENT_KINDS).order_by("?")[:5]:
            here = (session.starts_at, session.ends_at)
            if here not in slots:
                continue
            starts_at, ends_at = slots[(slots.index(here) + 1) % len(slots)]
            try:
                session_update(session=session, by=organiser, starts_at=starts_at, ends_at=ends_at)
            except (ValidationError, PermissionDenied):
                continue  # the slot is full, or the room is taken then
            return True
        for session in published.exclude(kind__in=SIDE_EVENT_KINDS).order_by("?")[:10]:
            shift = datetime.timedelta(minutes=5 if (session.starts_at.minute // 5) % 2 == 0 else -5)
            try:
                session_update(
                    session=session,
                    by=organiser,
                    starts_at=session.starts_at + shift,
                    ends_at=session.ends_at + shift,
                )
            except (ValidationError, PermissionDenied):
                continue
            return True
        return False

    def approve() -> bool:
        for task in (
            Task.objects.filter(status=TaskStatus.AWAITING_APPROVAL, approver__isnull=False)
            .select_related("approver")
            .order_by("pk")[:10]
        ):
            try:
                task_approve(task=task, by=task.approver, comment="Approved during the benchmark.")
            except (ValidationError, PermissionDenied, TransitionError):
                continue
            return True
        # None waiting: the next one in progress is submitted by its assignee, then approved.
        for task in (
            Task.objects.filter(status=TaskStatus.IN_PROGRESS, approver__isnull=False, assignee__isnull=False)
            .select_related("approver", "assignee")
            .order_by("pk")[:10]
        ):
            try:
                task = task_submit(task=task, by=task.assignee, note="Ready (benchmark).")
                task_approve(task=task, by=task.approver, comment="Approved during the benchmark.")
            except (ValidationError, PermissionDenied, TransitionError):
                continue
            return True
        return False

    print("writes: ready", flush=True)
    while not stop.is_set():
        started = time.monotonic()
        for name, write in (("signatures", sign), ("moves", move), ("approvals", approve)):
            if write():
                counts[name] += 1
            else:
                counts["skipped"] += 1
        stop.wait(max(0.0, args.every - (time.monotonic() - started)))
    connection.close()
    time.sleep(0.2)
    print(
        f"writes: signatures={counts['signatures']} moves={counts['moves']} approvals={counts['approvals']} "
        f"skipped={counts['skipped']} lag_max_s={max(lags, default=0):.2f} "
        f"lag_median_s={statistics.median(lags) if lags else 0:.2f} unseen={unseen[0]}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hanoi_ceremony.settings.production")
    sys.exit(main())
