"""The admin writes through the subcommittee services: every edit is audited with its registered action,
and a refusal shows on the page (never a 500, nothing saved)."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse

from hanoi_ceremony.accounts.roles import Role
from hanoi_ceremony.audit.models import AuditEntry
from subcommittees.enums import MembershipRole, MilestoneKind
from subcommittees.models import Membership, Milestone, Subcommittee, Task, TaskDependency

from .factories import (
    EscalationFactory,
    MembershipFactory,
    MilestoneFactory,
    SubcommitteeFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(Role.ORGANISER, username="admin_org", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def staff_client(client, make_user):
    """Staff with the admin's permissions on the subcommittee models but no role in the subcommittees."""
    user = make_user(username="staff_only", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="subcommittees"))
    client.force_login(user)
    return client


def _url(model, view, *args):
    return reverse(f"admin:subcommittees_{model}_{view}", args=args)


def _inline(prefix, total=0, initial=0, **rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    data.update({f"{prefix}-{key}": value for key, value in rows.items()})
    return data


def _milestone_data(owner, *, title="Dress rehearsal", day="2025-10-22", time="09:00:00"):
    return {
        "title_en": title,
        "title_vi": "",
        "title_fr": "",
        "at_0": day,
        "at_1": time,
        "ends_at_0": "",
        "ends_at_1": "",
        "kind": MilestoneKind.REVIEW,
        "owner": owner.pk,
        "description": "",
    }


def _task_data(task, **changes):
    data = {
        "title": task.title,
        "assignee": task.assignee_id,
        "description": task.description,
        "due_at_0": "2025-10-18",
        "due_at_1": "17:00:00",
        "responsible_unit": task.responsible_unit,
        "deliverable": task.deliverable,
        "approver": task.approver_id,
        "milestone": "",
        "priority": task.priority,
        **_inline("dependency_links"),
        **_inline("updates"),
    }
    data.update(changes)
    return data


def _actions(target) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_id=str(target.pk), target_type__model=target._meta.model_name)
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_admin_milestone_add_change_and_move_are_audited_by_the_services(admin_client, make_user):
    owner = make_user(username="owner")

    added = admin_client.post(_url("milestone", "add"), _milestone_data(owner))
    milestone = Milestone.objects.get()
    renamed = admin_client.post(
        _url("milestone", "change", milestone.pk), _milestone_data(owner, title="Rehearsal")
    )
    moved = admin_client.post(
        _url("milestone", "change", milestone.pk), _milestone_data(owner, title="Rehearsal", time="10:00:00")
    )

    assert (added.status_code, renamed.status_code, moved.status_code) == (302, 302, 302)
    assert _actions(milestone) == ["milestone.created", "milestone.updated", "milestone.moved"]
    assert AuditEntry.objects.filter(action="milestone.updated").get().data == {"fields": ["title_en"]}
    milestone.refresh_from_db()
    assert (milestone.title, milestone.at.hour) == ("Rehearsal", 3)  # 10:00 in Hà Nội


def test_admin_milestone_move_refused_by_its_tasks_shows_on_the_form(admin_client, make_user):
    owner = make_user(username="owner")
    milestone = MilestoneFactory(title="Review", owner=owner)
    TaskFactory(milestone=milestone)  # due 18 October 17:00

    response = admin_client.post(
        _url("milestone", "change", milestone.pk), _milestone_data(owner, title="Review", day="2025-10-17")
    )

    assert response.status_code == 200
    assert "task(s) of this milestone are due after the new time" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.at.day == 20
    assert _actions(milestone) == []


def test_admin_task_change_is_audited_with_the_changed_fields(admin_client):
    task = TaskFactory(title="Flags")

    response = admin_client.post(
        _url("task", "change", task.pk), _task_data(task, title="Flags of all parties")
    )

    assert response.status_code == 302
    task.refresh_from_db()
    assert task.title == "Flags of all parties"
    entry = AuditEntry.objects.get(action="task.updated")
    assert (entry.target_id, entry.data) == (str(task.pk), {"fields": ["title"]})


def test_admin_task_edit_refused_by_the_service_shows_on_the_form_and_saves_nothing(staff_client):
    task = TaskFactory(title="Flags")

    response = staff_client.post(_url("task", "change", task.pk), _task_data(task, title="Renamed"))

    assert response.status_code == 200
    assert "You may not edit this task." in response.content.decode()
    task.refresh_from_db()
    assert task.title == "Flags"
    assert AuditEntry.objects.count() == 0
    assert LogEntry.objects.count() == 0


def test_admin_dependency_rows_go_through_the_service_and_a_cycle_is_refused(admin_client):
    first = TaskFactory(title="Venue")
    second = TaskFactory(title="Seating", subcommittee=first.subcommittee)
    TaskDependency.objects.create(task=first, depends_on=second)

    added = admin_client.post(
        _url("task", "change", second.pk),
        _task_data(second, **_inline("dependency_links", total=1, **{"0-depends_on": first.pk})),
    )

    assert added.status_code == 200
    assert "that would make a cycle" in added.content.decode()
    assert TaskDependency.objects.count() == 1
    assert AuditEntry.objects.count() == 0

    third = TaskFactory(title="Badges", subcommittee=first.subcommittee)
    linked = admin_client.post(
        _url("task", "change", third.pk),
        _task_data(third, **_inline("dependency_links", total=1, **{"0-depends_on": first.pk})),
    )

    assert linked.status_code == 302
    entry = AuditEntry.objects.get(action="task.dependency_added")
    assert (entry.target_id, entry.data["depends_on_title"]) == (str(third.pk), "Venue")


def test_admin_subcommittee_with_a_member_is_audited_in_its_history(admin_client, make_user):
    person = make_user(username="new_lead")
    data = {
        "name_en": "Logistics",
        "name_vi": "",
        "name_fr": "",
        "slug": "logistics",
        "mandate_en": "",
        "mandate_vi": "",
        "mandate_fr": "",
        "order": "3",
        **_inline("memberships", total=1, **{"0-user": person.pk, "0-role": MembershipRole.LEAD}),
    }

    response = admin_client.post(_url("subcommittee", "add"), data)

    assert response.status_code == 302
    subcommittee = Subcommittee.objects.get(slug="logistics")
    assert _actions(subcommittee) == ["subcommittee.created", "subcommittee.member_added"]
    assert Membership.objects.get().role == MembershipRole.LEAD
    assert AuditEntry.objects.get(action="subcommittee.member_added").data == {
        "user": str(person),
        "role": MembershipRole.LEAD,
    }


def test_admin_delete_action_removes_members_through_the_service(admin_client):
    subcommittee = SubcommitteeFactory(name="Content")
    memberships = MembershipFactory.create_batch(2, subcommittee=subcommittee)

    response = admin_client.post(
        _url("membership", "changelist"),
        {"action": "delete_selected", "post": "yes", "_selected_action": [m.pk for m in memberships]},
    )

    assert response.status_code == 302
    assert Membership.objects.count() == 0
    assert _actions(subcommittee) == ["subcommittee.member_removed"] * 2


def test_admin_delete_refused_by_the_service_is_an_error_message(staff_client):
    subcommittee = SubcommitteeFactory(name="Content")
    membership = MembershipFactory(subcommittee=subcommittee)

    by_action = staff_client.post(
        _url("membership", "changelist"),
        {"action": "delete_selected", "post": "yes", "_selected_action": [membership.pk]},
        follow=True,
    )
    by_page = staff_client.post(_url("subcommittee", "delete", subcommittee.pk), {"post": "yes"}, follow=True)

    refusal = "Only the organisers and the Standing Secretariat set up the subcommittees."
    assert by_action.status_code == by_page.status_code == 200
    assert [str(m) for m in by_action.context["messages"]] == [refusal]
    assert [str(m) for m in by_page.context["messages"]] == [refusal]
    assert Membership.objects.count() == Subcommittee.objects.count() == 1
    assert AuditEntry.objects.count() == LogEntry.objects.count() == 0


def test_admin_escalation_change_is_audited_and_closed_ones_are_refused(admin_client):
    escalation = EscalationFactory(title="Interpreters")
    data = {
        "title": "Interpreters for Khmer",
        "impact": escalation.impact,
        "decision_needed": escalation.decision_needed,
        "needed_by_0": "2025-10-19",
        "needed_by_1": "17:00:00",
        "task": "",
    }

    changed = admin_client.post(_url("escalation", "change", escalation.pk), data)
    escalation.refresh_from_db()
    escalation.status = "withdrawn"
    escalation.save()
    refused = admin_client.post(_url("escalation", "change", escalation.pk), {**data, "title": "Again"})

    assert changed.status_code == 302
    assert AuditEntry.objects.get(action="escalation.updated").data == {"fields": ["title"]}
    assert refused.status_code == 200
    assert "This escalation is already withdrawn." in refused.content.decode()
    escalation.refresh_from_db()
    assert escalation.title == "Interpreters for Khmer"


def test_tasks_escalations_and_milestones_are_not_deleted_in_the_admin(admin_client):
    task = TaskFactory()

    response = admin_client.post(_url("task", "delete", task.pk), {"post": "yes"})

    assert response.status_code == 403
    assert Task.objects.filter(pk=task.pk).exists()


def test_admin_deletes_an_empty_subcommittee_through_the_service(admin_client):
    subcommittee = SubcommitteeFactory(name="Transport")
    MembershipFactory(subcommittee=subcommittee)

    response = admin_client.post(_url("subcommittee", "delete", subcommittee.pk), {"post": "yes"})

    assert response.status_code == 302
    assert Subcommittee.objects.count() == Membership.objects.count() == 0
    entry = AuditEntry.objects.get(action="subcommittee.deleted")
    assert (entry.target_repr, entry.data) == ("Transport", {"name": "Transport"})


@pytest.mark.parametrize("model", ["subcommittee", "membership", "milestone", "task", "escalation"])
def test_admin_pages_of_every_subcommittee_model_open(admin_client, model):
    objects = {
        "subcommittee": SubcommitteeFactory,
        "membership": MembershipFactory,
        "milestone": MilestoneFactory,
        "task": TaskFactory,
        "escalation": EscalationFactory,
    }
    obj = objects[model]()

    pages = [_url(model, "changelist"), _url(model, "add"), _url(model, "change", obj.pk)]

    assert [admin_client.get(url).status_code for url in pages] == [200, 200, 200]
