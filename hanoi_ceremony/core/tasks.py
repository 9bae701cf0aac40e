from celery import shared_task

from .services import heartbeat_record


@shared_task(name="core.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Beat sends this every few seconds; a worker running it proves the worker is alive."""
    heartbeat_record(name="worker")
