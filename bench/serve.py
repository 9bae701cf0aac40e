"""The processes a benchmark runs against: the services it needs, the seeded database of one scale, gunicorn
and haproxy started, waited for and stopped (each in its own process group)."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

from bench._common import ROOT, log


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
