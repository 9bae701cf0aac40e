import io

from django.core.management import call_command

from hanoi_ceremony.accounts.models import User
from hanoi_ceremony.accounts.roles import Role, roles_of
from subcommittees.enums import EscalationStatus, TaskStatus
from subcommittees.models import Escalation, Milestone, Subcommittee, Task, TaskDependency


def _counts():
    return (
        Subcommittee.objects.count(),
        Milestone.objects.count(),
        Task.objects.count(),
        TaskDependency.objects.count(),
        Escalation.objects.count(),
    )


def test_seed_demo_twice_changes_nothing_and_scale_multiplies_tasks(db):
    call_command("seed_demo", "--replay", "--quiet-logins", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", "--replay", "--quiet-logins", stdout=io.StringIO())
    assert _counts() == first

    call_command("seed_demo", "--replay", "--quiet-logins", "--scale", "2", stdout=io.StringIO())

    assert _counts()[2] == first[2] * 2
    assert first[:2] == (5, 4)


def test_seed_demo_has_a_mix_of_states_leads_and_open_escalations(db):
    call_command("seed_demo", "--replay", "--quiet-logins", stdout=io.StringIO())

    statuses = set(Task.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in TaskStatus}
    assert Escalation.objects.filter(status=EscalationStatus.OPEN).count() == 2
    assert roles_of(User.objects.get(username="lead.content")) == {Role.SUBCOMMITTEE_LEAD}
    assert roles_of(User.objects.get(username="member.security")) == {Role.SUBCOMMITTEE_MEMBER}
    press = Milestone.objects.get(title__startswith="Plan for the co-chaired press conference")
    assert press.at.isoformat() == "2025-10-16T10:00:00+00:00"
    for task in Task.objects.select_related("milestone").exclude(milestone=None).exclude(due_at=None):
        assert task.due_at <= task.milestone.at, task.title
