import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from hanoi_ceremony.core.models import Heartbeat
from hanoi_ceremony.core.services import heartbeat_record
from hanoi_ceremony.core.tasks import heartbeat

pytestmark = pytest.mark.django_db


def test_healthz_answers_503_when_no_worker_or_beat_was_ever_seen(client):
    response = client.get(reverse("core:healthz"))

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["worker"]["status"] == "never seen"
    assert body["checks"]["beat"]["status"] == "never seen"


def test_healthz_answers_200_when_heartbeats_are_fresh(client):
    heartbeat_record(name="worker")
    heartbeat_record(name="beat")

    response = client.get(reverse("core:healthz"))

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["checks"]["broker"]["status"] == "ok"


def test_healthz_calls_a_stale_worker_unhealthy(client, settings):
    settings.HEALTH_MAX_HEARTBEAT_AGE = 60
    with time_machine.travel(timezone.now() - datetime.timedelta(minutes=5)):
        heartbeat_record(name="worker")
    heartbeat_record(name="beat")

    response = client.get(reverse("core:healthz"))

    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["status"] == "stale"
    assert response.json()["checks"]["beat"]["status"] == "ok"


def test_healthz_reports_an_unreachable_broker(client, settings):
    heartbeat_record(name="worker")
    heartbeat_record(name="beat")
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get(reverse("core:healthz"))

    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["status"] == "error"


def test_heartbeat_task_records_the_worker():
    heartbeat.delay()

    assert Heartbeat.objects.filter(name="worker").exists()


@pytest.mark.django_db(transaction=True)
def test_beat_scheduler_records_its_own_heartbeat(tmp_path):
    from hanoi_ceremony.celery import app
    from hanoi_ceremony.core.beat import HeartbeatScheduler

    scheduler = HeartbeatScheduler(app=app, schedule_filename=str(tmp_path / "beat"), lazy=True)
    scheduler.setup_schedule()
    scheduler._last_beat = 0.0

    scheduler.tick()

    assert Heartbeat.objects.filter(name="beat").exists()


def test_livez_needs_no_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("core:livez"))

    assert response.status_code == 200
    assert response.content == b"ok"
