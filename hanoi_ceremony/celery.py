"""The Celery application.

Configuration comes from Django settings (``CELERY_*``). JSON only, late acknowledgement with a prefetch of
one, time limits on every task; tasks are named explicitly where they are defined.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hanoi_ceremony.settings")

app = Celery("hanoi_ceremony")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _make_broker_folders(sender, **kwargs) -> None:
    """kombu's filesystem transport (the embedded default broker) needs its folders to exist."""
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder"):
        if options.get(key):
            os.makedirs(options[key], exist_ok=True)
