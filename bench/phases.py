"""The phases of one scale's run: the seed line, the pages, the pages under writes, the cold pages and the
exports; each prints its `bench:` and `bench-check:` lines."""

import os
import signal
import statistics
import subprocess
import sys
import time

from bench._common import (
    COLD,
    EXPORT_FIRST_BYTE_S,
    EXPORTS,
    ICS_COLD_FACTOR,
    ROOT,
    UNDER_WRITES,
    UNDER_WRITES_PUBLIC_RATIO,
    XLSX_PEAK_MB,
    out,
)
from bench.measure import _client, check_line, interleaved, page_line, page_problems
from bench.serve import stop


def seed_line(scale: int, env: dict) -> str:
    from agenda.models import Session
    from delegations.models import Delegation, Member
    from hanoi_ceremony.reminders.models import Reminder
    from subcommittees.models import Task

    return (
        f"bench: seed scale={scale} seconds={env.get('BENCH_SEED_SECONDS', 'reused')} "
        f"delegations={Delegation.objects.count()} members={Member.objects.count()} "
        f"tasks={Task.objects.count()} sessions={Session.objects.count()} reminders={Reminder.objects.count()}"
    )


def phase_pages(args, scale: int, targets, cookies, queries, *, port: int, via: str = "") -> None:
    for target in targets:
        r = interleaved(args, port, target.path, cookies[target.name], target=target)
        out(page_line(target.name, scale, r, queries[target.name], via))
        kind = (
            f"{target.method} device API"
            if target.method != "GET"
            else ("public" if target.public else f"signed-in as {target.user}")
        )
        label = f"{target.name} scale={scale}" + (f" via={via}" if via else "")
        out(check_line(label, kind, page_problems(target, r, queries[target.name])))


def phase_under_writes(args, scale: int, targets, cookies, env, port: int) -> None:
    chosen = [t for t in targets if t.name in UNDER_WRITES]
    if not chosen:
        return
    writer = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "bench" / "writes.py"),
            "--every",
            "1",
            "--board",
            f"http://127.0.0.1:{port}/signing/board.json",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    ready = writer.stdout.readline()
    if "ready" not in ready:
        stop(writer)
        out(check_line(f"under-writes scale={scale}", "writer", ["the writer did not start"]))
        return
    try:
        for target in chosen:
            r = interleaved(args, port, target.path, cookies[target.name], target=target)
            out(page_line(f"{target.name}-under-writes", scale, r, None))
            floor = UNDER_WRITES_PUBLIC_RATIO
            kind = "public, under writes" if target.public else f"signed-in as {target.user}, under writes"
            out(
                check_line(
                    f"{target.name}-under-writes scale={scale}",
                    kind,
                    page_problems(target, r, None, public_floor=floor),
                )
            )
    finally:
        os.killpg(writer.pid, signal.SIGTERM)
        summary = writer.stdout.read()
        writer.wait(timeout=30)
    line = next((ln for ln in summary.splitlines() if ln.startswith("writes: ")), "")
    from django.conf import settings

    limit = float(settings.PAGECACHE_VERSION_TTL) + 0.5
    fields = dict(part.split("=", 1) for part in line.removeprefix("writes: ").split() if "=" in part)
    out(f"bench: writes scale={scale} {line.removeprefix('writes: ')} lag_limit_s={limit:.1f}")
    problems = []
    if not fields:
        problems.append("the writer printed no summary")
    else:
        if int(fields.get("signatures", 0)) == 0:
            problems.append("no signature was recorded")
        if int(fields.get("unseen", 0)):
            problems.append(f"{fields['unseen']} signatures never showed on the board")
        if float(fields.get("lag_max_s", 0)) > limit:
            problems.append(f"lag {fields['lag_max_s']} s > {limit:.1f} s")
    out(check_line(f"writes scale={scale}", "changes visible within the version TTL", problems))


def phase_cold(args, scale: int, targets, cookies) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hanoi_ceremony.core.pagecache import forget_local

    chosen = {t.name: t for t in targets if t.name in COLD}
    medians = {}
    for name in COLD:
        target = chosen.get(name)
        if target is None:
            continue
        client = _client(cookies[name])
        client.get(target.path)
        times, queries, size = [], 0, 0
        for _ in range(args.cold_runs):
            forget_local()
            cache.clear()
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(target.path)
                times.append((time.perf_counter() - started) * 1000)
            queries, size = len(ctx.captured_queries), len(response.content)
        medians[name] = statistics.median(times)
        out(
            f"bench: {name}-cold scale={scale} ms_median={medians[name]:.1f} ms_min={min(times):.1f} "
            f"ms_max={max(times):.1f} queries={queries} bytes={size} runs={len(times)}"
        )
    if "programme" in medians and "programme-ics" in medians:
        # The page shows one page of sessions, the feed all of them: compare the cost per session.
        from agenda import selectors
        from agenda.views.public import PROGRAMME_PAGE_ROWS

        events = selectors.programme_count()
        on_page = min(events, PROGRAMME_PAGE_ROWS)
        per_event = medians["programme-ics"] / max(events, 1)
        per_row = medians["programme"] / max(on_page, 1)
        factor = per_event / per_row
        out(
            f"bench: programme-ics-vs-page-cold scale={scale} events={events} page_rows={on_page} "
            f"ms_per_event={per_event:.3f} ms_per_row={per_row:.3f} factor={factor:.2f}"
        )
        problems = (
            [] if factor <= ICS_COLD_FACTOR else [f"{factor:.2f}× the page per session > {ICS_COLD_FACTOR}×"]
        )
        out(check_line(f"programme-ics-cold scale={scale}", f"{factor:.2f}× the page per session", problems))


def phase_exports(args, scale: int, env) -> None:
    for name in EXPORTS:
        for fmt in ("csv", "xlsx"):
            result = subprocess.run(
                [sys.executable, str(ROOT / "bench" / "exports.py"), name, fmt],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
            line = next((ln for ln in result.stdout.splitlines() if ln.startswith("bench: export-")), "")
            if not line:
                out(check_line(f"export-{name}-{fmt} scale={scale}", "export", [result.stderr[-300:]]))
                continue
            out(line.replace(f"bench: export-{name}-{fmt} ", f"bench: export-{name}-{fmt} scale={scale} "))
            fields = dict(part.split("=", 1) for part in line.split()[2:])
            problems = []
            if float(fields["first_byte_s"]) > EXPORT_FIRST_BYTE_S:
                problems.append(f"first byte after {fields['first_byte_s']} s")
            if fmt == "xlsx" and float(fields["peak_mb"]) > XLSX_PEAK_MB:
                problems.append(f"peak {fields['peak_mb']} MB > {XLSX_PEAK_MB:.0f} MB")
            out(check_line(f"export-{name}-{fmt} scale={scale}", f"{fields['rows']} rows", problems))
