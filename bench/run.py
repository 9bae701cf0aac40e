#!/usr/bin/env python
"""Throughput benchmarks: gunicorn (2 workers, production settings) on PostgreSQL + Redis with
`seed_demo --scale N` for every N of --scales, load from wrk in a second process, and a trivial view
(/livez) measured the same way, interleaved with each page, as the baseline.

    make bench                                    # everything, at --scale 10 and --scale 100
    make bench BENCH_ARGS="--scales 10 --only home --duration 2"

Per scale (each in a child process with its own database `<db>_s<N>`):
    bench: seed scale=<N> seconds=<s> delegations=<n> members=<n> tasks=<n> sessions=<n> reminders=<n>
    bench: <page> scale=<N> rps=<n> p50_ms=<n> p99_ms=<n> queries=<n> baseline_rps=<n>
           ratio=<median> ratio_min=<n> ratio_max=<n> pairs=<n>
    bench: <page>-under-writes scale=<N> ...          (while bench/writes.py signs, moves and approves)
    bench: writes scale=<N> signatures=<n> ... lag_max_s=<s>
    bench: <page>-cold scale=<N> ms_median=<n> ms_max=<n> queries=<n> bytes=<n>
    bench: export-<name>-<fmt> rows=<n> seconds=<s> first_byte_s=<s> peak_mb=<n>
    bench: <page> scale=<N> via=haproxy ...          (two gunicorn instances, 1 worker each, one port)
then once:
    bench: reminders n=<n> seconds=<s> floor_seconds=<s> ratio=<s/floor>
and at the very end one line naming every missed target (or none):
    bench-check: none missed            |   bench-check: MISSED <page> scale=<N> (<why>); ...

Targets: public ≥ 0.5× the trivial view (≥ 0.3× under writes); signed-in ≥ 0.1× with p99 ≤ 250 ms; ≤ 15
queries and the same count at every scale; every change visible within the page cache's version TTL
(+0.5 s for the render and the poll); the .ics feed cold within 1.5× the programme page cold per session; exports'
first byte within 1 s and the XLSX under 200 MB peak; reminders ratio under 10.

Why interleaved: on a shared machine the baseline alone swings by 3× within a run, so each page is measured
in A B A B … pairs right next to the baseline, each pair gives a ratio, and targets are judged on the
median ratio (min–max printed so the noise is visible).
"""

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: `bench.*` from the root

from bench._common import REMINDERS_RATIO, ROOT, log, out  # noqa: E402
from bench.measure import check_line, collect_targets, count_queries, run_wrk, session_cookie  # noqa: E402
from bench.phases import phase_cold, phase_exports, phase_pages, phase_under_writes, seed_line  # noqa: E402
from bench.serve import (  # noqa: E402
    bench_env,
    ensure_services,
    prepare_database,
    start_gunicorn,
    start_haproxy,
    stop,
)

# --- One scale, in its own process -----------------------------------------------------------------


def one_scale(args, scale: int) -> int:
    env = bench_env(args, scale)
    prepare_database(args, env, scale)
    os.environ.update(env)
    import django

    django.setup()
    out(seed_line(scale, env))

    only = {n.strip() for n in args.only.split(",") if n.strip()} or None
    targets = collect_targets(only)
    cookies = {t.name: session_cookie(t.user) if t.user else None for t in targets}
    queries = {}
    for target in targets:
        status, queries[target.name] = count_queries(target.path, cookies[target.name], target)
        if status != 200:
            log(f"{target.name}: {target.path} answered {status} in-process")

    proc = start_gunicorn(env, args.port)
    try:
        run_wrk(args, args.port, "/livez", None, duration=1)  # warm-up
        phase_pages(args, scale, targets, cookies, queries, port=args.port)
        if not args.skip_writes:
            phase_under_writes(args, scale, targets, cookies, env, args.port)
    finally:
        stop(proc)

    if not args.skip_cold:
        phase_cold(args, scale, targets, cookies)
    if not args.skip_exports and not only:
        phase_exports(args, scale, env)
    if not args.skip_balanced and scale in args.balanced_scales:
        # The web tier shares nothing: two instances (one worker each, the same two workers in total)
        # behind one haproxy port must give the same ratios.
        web1 = web2 = haproxy = None
        config = None
        try:
            web1 = start_gunicorn(env, args.port + 1, workers=1)
            web2 = start_gunicorn(env, args.port + 2, workers=1)
            haproxy, config = start_haproxy(args.port, args.port + 1, args.port + 2)
            run_wrk(args, args.port, "/livez", None, duration=1)
            phase_pages(args, scale, targets, cookies, queries, port=args.port, via="haproxy")
        finally:
            for proc in (haproxy, web1, web2):
                stop(proc)
            if config:
                os.unlink(config)
    return 0


# --- The whole run -------------------------------------------------------------------------------
def summarise(lines: list[str]) -> list[str]:
    """Every missed target, including query counts that differ between scales."""
    missed = []
    for line in lines:
        if line.startswith("bench-check: ") and " MISSED: " in line:
            missed.append(line.removeprefix("bench-check: ").replace(" MISSED: ", " — "))
    counts: dict[str, dict[str, str]] = {}
    for line in lines:
        m = re.match(r"bench: (\S+) scale=(\d+) rps=.* queries=(\d+)", line)
        if m:
            counts.setdefault(m.group(1), {})[m.group(2)] = m.group(3)
    for name, by_scale in sorted(counts.items()):
        if len(set(by_scale.values())) > 1:
            shown = ", ".join(
                f"{q} at scale {s}" for s, q in sorted(by_scale.items(), key=lambda i: int(i[0]))
            )
            missed.append(f"{name} (queries differ between scales: {shown})")
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", default="10,100", help="comma-separated seed_demo scales")
    parser.add_argument("--scale", type=int, help=argparse.SUPPRESS)  # one scale (the child process)
    parser.add_argument("--duration", type=int, default=2, help="seconds of load per wrk run")
    parser.add_argument("--pairs", type=int, default=3, help="baseline/page pairs per page (≥ 3)")
    parser.add_argument(
        "--connections", type=int, default=4, help="two per gunicorn worker: busy, not queued"
    )
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--port", type=int, default=8799, help="gunicorn (haproxy: this; instances +1, +2)")
    parser.add_argument("--db", default="hc_bench", help="database name prefix (<db>_s<scale>)")
    parser.add_argument(
        "--pg-url", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379"))
    parser.add_argument(
        "--redis-db",
        type=int,
        default=12,
        help="Redis database for the page cache (the broker uses the next one; flushed)",
    )
    parser.add_argument(
        "--reuse-db", action="store_true", help="skip migrate + seed (the databases are already seeded)"
    )
    parser.add_argument("--only", default="", help="comma-separated target names")
    parser.add_argument("--cold-runs", type=int, default=7)
    parser.add_argument("--skip-reminders", action="store_true")
    parser.add_argument("--reminders-n", type=int, default=100_000)
    parser.add_argument("--skip-writes", action="store_true")
    parser.add_argument("--skip-cold", action="store_true")
    parser.add_argument("--skip-exports", action="store_true")
    parser.add_argument("--skip-balanced", action="store_true")
    parser.add_argument(
        "--balanced-scales", default="", help="scales run behind haproxy too (default: the largest)"
    )
    args = parser.parse_args()
    args.pairs = max(args.pairs, 3)
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    args.balanced_scales = (
        {int(s) for s in args.balanced_scales.split(",") if s.strip()}
        if args.balanced_scales
        else {max(scales)}
    )

    if args.scale is not None:
        return one_scale(args, args.scale)

    ensure_services(args)
    lines: list[str] = []
    child_args = list(sys.argv[1:])
    for scale in scales:
        proc = subprocess.Popen(
            [sys.executable, __file__, *child_args, "--scale", str(scale)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for line in proc.stdout:
            print(line, end="", flush=True)
            lines.append(line.rstrip("\n"))
        if proc.wait():
            lines.append(
                f"bench-check: scale={scale} (run) MISSED: the scale's run failed ({proc.returncode})"
            )
            print(lines[-1], flush=True)

    reminders = ROOT / "bench" / "reminders.py"
    if reminders.exists() and not args.skip_reminders and not args.only:
        result = subprocess.run(
            [sys.executable, str(reminders), "--n", str(args.reminders_n)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={
                **os.environ,
                "BENCH_REMINDERS_DB": f"{args.db}_reminders",
                "BENCH_REMINDERS_BROKER_URL": f"{args.redis_url.rstrip('/')}/{args.redis_db + 1}",
            },
        )
        line = next((ln for ln in result.stdout.splitlines() if ln.startswith("bench: reminders")), "")
        if line:
            print(line, flush=True)
            ratio = float(re.search(r"ratio=([\d.]+)", line).group(1))
            problems = [] if ratio < REMINDERS_RATIO else [f"ratio {ratio:.2f} ≥ {REMINDERS_RATIO:.0f}"]
        else:
            problems = ["no result: " + (result.stderr or result.stdout)[-300:].replace("\n", " ")]
        lines.append(check_line(f"reminders n={args.reminders_n}", "engine against its floor", problems))
        print(lines[-1], flush=True)

    # Benchmarks of their own (badges into A4 sheets, on their own SQLite file; bilateral suggestions, on the
    # largest scale's seeded database): they print their `bench:` lines.
    largest = bench_env(args, max(scales))
    for script in ("badges.py", "bilaterals.py"):
        path = ROOT / "bench" / script
        if path.exists() and not args.only:
            sys.stdout.flush()
            subprocess.run([sys.executable, str(path)], cwd=ROOT, env=largest, check=False)

    missed = summarise(lines)
    print("bench-check: " + ("none missed" if not missed else "MISSED " + "; ".join(missed)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
