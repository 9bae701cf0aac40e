"""Project-wide test fixtures and the rule that service tests never skip in CI.

Markers: `postgres` (needs PostgreSQL), `redis` (needs a Redis broker), `browser` (needs Chromium).
Without the service they skip with the reason; with REQUIRE_SERVICES=1 (CI) they fail instead.
"""

import os
import shutil

import pytest
from django.conf import settings

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _postgres_missing() -> str | None:
    from django.db import connections

    if connections["default"].vendor != "postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://…"
    return None


def _redis_missing() -> str | None:
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis://"):
        return "needs Redis: set CELERY_BROKER_URL=redis://…"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as exc:
        return f"needs Redis at {url}: {exc}"
    return None


def _browser_missing() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        return f"needs Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "needs the playwright package (make test installs it)"
    return None


_CHECKS = {"postgres": _postgres_missing, "redis": _redis_missing, "browser": _browser_missing}


def pytest_runtest_setup(item):
    for marker, check in _CHECKS.items():
        if item.get_closest_marker(marker) is None:
            continue
        reason = check()
        if reason is None:
            continue
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but this test {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(scope="session", autouse=True)
def _no_stray_sessions_at_teardown(django_db_setup, django_db_blocker):
    """PostgreSQL refuses to drop the test database while anything is still connected to it. A live Celery
    worker a test killed with -9 can leave a pool child that holds a connection for a moment; end such
    sessions before pytest-django drops the database, so the run ends with its tests' verdict, not an
    ObjectInUse error at teardown."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [connection.settings_dict["NAME"]],
        )


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in the default language: a request may have activated another one in this thread,
    and model texts (django-modeltranslation) read in the active language."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    from hanoi_ceremony.core.pagecache import forget_local

    cache.clear()
    forget_local()
    yield
    cache.clear()
    forget_local()


@pytest.fixture
def ceremony(db):
    from tests.factories import CeremonyFactory

    return CeremonyFactory()


@pytest.fixture
def make_user(db):
    from tests.factories import UserFactory

    def make(*roles, **kwargs):
        from django.contrib.auth.models import Group

        from hanoi_ceremony.accounts.roles import GROUP_ROLES

        user = UserFactory(**kwargs)
        for role in roles:
            group, _ = Group.objects.get_or_create(name=GROUP_ROLES[role])
            user.groups.add(group)
        return user

    return make


@pytest.fixture
def organiser(make_user):
    from hanoi_ceremony.accounts.roles import Role

    return make_user(Role.ORGANISER, username="org", is_staff=True)


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


# The files that take longest (seeding the whole demo, crawling every page in three languages, browser
# journeys, real Celery workers) run first: `make test` shares files between two xdist workers, and a long
# file left for the end keeps one worker busy while the other has nothing left to do.
SLOW_FIRST = (
    "tests/core/test_pages_in_languages.py",
    "tests/e2e/test_accessibility_and_layout.py",
    "tests/reminders/test_worker.py",
    "tests/core/test_link_crawl.py",
    "tests/core/test_demo_clock.py",
    "tests/agenda/test_demo.py",
    "tests/subcommittees/test_demo.py",
    "tests/delegations/test_demo_and_report.py",
    "tests/agenda/signing/test_demo.py",
    "tests/reminders/test_demo.py",
    "tests/checkin/test_concurrency_postgres.py",
    "tests/e2e/",
)


def pytest_collection_modifyitems(config, items):
    def rank(item) -> int:
        path = str(item.path.relative_to(config.rootpath)).replace(os.sep, "/")
        return next((i for i, prefix in enumerate(SLOW_FIRST) if path.startswith(prefix)), len(SLOW_FIRST))

    items.sort(key=rank)  # stable: the order inside each file, and of the other files, stays as collected
