"""The PostgreSQL backend's health check (hanoi_ceremony/core/postgresql): no round trip while a persistent
connection is well, and a connection the server has closed is found and replaced before a request uses it."""

import time

import pytest
from django.db import connections

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _pid(wrapper) -> int:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _terminate(pid: int) -> None:
    """End the backend `pid` from another connection and wait until its client can tell."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            for _ in range(200):
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
                if cursor.fetchone()[0] == 0:
                    break
                time.sleep(0.01)
    finally:
        other.close()
    time.sleep(0.05)  # the FATAL message and the close reach the client's socket


@pytest.fixture
def wrapper():
    """A persistent connection of its own (the test's default connection stays as the fixtures set it)."""
    made = connections.create_connection("default")
    made.settings_dict["CONN_MAX_AGE"] = None
    made.settings_dict["CONN_HEALTH_CHECKS"] = True
    made.ensure_connection()
    yield made
    made.close()


def test_backend_is_the_products():
    assert type(connections["default"]).__module__ == "hanoi_ceremony.core.postgresql.base"


def test_an_idle_connection_is_usable_without_asking_the_server(wrapper, monkeypatch):
    from django.db.backends.postgresql import base

    def no_round_trip(self):
        raise AssertionError("SELECT 1 was sent to a connection that is well")

    monkeypatch.setattr(base.DatabaseWrapper, "is_usable", no_round_trip)
    assert wrapper.is_usable() is True


def test_a_connection_the_server_ended_is_not_usable(wrapper):
    _terminate(_pid(wrapper))

    assert wrapper.is_usable() is False


def test_the_next_request_reconnects_after_the_server_ended_the_connection(wrapper):
    """As a request does: the health check runs before its first query, so the query gets a new
    connection instead of an OperationalError (a 500)."""
    first = _pid(wrapper)
    _terminate(first)

    wrapper.close_if_unusable_or_obsolete()  # what request_started does for every connection
    second = _pid(wrapper)

    assert second != first


def test_a_connection_inside_a_transaction_is_checked_by_the_server(wrapper, monkeypatch):
    """Not idle (a transaction open): the socket says nothing reliable, so Django's own check runs."""
    from django.db.backends.postgresql import base

    asked = []
    monkeypatch.setattr(base.DatabaseWrapper, "is_usable", lambda self: asked.append(1) or True)
    wrapper.connection.execute("BEGIN")
    try:
        assert wrapper.is_usable() is True
    finally:
        wrapper.connection.execute("ROLLBACK")
    assert asked == [1]


def test_a_closed_connection_is_not_usable(wrapper):
    wrapper.connection.close()

    assert wrapper.is_usable() is False


def test_a_well_connection_is_kept_across_requests(wrapper):
    """The health check of the next request keeps a persistent connection that is well (same backend)."""
    first = _pid(wrapper)

    wrapper.close_if_unusable_or_obsolete()
    wrapper.close_if_health_check_failed()

    assert _pid(wrapper) == first
