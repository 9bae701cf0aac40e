"""Two people acting on the same task at once: the row lock lets exactly one through."""

import threading

import pytest
from django.db import connection

from subcommittees import services
from subcommittees.enums import TaskStatus

from .factories import TaskFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_task_approve_and_reject_at_once_only_one_wins(content, lead, member, approver):
    task = TaskFactory(subcommittee=content, assignee=member, approver=approver, created_by=lead)
    task = services.task_leave_draft(task=task, by=lead)
    task = services.task_submit(task=task, by=member, note="Final text")
    barrier = threading.Barrier(2)
    outcomes = []

    def act(run):
        try:
            barrier.wait()
            run()
            outcomes.append("ok")
        except services.TransitionError:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(lambda: services.task_approve(task=task, by=approver),)),
        threading.Thread(
            target=act, args=(lambda: services.task_reject(task=task, by=approver, comment="Redo"),)
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["conflict", "ok"]
    task.refresh_from_db()
    assert task.status in (TaskStatus.DONE, TaskStatus.IN_PROGRESS)
    assert task.updates.count() == 2
