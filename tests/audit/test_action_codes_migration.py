"""audit/0002 renames older entries' codes and moves non-state values out of from/to into data."""

import importlib

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from hanoi_ceremony.audit.models import AuditEntry

migration = importlib.import_module("hanoi_ceremony.audit.migrations.0002_shape_action_codes")


def _entry(action, from_state="", to_state="", data=None):
    return AuditEntry.objects.create(
        action=action,
        target_type=ContentType.objects.first(),
        target_id="1",
        target_repr="x",
        from_state=from_state,
        to_state=to_state,
        data=data or {},
    )


@pytest.mark.django_db
def test_old_codes_are_renamed_and_non_states_move_into_data():
    moved = _entry("signing.entry_moved", "3", "1")
    designated = _entry("delegation.signatory_designated", "", "awaited", {"member": "A. Tran"})
    progress = _entry("subcommittees.task_progress", data={"from": 10, "to": 40})
    approved = _entry("subcommittees.task_approve", "awaiting_approval", "done")

    migration.forwards(apps, None)

    for e in (moved, designated, progress, approved):
        e.refresh_from_db()
    assert (moved.action, moved.from_state, moved.to_state, moved.data) == (
        "signing_entry.moved",
        "",
        "",
        {"from_position": 3, "position": 1},
    )
    assert (designated.to_state, designated.data["full_powers"]) == ("", "awaited")
    assert (progress.action, progress.data) == ("task.progress_set", {"from_percent": 10, "to_percent": 40})
    assert (approved.action, approved.from_state, approved.to_state) == (
        "task.approved",
        "awaiting_approval",
        "done",
    )
