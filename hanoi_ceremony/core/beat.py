"""A beat scheduler that records its own heartbeat, so /healthz can tell "beat is down" from "worker is down"."""

import time

from celery.beat import PersistentScheduler

HEARTBEAT_EVERY_SECONDS = 10


class HeartbeatScheduler(PersistentScheduler):
    _last_beat = 0.0

    def tick(self, *args, **kwargs):
        interval = super().tick(*args, **kwargs)
        now = time.monotonic()
        if now - self._last_beat >= HEARTBEAT_EVERY_SECONDS:
            self._last_beat = now
            try:
                import django

                django.setup()
                from django.db import close_old_connections

                from .services import heartbeat_record

                close_old_connections()
                heartbeat_record(name="beat")
            except Exception:  # a database hiccup must never stop beat from scheduling
                import logging

                logging.getLogger(__name__).exception("beat heartbeat could not be recorded")
        return min(interval, HEARTBEAT_EVERY_SECONDS)
