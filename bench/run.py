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
import importlib
import os
import pkgutil
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PUBLIC_RATIO, SIGNED_IN_RATIO, SIGNED_IN_P99_MS, MAX_QUERIES = 0.5, 0.1, 250.0, 15
UNDER_WRITES_PUBLIC_RATIO = 0.3
ICS_COLD_FACTOR = 1.5  # the feed cold may take at most this many times the programme page cold
EXPORT_FIRST_BYTE_S, XLSX_PEAK_MB = 1.0, 200.0
REMINDERS_RATIO = 10.0
UNDER_WRITES = ("signing-board", "signing-board-json", "programme", "subcommittees-steering-dashboard")
COLD = ("programme", "programme-ics", "signing-board", "delegations-list")
EXPORTS = ("members", "tasks", "reminders")


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def out(line: str) -> None:
    print(line, flush=True)


def db_name(args, scale: int) -> str:
    return f"{args.db}_s{scale}"


def bench_env(args, scale: int) -> dict:
    env = dict(os.environ)
    name = db_name(args, scale)
    env.update(
        DJANGO_SETTINGS_MODULE="hanoi_ceremony.settings.production",
        SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"{args.pg_url.rstrip('/')}/{name}",
        CELERY_BROKER_URL=f"{args.redis_url.rstrip('/')}/{args.redis_db + 1}",
        CACHE_URL=f"{args.redis_url.rstrip('/')}/{args.redis_db}",
        DB_CONN_MAX_AGE="600",
        LOG_LEVEL="WARNING",
        VAR_DIR=str(ROOT / "var" / f"bench-{name}"),
    )
    return env


def ensure_services(args) -> None:
    import psycopg
    import redis

    try:
        psycopg.connect(f"{args.pg_url.rstrip('/')}/postgres").close()
    except Exception as exc:
        sys.exit(f"bench: PostgreSQL is needed at {args.pg_url} ({exc})")
    try:
        redis.Redis.from_url(args.redis_url).ping()
    except Exception as exc:
        sys.exit(f"bench: Redis is needed at {args.redis_url} ({exc})")
    needed = ["wrk"] + ([] if args.skip_balanced else ["haproxy"])
    missing = [tool for tool in needed if not shutil.which(tool)]
    if missing:
        if os.geteuid() == 0 and shutil.which("apt-get"):
            log(f"installing {' '.join(missing)} from Debian")
            subprocess.run(
                f"apt-get update -qq && apt-get install -y -qq {' '.join(missing)}", shell=True, check=True
            )
        else:
            sys.exit(f"bench: {' '.join(missing)} needed (apt-get install {' '.join(missing)})")


def prepare_database(args, env, scale: int) -> None:
    import psycopg
    import redis

    redis.Redis.from_url(env["CACHE_URL"]).flushdb()
    name = db_name(args, scale)
    if args.reuse_db:
        log(f"reusing database {name}")
        return
    conn = psycopg.connect(f"{args.pg_url.rstrip('/')}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    python = sys.executable
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["seed_demo", "--scale", str(scale), "--quiet-logins"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        log("manage.py " + " ".join(command))
        started = time.monotonic()
        subprocess.run(
            [python, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
        took = time.monotonic() - started
        log(f"  took {took:.1f}s")
        if command[0] == "seed_demo":
            env["BENCH_SEED_SECONDS"] = f"{took:.1f}"


def start_gunicorn(env, port: int, workers: int = 2) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "hanoi_ceremony.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    wait_for(port, proc)
    return proc


def wait_for(port: int, proc: subprocess.Popen) -> None:
    for _ in range(240):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/livez", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    stop(proc)
    sys.exit(f"bench: nothing answered on port {port}")


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


HAPROXY_CONFIG = """global
    maxconn 256
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    option http-keep-alive
frontend bench
    bind 127.0.0.1:{port}
    default_backend web
backend web
    balance roundrobin
    server web1 127.0.0.1:{port1} check inter 2s
    server web2 127.0.0.1:{port2} check inter 2s
"""


def start_haproxy(port: int, port1: int, port2: int) -> tuple[subprocess.Popen, str]:
    """haproxy in the foreground on 127.0.0.1:<port>, round-robin over the two gunicorn instances."""
    handle, path = tempfile.mkstemp(prefix="bench-haproxy-", suffix=".cfg")
    with os.fdopen(handle, "w") as f:
        f.write(HAPROXY_CONFIG.format(port=port, port1=port1, port2=port2))
    proc = subprocess.Popen(["haproxy", "-db", "-f", path], start_new_session=True, stderr=subprocess.DEVNULL)
    wait_for(port, proc)
    return proc, path


def collect_targets(only: set[str] | None):
    import bench.targets as package
    from bench.harness import Target

    targets: list[Target] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"bench.targets.{info.name}")
        targets.extend(module.targets())
    if only:
        targets = [t for t in targets if t.name in only]
    return targets


def session_cookie(username: str) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def _client(cookie: str | None):
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1", **({"HTTP_COOKIE": cookie} if cookie else {}))


def count_queries(path: str, cookie: str | None) -> tuple[int, int]:
    """Status and SQL queries of a warm request, measured in-process against the same database.

    The content-area versions are re-read once a second per process, not per request: with the version
    memo fresh for the measurement, the count is the same whatever the machine's speed (on a loaded machine
    the warm-up alone could outlast the one-second memo and add a version read at random)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    client = _client(cookie)
    with override_settings(PAGECACHE_VERSION_TTL=3600):
        client.get(path)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
    return response.status_code, len(ctx.captured_queries)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s)", text)
    return float(match.group(1)) * _UNITS[match.group(2)]


def run_wrk(args, port: int, path: str, cookie: str | None, duration: int | None = None) -> dict:
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{duration or args.duration}s",
        "--latency",
        "-H",
        "Host: 127.0.0.1",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    text = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", text).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", text).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors = re.search(r"Socket errors:.*?timeout (\d+)", text)
    return {
        "rps": rps,
        "p50": p50,
        "p99": p99,
        "errors": int(non2xx.group(1)) if non2xx else 0,
        "timeouts": int(errors.group(1)) if errors else 0,
    }


def interleaved(args, port: int, path: str, cookie: str | None) -> dict:
    """A B A B …: the baseline and the page alternate; one ratio per pair; the median decides."""
    run_wrk(args, port, path, cookie, duration=1)  # warm caches and connections
    pairs = []
    for _ in range(args.pairs):
        for _attempt in range(3):  # a stalled machine can give a second without one answer: measure again
            base = run_wrk(args, port, "/livez", None)
            if base["rps"] > 0:
                break
        page = run_wrk(args, port, path, cookie)
        pairs.append((base, page))
    pairs = [(b, p) for b, p in pairs if b["rps"] > 0] or [
        ({**pairs[0][0], "rps": float("nan")}, pairs[0][1])
    ]
    ratios = [page["rps"] / base["rps"] for base, page in pairs]
    return {
        "rps": statistics.median(p["rps"] for _b, p in pairs),
        "p50": statistics.median(p["p50"] for _b, p in pairs),
        "p99": statistics.median(p["p99"] for _b, p in pairs),
        "baseline": statistics.median(b["rps"] for b, _p in pairs),
        "ratio": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
        "errors": sum(p["errors"] for _b, p in pairs),
        "pairs": len(pairs),
    }


def page_line(name: str, scale: int, r: dict, queries: int | None, via: str = "") -> str:
    q = f" queries={queries}" if queries is not None else ""
    v = f" via={via}" if via else ""
    return (
        f"bench: {name} scale={scale}{v} rps={r['rps']:.0f} p50_ms={r['p50']:.1f} p99_ms={r['p99']:.1f}{q} "
        f"baseline_rps={r['baseline']:.0f} ratio={r['ratio']:.2f} ratio_min={r['ratio_min']:.2f} "
        f"ratio_max={r['ratio_max']:.2f} pairs={r['pairs']}"
    )


def check_line(label: str, kind: str, problems: list[str]) -> str:
    return f"bench-check: {label} ({kind}) {'ok' if not problems else 'MISSED: ' + '; '.join(problems)}"


def page_problems(target, r: dict, queries: int | None, *, public_floor: float = PUBLIC_RATIO) -> list[str]:
    problems = []
    if r["baseline"] != r["baseline"]:  # NaN: the trivial view never answered
        problems.append("no baseline could be measured")
    if r["errors"]:
        problems.append(f"{r['errors']} non-2xx responses")
    if queries is not None and queries > MAX_QUERIES:
        problems.append(f"queries {queries} > {MAX_QUERIES}")
    if target.public and r["ratio"] < public_floor:
        problems.append(f"median ratio {r['ratio']:.2f} < {public_floor}")
    if not target.public and r["ratio"] < SIGNED_IN_RATIO:
        problems.append(f"median ratio {r['ratio']:.2f} < {SIGNED_IN_RATIO}")
    if not target.public and r["p99"] > SIGNED_IN_P99_MS:
        problems.append(f"p99 {r['p99']:.0f} ms > {SIGNED_IN_P99_MS:.0f} ms")
    return problems


# --- One scale, in its own process -----------------------------------------------------------------
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
        r = interleaved(args, port, target.path, cookies[target.name])
        out(page_line(target.name, scale, r, queries[target.name], via))
        kind = "public" if target.public else f"signed-in as {target.user}"
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
            r = interleaved(args, port, target.path, cookies[target.name])
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
        status, queries[target.name] = count_queries(target.path, cookies[target.name])
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

    # Benchmarks of their own (badges into A4 sheets, bilateral suggestions): they print their `bench:` lines.
    for script in ("badges.py", "bilaterals.py"):
        path = ROOT / "bench" / script
        if path.exists() and not args.only:
            sys.stdout.flush()
            subprocess.run([sys.executable, str(path)], cwd=ROOT, check=False)

    missed = summarise(lines)
    print("bench-check: " + ("none missed" if not missed else "MISSED " + "; ".join(missed)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
