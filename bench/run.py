#!/usr/bin/env python
"""Throughput benchmarks: gunicorn (2 workers, production settings) on PostgreSQL + Redis with
`seed_demo --scale N`, load from wrk in a second process, and a trivial view (/livez) measured the same way
in the same run as the baseline.

    make bench                         # everything
    make bench BENCH_ARGS="--only home --duration 5"

Prints one line per page:
    bench: <name> rps=<n> p50_ms=<n> p99_ms=<n> queries=<n> baseline_rps=<n> ratio=<rps/baseline_rps>
followed by a check line against the targets (public ≥ 0.5×, signed-in ≥ 0.1× and p99 ≤ 250 ms, ≤ 15 queries).
"""

import argparse
import importlib
import os
import pkgutil
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PUBLIC_RATIO, SIGNED_IN_RATIO, SIGNED_IN_P99_MS, MAX_QUERIES = 0.5, 0.1, 250.0, 15


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def bench_env(args) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="hanoi_ceremony.settings.production",
        SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"{args.pg_url.rstrip('/')}/{args.db}",
        CELERY_BROKER_URL=f"{args.redis_url.rstrip('/')}/{args.redis_db + 1}",
        CACHE_URL=f"{args.redis_url.rstrip('/')}/{args.redis_db}",
        DB_CONN_MAX_AGE="600",
        LOG_LEVEL="WARNING",
        VAR_DIR=str(ROOT / "var" / f"bench-{args.db}"),
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
    if not shutil.which("wrk"):
        if os.geteuid() == 0 and shutil.which("apt-get"):
            log("installing wrk from Debian")
            subprocess.run("apt-get update -qq && apt-get install -y -qq wrk", shell=True, check=True)
        else:
            sys.exit("bench: wrk is needed (apt-get install wrk)")


def prepare_database(args, env) -> None:
    import psycopg
    import redis

    redis.Redis.from_url(env["CACHE_URL"]).flushdb()
    if args.reuse_db:
        log(f"reusing database {args.db}")
        return
    conn = psycopg.connect(f"{args.pg_url.rstrip('/')}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{args.db}"')
    conn.close()
    python = sys.executable
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["seed_demo", "--scale", str(args.scale), "--quiet-logins"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        log("manage.py " + " ".join(command))
        started = time.monotonic()
        subprocess.run(
            [python, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
        log(f"  took {time.monotonic() - started:.1f}s")


def start_gunicorn(args, env) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "hanoi_ceremony.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
            "--access-logfile",
            "-" if args.verbose else "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/livez", timeout=1) as response:
                if response.status == 200:
                    return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    sys.exit("bench: gunicorn did not start")


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


def count_queries(path: str, cookie: str | None, target=None) -> tuple[int, int]:
    """Status and SQL queries of a warm request, measured in-process against the same database."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", **({"HTTP_COOKIE": cookie} if cookie else {}))
    if target is not None and target.method != "GET":
        headers = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in target.headers}

        def send(body):
            return client.generic(target.method, path, body, content_type="application/json", **headers)

        send((target.warm_body or target.body).replace("{n}", "warm"))
        with CaptureQueriesContext(connection) as ctx:
            response = send(target.body.replace("{n}", "count"))
        return response.status_code, len(ctx.captured_queries)
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    return response.status_code, len(ctx.captured_queries)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s)", text)
    return float(match.group(1)) * _UNITS[match.group(2)]


def run_wrk(args, path: str, cookie: str | None, duration: int | None = None, target=None) -> dict:
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
    if target is not None and target.wrk_script:
        command += ["-s", target.wrk_script]
    command.append(f"http://127.0.0.1:{args.port}{path}")
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {"rps": rps, "p50": p50, "p99": p99, "errors": int(non2xx.group(1)) if non2xx else 0}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--duration", type=int, default=8, help="seconds of load per page")
    parser.add_argument(
        "--connections", type=int, default=4, help="two per gunicorn worker: busy, not queued"
    )
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--db", default="hanoi_ceremony_bench")
    parser.add_argument(
        "--pg-url", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379"))
    parser.add_argument(
        "--redis-db",
        type=int,
        default=12,
        help="Redis database for the page cache (the broker uses the next one)",
    )
    parser.add_argument(
        "--reuse-db", action="store_true", help="skip migrate + seed (the database is already seeded)"
    )
    parser.add_argument("--only", default="", help="comma-separated target names")
    parser.add_argument("--skip-reminders", action="store_true")
    parser.add_argument("--skip-badges", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()

    ensure_services(args)
    env = bench_env(args)
    prepare_database(args, env)
    os.environ.update(env)
    import django

    django.setup()

    only = {n.strip() for n in args.only.split(",") if n.strip()} or None
    targets = collect_targets(only)
    proc = start_gunicorn(args, env)
    failures = []
    try:
        run_wrk(args, "/livez", None)  # warm-up
        results = []
        baselines = []
        for target in targets:
            cookie = session_cookie(target.user) if target.user else None
            status, queries = count_queries(target.path, cookie, target)
            if status != 200:
                log(f"{target.name}: {target.path} answered {status} in-process")
            run_wrk(args, target.path, cookie, duration=1, target=target)  # warm caches and connections
            # The machine is noisy: each page is compared with the trivial view measured right before it.
            baseline = run_wrk(args, "/livez", None)["rps"]
            baselines.append(baseline)
            results.append((target, queries, baseline, run_wrk(args, target.path, cookie, target=target)))
        if baselines:
            print(
                f"bench: baseline_livez rps_min={min(baselines):.0f} rps_median={sorted(baselines)[len(baselines) // 2]:.0f} "
                f"rps_max={max(baselines):.0f}"
            )
        for target, queries, baseline, r in results:
            ratio = r["rps"] / baseline
            print(
                f"bench: {target.name} rps={r['rps']:.0f} p50_ms={r['p50']:.1f} p99_ms={r['p99']:.1f} "
                f"queries={queries} baseline_rps={baseline:.0f} ratio={ratio:.2f}"
            )
            problems = []
            if r["errors"]:
                problems.append(f"{r['errors']} non-2xx responses")
            if queries > MAX_QUERIES:
                problems.append(f"queries {queries} > {MAX_QUERIES}")
            if target.min_ratio is not None or target.max_p99_ms is not None:
                if target.min_ratio is not None and ratio < target.min_ratio:
                    problems.append(f"ratio {ratio:.2f} < {target.min_ratio}")
                if target.max_p99_ms is not None and r["p99"] > target.max_p99_ms:
                    problems.append(f"p99 {r['p99']:.0f} ms > {target.max_p99_ms:.0f} ms")
            elif target.public and ratio < PUBLIC_RATIO:
                problems.append(f"ratio {ratio:.2f} < {PUBLIC_RATIO}")
            elif not target.public and ratio < SIGNED_IN_RATIO:
                problems.append(f"ratio {ratio:.2f} < {SIGNED_IN_RATIO}")
            if target.min_ratio is None and not target.public and r["p99"] > SIGNED_IN_P99_MS:
                problems.append(f"p99 {r['p99']:.0f} ms > {SIGNED_IN_P99_MS:.0f} ms")
            kind = (
                "public"
                if target.public and target.method == "GET"
                else (f"signed-in as {target.user}" if target.user else f"{target.method} device API")
            )
            print(
                f"bench-check: {target.name} ({kind}) {'ok' if not problems else 'MISSED: ' + '; '.join(problems)}"
            )
            if problems:
                failures.append(target.name)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)

    badges = ROOT / "bench" / "badges.py"
    if badges.exists() and not args.skip_badges and not only:
        sys.stdout.flush()
        subprocess.run([sys.executable, str(badges)], cwd=ROOT, check=False)
    bilaterals = ROOT / "bench" / "bilaterals.py"
    if bilaterals.exists() and not only:
        sys.stdout.flush()
        subprocess.run([sys.executable, str(bilaterals)], cwd=ROOT, env=env, check=False)
    reminders = ROOT / "bench" / "reminders.py"
    if reminders.exists() and not args.skip_reminders and not only:
        sys.stdout.flush()
        subprocess.run([sys.executable, str(reminders)], cwd=ROOT, check=False)
    if failures:
        print(f"bench: targets missed by {', '.join(failures)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
