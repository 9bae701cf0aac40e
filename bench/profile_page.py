#!/usr/bin/env python
"""Time one page in-process against a seeded benchmark database (after `make bench` or bench/run.py).

    .venv/bin/python bench/profile_page.py /subcommittees/steering/ steering [--db hanoi_ceremony_bench] [--profile]

Prints the status, the mean milliseconds of 20 warm requests, the SQL queries of one warm request and the
page size. `--profile` adds the top of a cProfile listing. Compare with `/livez` timed the same way.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("user", nargs="?", default="")
    parser.add_argument("--db", default="hanoi_ceremony_bench")
    parser.add_argument("--redis-db", type=int, default=12)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="hanoi_ceremony.settings.production",
        SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789",
        ALLOWED_HOSTS="127.0.0.1,testserver",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{args.db}",
        CACHE_URL=f"redis://127.0.0.1:6379/{args.redis_db}",
        DB_CONN_MAX_AGE="600",
        LOG_LEVEL="WARNING",
        VAR_DIR=str(ROOT / "var" / f"bench-{args.db}"),
    )
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.measure import session_cookie

    headers = {"HTTP_COOKIE": session_cookie(args.user)} if args.user else {}
    client = Client(HTTP_HOST="127.0.0.1", **headers)
    client.get(args.path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(args.path)
    started = time.perf_counter()
    for _ in range(20):
        client.get(args.path)
    mean_ms = (time.perf_counter() - started) / 20 * 1000
    print(
        f"{args.path} as {args.user or 'anonymous'}: status={response.status_code} ms={mean_ms:.1f} "
        f"queries={len(ctx.captured_queries)} bytes={len(response.content)}"
    )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(10):
            client.get(args.path)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(
            int(os.environ.get("TOP", "40"))
        )


if __name__ == "__main__":
    main()
