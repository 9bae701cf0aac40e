from celery import shared_task
from celery.signals import worker_ready

from .services import heartbeat_record


@shared_task(name="core.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Beat sends this every few seconds; a worker running it proves the worker is alive."""
    heartbeat_record(name="worker")


@worker_ready.connect
def _worker_ready(**kwargs) -> None:
    """A worker that has just connected to the broker counts as seen (the first heartbeat task follows)."""
    heartbeat_record(name="worker")
