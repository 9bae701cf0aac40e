"""The database refuses bad states even when a service is bypassed."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from subcommittees.enums import EscalationStatus, TaskStatus
from subcommittees.models import Membership, TaskDependency

from .factories import EscalationFactory, MembershipFactory, MilestoneFactory, TaskFactory, hanoi


def _refused(factory, **kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**kwargs)


def test_task_not_started_without_deliverable_is_refused_by_the_database(db):
    _refused(TaskFactory, status=TaskStatus.NOT_STARTED, deliverable="")


def test_task_in_progress_without_approver_is_refused_by_the_database(db):
    _refused(TaskFactory, status=TaskStatus.IN_PROGRESS, approver=None)


def test_task_draft_without_clears_is_accepted(db):
    task = TaskFactory(assignee=None, approver=None, due_at=None, deliverable="", description="")

    assert task.missing_clears == [
        "clear person (assignee)",
        "clear work (description)",
        "clear time (due)",
        "clear product (deliverable)",
        "clear authority (approver)",
    ]


def test_task_blocked_without_reason_is_refused(db):
    _refused(TaskFactory, status=TaskStatus.BLOCKED, blocked_reason="")


def test_task_reason_without_blocked_status_is_refused(db):
    _refused(TaskFactory, status=TaskStatus.IN_PROGRESS, blocked_reason="stale reason")


def test_task_progress_over_100_is_refused(db):
    _refused(TaskFactory, progress=101)


def test_task_done_without_approval_is_refused(db):
    _refused(TaskFactory, status=TaskStatus.DONE, progress=100)


def test_task_done_with_approval_is_accepted(make_user):
    approver = make_user()
    task = TaskFactory(
        status=TaskStatus.DONE,
        progress=100,
        approver=approver,
        approved_by=approver,
        submitted_at=timezone.now(),
        approved_at=timezone.now(),
    )

    assert task.status == TaskStatus.DONE


def test_task_awaiting_approval_without_submission_is_refused(db):
    _refused(TaskFactory, status=TaskStatus.AWAITING_APPROVAL)


def test_task_unknown_status_is_refused(db):
    _refused(TaskFactory, status="finished")


def test_task_approver_same_as_assignee_is_refused(make_user):
    user = make_user()
    _refused(TaskFactory, assignee=user, approver=user)


def test_dependency_on_itself_is_refused(db):
    task = TaskFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskDependency.objects.create(task=task, depends_on=task)


def test_membership_twice_is_refused(db):
    membership = MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=membership.user, subcommittee=membership.subcommittee, role="lead")


def test_membership_unknown_role_is_refused(db):
    _refused(MembershipFactory, role="chair")


def test_milestone_ending_before_it_starts_is_refused(db):
    _refused(MilestoneFactory, at=hanoi(10, 25, 8), ends_at=hanoi(10, 24, 8))


def test_escalation_decided_without_decision_is_refused(db):
    _refused(EscalationFactory, status=EscalationStatus.DECIDED)


def test_escalation_open_with_decision_is_refused(db):
    _refused(EscalationFactory, decision="Something")
