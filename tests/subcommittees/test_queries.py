"""Every dashboard and list costs the same number of queries with little or much data."""

import pytest
from django.urls import reverse

from hanoi_ceremony.core.pagecache import bump
from subcommittees import services
from subcommittees.enums import TaskStatus

from .factories import EscalationFactory, MilestoneFactory, SubcommitteeFactory, TaskFactory, hanoi


def _grow(content, lead, member, approver, *, n: int) -> None:
    milestones = [MilestoneFactory(at=hanoi(10, 20 + i, 9)) for i in range(n)]
    others = [SubcommitteeFactory() for _ in range(n)]
    for i in range(n * 4):
        sc = content if i % 2 == 0 else others[i % n]
        task = TaskFactory(
            subcommittee=sc,
            assignee=member,
            approver=approver,
            created_by=lead,
            milestone=milestones[i % n],
            due_at=hanoi(10, 12 + (i % 6)),
        )
        if i % 4:
            services.task_leave_draft(task=task, by=lead if sc == content else _lead_of(sc))
        if i % 4 == 2:
            services.task_block(task=task, by=member if sc == content else _lead_of(sc), reason="Waiting")
        if i % 4 == 3:
            services.task_submit(task=task, by=member, note="Done")
    for i in range(n):
        EscalationFactory(subcommittee=content, raised_by=lead)
        EscalationFactory(subcommittee=others[i], raised_by=lead)


def _lead_of(sc):
    from subcommittees.models import Membership
    from tests.factories import UserFactory

    membership = Membership.objects.filter(subcommittee=sc, role="lead").first()
    if membership:
        return membership.user
    user = UserFactory()
    Membership.objects.create(user=user, subcommittee=sc, role="lead")
    return user


@pytest.fixture
def pages(content, lead, member, approver, steering):
    return {
        "steering": (steering, reverse("subcommittees:steering_dashboard")),
        "lead": (lead, reverse("subcommittees:lead_dashboard", args=["content"])),
        "my_tasks": (member, reverse("subcommittees:my_tasks")),
        "task_list": (steering, reverse("subcommittees:task_list") + "?status=blocked"),
        "escalations": (steering, reverse("subcommittees:escalation_list")),
        "milestones": (lead, reverse("subcommittees:milestone_list")),
    }


# Warm: the dashboards and lists are cached fragments (one query per content area they show: "subcommittees",
# and "delegations" for the Steering dashboard), so only the session, the user and cheap checks remain.
EXPECTED = {
    "steering": 6,  # + the budget area's version (the variance panel, a cached fragment)
    "lead": 5,  # the area version is read twice here (slug lookup, fragment); memoised in production
    "my_tasks": 4,
    "task_list": 4,
    "escalations": 5,
    "milestones": 4,
}
# Right after a change (the fragment is rendered again): the selectors' queries, still constant.
EXPECTED_AFTER_CHANGE = {
    "steering": 11,
    "lead": 11,
    "my_tasks": 5,
    "task_list": 8,
}


@pytest.mark.parametrize("size", [1, 4])
@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_page_query_count_is_constant(
    client, ceremony, content, lead, member, approver, pages, page, size, django_assert_num_queries
):
    _grow(content, lead, member, approver, n=size)
    user, url = pages[page]
    client.force_login(user)
    client.get(url)  # warm the per-process caches (ceremony)

    with django_assert_num_queries(EXPECTED[page]):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 4])
@pytest.mark.parametrize("page", sorted(EXPECTED_AFTER_CHANGE))
def test_page_query_count_after_a_change_is_constant(
    client, ceremony, content, lead, member, approver, pages, page, size, django_assert_num_queries
):
    _grow(content, lead, member, approver, n=size)
    user, url = pages[page]
    client.force_login(user)
    client.get(url)
    bump("subcommittees")  # what every subcommittees service does: the next request renders afresh

    with django_assert_num_queries(EXPECTED_AFTER_CHANGE[page]):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 4])
def test_milestone_report_query_count_is_constant(
    client, ceremony, content, lead, member, approver, size, django_assert_num_queries
):
    _grow(content, lead, member, approver, n=size)
    from subcommittees.models import Milestone

    url = reverse("subcommittees:milestone_report", args=[Milestone.objects.first().pk])
    client.force_login(lead)
    client.get(url)

    with django_assert_num_queries(7):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 4])
def test_task_detail_query_count_is_constant(
    client, ceremony, content, lead, member, approver, size, django_assert_num_queries
):
    _grow(content, lead, member, approver, n=size)
    task = TaskFactory(subcommittee=content, assignee=member, approver=approver, created_by=lead)
    for other in list(content.tasks.exclude(pk=task.pk))[: size * 2]:
        services.task_dependency_add(task=task, depends_on=other, by=lead)
        services.task_post_update(task=task, by=member, body="progress")
    client.force_login(lead)
    url = reverse("subcommittees:task_detail", args=[task.pk])
    client.get(url)

    with django_assert_num_queries(10):
        response = client.get(url)

    assert response.status_code == 200
    assert task.status == TaskStatus.DRAFT
