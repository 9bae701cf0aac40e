"""Subcommittees as reminder sources: milestones and task due dates follow the services' changes."""

import datetime

import time_machine
from django.core import mail

from hanoi_ceremony.reminders.enums import Channel, ReminderState
from hanoi_ceremony.reminders.models import Reminder
from hanoi_ceremony.reminders.services import reminders_dispatch, rules_ensure_defaults
from subcommittees import services
from subcommittees.enums import MilestoneKind

from .factories import TaskFactory, hanoi


def _rows(key, **filters):
    return Reminder.objects.filter(rule__source_key=key, **filters)


def test_milestone_create_schedules_owner_leads_and_steering(lead, steering, secretariat):
    rules_ensure_defaults()

    milestone = services.milestone_create(
        by=secretariat,
        title="Rehearsal",
        at=hanoi(10, 23, 9),
        kind=MilestoneKind.REHEARSAL,
        owner=secretariat,
    )

    rows = _rows("subcommittees.milestone", target_id=milestone.pk, channel=Channel.IN_APP)
    assert set(rows.values_list("recipient__username", "audience")) == {
        ("secr", "owner"),
        ("lead_content", "lead"),
        ("steer", "steering"),
    }
    assert rows.filter(recipient=lead).count() == 3
    assert set(rows.values_list("state", flat=True)) == {ReminderState.PENDING}


def test_milestone_move_retimes_pending_and_keeps_sent(lead, secretariat, review):
    rules_ensure_defaults()
    services.milestone_set_status(milestone=review, by=secretariat, status="planned")  # reconcile
    day = _rows("subcommittees.milestone", offset_minutes=1440)
    day.update(state=ReminderState.SENT, sent_at=datetime.datetime.now(datetime.UTC))
    sent_ids = set(day.values_list("pk", flat=True))

    services.milestone_move(milestone=review, by=secretariat, at=hanoi(10, 21, 9))

    sent = Reminder.objects.filter(pk__in=sent_ids)
    assert set(sent.values_list("state", "target_due_at")) == {(ReminderState.SENT, hanoi(10, 20, 9))}
    two_hours = _rows("subcommittees.milestone", offset_minutes=120)
    assert set(two_hours.values_list("state", "due_at")) == {(ReminderState.PENDING, hanoi(10, 21, 7))}


def test_milestone_cancelled_cancels_its_reminders(lead, secretariat, review):
    rules_ensure_defaults()
    services.milestone_set_status(milestone=review, by=secretariat, status="at_risk")

    services.milestone_set_status(milestone=review, by=secretariat, status="cancelled")

    assert set(_rows("subcommittees.milestone").values_list("state", flat=True)) == {ReminderState.CANCELLED}


def test_task_assigned_reminds_assignee_and_overdue_goes_to_lead(content, lead):
    rules_ensure_defaults()
    task = TaskFactory(subcommittee=content, due_at=hanoi(10, 18))

    services.task_leave_draft(task=task, by=lead)

    assert set(_rows("subcommittees.task_due").values_list("recipient", flat=True)) == {task.assignee_id}
    overdue = _rows("subcommittees.task_overdue")
    assert set(overdue.values_list("recipient", "offset_minutes", "due_at")) == {(lead.pk, 0, hanoi(10, 18))}


def test_task_cancelled_suppresses_its_reminders(content, lead):
    rules_ensure_defaults()
    task = services.task_leave_draft(task=TaskFactory(subcommittee=content, due_at=hanoi(10, 18)), by=lead)

    services.task_cancel(task=task, by=lead, reason="No longer needed")

    assert set(Reminder.objects.values_list("state", flat=True)) == {ReminderState.CANCELLED}


def test_task_draft_has_no_reminders(content, lead):
    rules_ensure_defaults()

    services.task_create(subcommittee=content, by=lead, title="Draft", due_at=hanoi(10, 18))

    assert _rows("subcommittees.task_due").count() == 0


def test_milestone_reminder_email_carries_ics(lead, secretariat, review, django_capture_on_commit_callbacks):
    rules_ensure_defaults()
    services.milestone_set_status(milestone=review, by=secretariat, status="planned")

    with time_machine.travel(hanoi(10, 19, 9, 1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            reminders_dispatch()

    to_lead = [m for m in mail.outbox if m.to == [lead.email]]
    assert len(to_lead) == 1
    assert to_lead[0].attachments[0][0] == "invite.ics"
    assert "Preliminary review" in to_lead[0].subject
