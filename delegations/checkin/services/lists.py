"""Check-in lists and gates, set by accreditation officers; each change is a new rules version."""

from django.db import transaction

from hanoi_ceremony.core.transitions import record_change

from ..models import CheckinList, Gate
from ._common import counter_next

# --- lists and gates (accreditation officers) -------------------------------------------------------


def checkin_list_save(*, checkin_list: CheckinList, by) -> CheckinList:
    """Create or change a list; devices pick the change up at their next sync.

    Side effects: a new rules version, an audit entry, the check-in pages' content area."""
    created = checkin_list.pk is None
    checkin_list.categories = sorted({c.strip().upper() for c in checkin_list.categories or () if c.strip()})
    checkin_list.zone = checkin_list.zone.strip().upper()
    with transaction.atomic():
        checkin_list.version = counter_next("rules")
        record_change(
            checkin_list,
            by=by,
            action="checkinlist.created" if created else "checkinlist.updated",
            created=created,
            reconcile=False,
        )
    return checkin_list


def gate_save(*, gate: Gate, lists, by) -> Gate:
    """Create or change a gate and the lists its devices scan for.

    Side effects: a new rules version (devices resync their lists), an audit entry."""
    created = gate.pk is None
    with transaction.atomic():
        counter_next("rules")
        record_change(
            gate,
            by=by,
            action="gate.created" if created else "gate.updated",
            created=created,
            reconcile=False,
        )
        gate.lists.set(lists)
    return gate
