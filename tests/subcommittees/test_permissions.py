from hanoi_ceremony.accounts.roles import Role, roles_of
from subcommittees import permissions

from .factories import TaskFactory


def test_role_provider_gives_lead_and_member_roles(lead, member, other_member):
    assert roles_of(lead) == {Role.SUBCOMMITTEE_LEAD}
    assert roles_of(member) == {Role.SUBCOMMITTEE_MEMBER}


def test_lead_edits_every_task_of_their_subcommittee(content, lead):
    task = TaskFactory(subcommittee=content)

    assert permissions.can_edit_task(lead, task) is True
    assert permissions.can_manage_task(lead, task) is True


def test_member_edits_only_tasks_assigned_to_them(content, member):
    mine = TaskFactory(subcommittee=content, assignee=member)
    theirs = TaskFactory(subcommittee=content)

    assert permissions.can_edit_task(member, mine) is True
    assert permissions.can_edit_task(member, theirs) is False
    assert permissions.can_manage_task(member, mine) is False


def test_member_of_another_subcommittee_neither_sees_nor_edits(content, other_member):
    task = TaskFactory(subcommittee=content)

    assert permissions.can_edit_task(other_member, task) is False
    assert list(permissions.tasks_visible_to(other_member)) == []


def test_lead_of_another_subcommittee_cannot_edit(content, other_lead):
    task = TaskFactory(subcommittee=content)

    assert permissions.can_edit_task(other_lead, task) is False


def test_overseers_see_everything(content, reception, steering, secretariat, organiser):
    tasks = {TaskFactory(subcommittee=content).pk, TaskFactory(subcommittee=reception).pk}

    for user in (steering, secretariat, organiser):
        assert set(permissions.tasks_visible_to(user).values_list("pk", flat=True)) == tasks


def test_steering_sees_but_does_not_edit(content, steering):
    task = TaskFactory(subcommittee=content)

    assert permissions.can_edit_task(steering, task) is False
    assert permissions.can_decide_escalation(steering) is True


def test_only_the_approver_approves(content, lead, organiser, approver):
    task = TaskFactory(subcommittee=content, approver=approver)

    assert permissions.can_approve_task(approver, task) is True
    assert permissions.can_approve_task(lead, task) is False
    assert permissions.can_approve_task(organiser, task) is False


def test_approver_outside_the_subcommittee_sees_the_task(content, other_member):
    task = TaskFactory(subcommittee=content, approver=other_member)

    assert list(permissions.tasks_visible_to(other_member)) == [task]
