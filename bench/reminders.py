"""Reminder engine throughput: 10,000 due in-app reminders through a real worker on Redis + PostgreSQL.

    python bench/reminders.py [--n 10000]

Creates its own database (BENCH_REMINDERS_DB, default hc_bench_reminders) on the PostgreSQL server of
BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432), uses the Redis database of
BENCH_REMINDERS_BROKER_URL (default redis://127.0.0.1:6379/13; flushed), starts and stops its own prefork
worker (concurrency 2) and drops the database at the end. The floor is bulk-inserting the same number of
Notification rows in one transaction, measured in the same run. Prints exactly one line:

    bench: reminders n=<n> seconds=<s> floor_seconds=<s> ratio=<s/floor>
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _admin_connection(server_url: str):
    import psycopg

    parts = urlsplit(server_url)
    conn = psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
    )
    conn.autocommit = True
    return conn


def _recreate_database(server_url: str, name: str, *, drop_only: bool = False) -> None:
    conn = _admin_connection(server_url)
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    args = parser.parse_args()
    n = args.n

    server = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    db_name = os.environ.get("BENCH_REMINDERS_DB", "hc_bench_reminders")
    broker = os.environ.get("BENCH_REMINDERS_BROKER_URL", "redis://127.0.0.1:6379/13")
    database_url = f"{server}/{db_name}"

    _recreate_database(server, db_name)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "hanoi_ceremony.settings",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django
    import redis

    django.setup()
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from hanoi_ceremony.accounts.models import User
    from hanoi_ceremony.accounts.roles import GROUP_ROLES, Role
    from hanoi_ceremony.core.models import Ceremony, Heartbeat
    from hanoi_ceremony.notifications.models import Notification
    from hanoi_ceremony.reminders.enums import ReminderState
    from hanoi_ceremony.reminders.models import Reminder, ReminderRule
    from hanoi_ceremony.reminders.services import reminders_dispatch, reminders_reconcile
    from tests.reminders.live import LiveWorker, wait_until

    worker = None
    try:
        redis.Redis.from_url(broker).flushdb()
        call_command("migrate", verbosity=0)

        # n organisers, one in-app rule 40 minutes before a deadline 30 minutes away: n rows due now.
        group, _ = Group.objects.get_or_create(name=GROUP_ROLES[Role.ORGANISER])
        users = User.objects.bulk_create(
            [User(username=f"bench{i}", email=f"bench{i}@example.org", password="!") for i in range(n)],
            batch_size=2000,
        )
        group.user_set.add(*users)
        ReminderRule.objects.update(active=False)
        ReminderRule.objects.create(
            source_key="core.registration_deadline",
            name="bench",
            offsets_minutes=[40],
            in_app=True,
            email=False,
        )
        ceremony = Ceremony.objects.create(
            name="Bench",
            short_name="Bench",
            venue="Bench hall",
            city="Hà Nội",
            host_country_code="VNM",
            first_day=datetime.date(2025, 10, 25),
            last_day=datetime.date(2025, 10, 26),
            open_for_signature_until=datetime.date(2026, 12, 31),
            registration_deadline=timezone.now() + datetime.timedelta(minutes=30),
        )
        with transaction.atomic():
            reminders_reconcile(target=ceremony)
        assert Reminder.objects.filter(state=ReminderState.PENDING).count() == n

        # The floor: the same number of notification rows, bulk-inserted in one transaction.
        rows = [
            Notification(
                recipient_id=u.pk, kind="reminder:bench", subject="Reminder: bench", body="x" * 200, url="/"
            )
            for u in users
        ]
        started = time.perf_counter()
        with transaction.atomic():
            Notification.objects.bulk_create(rows, batch_size=2000)
        floor = time.perf_counter() - started
        Notification.objects.all().delete()
        connection.close()

        worker = LiveWorker(
            database_url=database_url,
            broker_url=broker,
            log_path=Path(os.environ.get("VAR_DIR", ROOT / "var")) / "bench-reminders-worker.log",
            extra_env={"DEBUG": "0"},
        )
        worker.log_path.parent.mkdir(parents=True, exist_ok=True)
        worker.start()
        from hanoi_ceremony.core.tasks import heartbeat

        heartbeat.delay()
        if not wait_until(lambda: Heartbeat.objects.filter(name="worker").exists(), timeout=60, interval=0.1):
            print("bench: reminders worker did not start:\n" + worker.log(), file=sys.stderr)
            return 1

        started = time.perf_counter()
        # One dispatcher run claims at most REMINDERS_DISPATCH_MAX rows (20,000); beat would run it again a
        # minute later. The engine's throughput is what is measured, so the next run follows at once until
        # every due row is claimed (as several dispatchers, or a shorter beat interval, would do).
        while reminders_dispatch().claimed:
            pass
        done = wait_until(
            lambda: Reminder.objects.filter(state=ReminderState.SENT).count() == n,
            timeout=1200,
            # Counting 100,000 rows fifty times a second would load the database being measured.
            interval=0.02 if n <= 10_000 else 0.2,
        )
        seconds = time.perf_counter() - started
        if not done or Notification.objects.count() != n:
            print("bench: reminders did not all arrive exactly once:\n" + worker.log(), file=sys.stderr)
            return 1
        print(
            f"bench: reminders n={n} seconds={seconds:.3f} floor_seconds={floor:.3f} ratio={seconds / floor:.2f}"
        )
        return 0
    finally:
        if worker is not None:
            worker.stop()
        connection.close()
        redis.Redis.from_url(broker).flushdb()
        _recreate_database(server, db_name, drop_only=True)


if __name__ == "__main__":
    sys.exit(main())
