"""Foundation behaviour against the real servers (CI runs these; they never skip there)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from hanoi_ceremony.core.models import ContentVersion, Heartbeat
from hanoi_ceremony.core.pagecache import bump, current_version

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.postgres
def test_concurrent_bumps_never_lose_a_version(transactional_db):
    import threading

    from django.db import connections

    bump("programme")
    errors = []

    def worker():
        try:
            for _ in range(10):
                bump("programme")
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert current_version("programme") == 41
    assert ContentVersion.objects.count() == 1


def worker_env() -> dict:
    """Environment for a Celery subprocess that shares this test run's database and broker."""
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="hanoi_ceremony.settings",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        PYTHONPATH=str(ROOT),
    )
    return env


@pytest.mark.postgres
@pytest.mark.redis
def test_a_real_worker_runs_the_heartbeat_through_redis(transactional_db):
    from hanoi_ceremony.celery import app

    app.conf.task_always_eager = False  # this test talks to a real broker and worker
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "hanoi_ceremony",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=worker_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        with app.connection_for_write() as conn:
            app.send_task("core.heartbeat", connection=conn)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not Heartbeat.objects.filter(name="worker").exists():
            time.sleep(0.5)
        assert Heartbeat.objects.filter(name="worker").exists(), (
            proc.stdout.read1().decode() if proc.stdout else ""
        )
    finally:
        app.conf.task_always_eager = True
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
