"""Checks behind /healthz: database, broker, and the age of the worker's and beat's heartbeats."""

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import Heartbeat


@dataclass
class Check:
    ok: bool
    detail: dict


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return Check(True, {"status": "ok", "vendor": connection.vendor})
    except Exception as exc:  # noqa: BLE001  the point is to report any failure, not to raise
        return Check(False, {"status": "error", "error": type(exc).__name__})


def check_broker() -> Check:
    from hanoi_ceremony.celery import app

    transport = settings.CELERY_BROKER_URL.split(":", 1)[0]
    try:
        with app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return Check(True, {"status": "ok", "transport": transport})
    except Exception as exc:  # noqa: BLE001  the point is to report any failure, not to raise
        return Check(False, {"status": "error", "transport": transport, "error": type(exc).__name__})


def check_heartbeats() -> dict[str, Check]:
    max_age = settings.HEALTH_MAX_HEARTBEAT_AGE
    now = timezone.now()
    seen = dict(Heartbeat.objects.values_list("name", "seen_at"))
    result = {}
    for name in ("worker", "beat"):
        at = seen.get(name)
        if at is None:
            result[name] = Check(False, {"status": "never seen", "max_age_seconds": max_age})
            continue
        age = round((now - at).total_seconds(), 1)
        ok = age <= max_age
        result[name] = Check(
            ok,
            {
                "status": "ok" if ok else "stale",
                "last_seen": at.isoformat(),
                "age_seconds": age,
                "max_age_seconds": max_age,
            },
        )
    return result


def health_report() -> tuple[bool, dict]:
    database = check_database()
    checks = {"database": database, "broker": check_broker()}
    if database.ok:
        checks.update(check_heartbeats())
    else:
        checks.update(
            {n: Check(False, {"status": "unknown: database unavailable"}) for n in ("worker", "beat")}
        )
    healthy = all(c.ok for c in checks.values())
    return healthy, {
        "status": "ok" if healthy else "unhealthy",
        "checks": {k: v.detail for k, v in checks.items()},
    }
