"""Test settings: whatever DATABASE_URL / CELERY_BROKER_URL say (SQLite and in-memory by default)."""

import os

# pytest-xdist workers (gw0, gw1, ...) each get their own Redis database for the broker, so a test that
# drives a real Celery worker or flushes the queue never sees another worker's tasks. (The test databases
# are suffixed per worker by pytest-django.) Rewritten before base settings read the variable; subprocesses
# the tests start (live workers) inherit it.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def _worker_broker(url: str, n: int) -> str:
    """redis://host:6379/14 for worker n: database 14 + n (mod 16)."""
    base, _sep, db = url.rstrip("/").rpartition("/")
    if db.isdigit():
        return f"{base}/{(int(db) + n) % 16}"
    return f"{url.rstrip('/')}/{n}"


if _XDIST_WORKER.startswith("gw") and os.environ.get("CELERY_BROKER_URL", "").startswith("redis://"):
    os.environ["CELERY_BROKER_URL"] = _worker_broker(
        os.environ["CELERY_BROKER_URL"], int(_XDIST_WORKER[2:] or 0)
    )

from .base import *  # noqa: E402, F403
from .base import BASE_DIR, VAR_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "test-media"  # each test gets its own tmp_path (tests/conftest.py)
if not os.environ.get("CELERY_BROKER_URL"):
    CELERY_BROKER_URL = "memory://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
DEBUG = False
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "templates"]  # noqa: F405
# Tests see every bump at once (production memoises the version for up to a second per process).
PAGECACHE_VERSION_TTL = 0
