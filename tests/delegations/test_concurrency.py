"""Two organisers acting on one delegation at once: the row lock makes the second wait, then see the
first one's decision and refuse (PostgreSQL: SQLite has no row locks)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, transaction

from delegations import services
from delegations.enums import DelegationStatus
from delegations.models import Delegation
from hanoi_ceremony.audit.models import AuditEntry
from tests.delegations.factories import StateDelegationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_confirm_and_decline_at_once_only_one_wins(organiser, ceremony):
    delegation = StateDelegationFactory(status=DelegationStatus.SUBMITTED)
    locked = threading.Event()
    outcome = {}

    def second_organiser():
        try:
            locked.wait(5)
            services.delegation_decline(
                delegation=delegation, by=organiser, reason="Too late", expected_status="submitted"
            )
            outcome["decline"] = "done"
        except ValidationError as exc:
            outcome["decline"] = exc.code
        finally:
            close_old_connections()
            connection.close()

    worker = threading.Thread(target=second_organiser)
    worker.start()
    with transaction.atomic():
        Delegation.objects.select_for_update().get(pk=delegation.pk)  # the first organiser holds the row...
        locked.set()
        worker.join(0.5)
        assert worker.is_alive()  # ...so the second one waits
        services.delegation_confirm(delegation=delegation, by=organiser)
    worker.join(10)

    delegation.refresh_from_db()
    assert (delegation.status, outcome["decline"]) == (DelegationStatus.CONFIRMED, "stale")
    assert AuditEntry.objects.filter(action__in=["delegation.confirmed", "delegation.declined"]).count() == 1
