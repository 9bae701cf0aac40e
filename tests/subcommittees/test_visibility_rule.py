"""One rule for what a lead sees of other subcommittees' tasks: title, status and due time (what a milestone
needs), never the assignee, the blocked reason or a link to a page that answers 404."""

from django.urls import reverse

from subcommittees.enums import TaskStatus
from subcommittees.models import TaskDependency

from .factories import EscalationFactory, TaskFactory


def _other_task(reception, review, make_user):
    assignee = make_user(username="zed_reception_person")
    return TaskFactory(
        subcommittee=reception,
        milestone=review,
        title="Motorcade plan",
        assignee=assignee,
        status=TaskStatus.BLOCKED,
        blocked_reason="Secret: the police escort is not confirmed",
    )


def test_milestone_report_shows_a_lead_only_the_summary_of_other_subcommittees(
    client, ceremony, content, reception, lead, review, make_user
):
    other = _other_task(reception, review, make_user)
    own = TaskFactory(
        subcommittee=content,
        milestone=review,
        title="Opening speech",
        status=TaskStatus.BLOCKED,
        blocked_reason="Waiting for the minister",
    )
    EscalationFactory(subcommittee=reception, title="Escort escalation secret", task=other)
    client.force_login(lead)

    body = client.get(reverse("subcommittees:milestone_report", args=[review.pk])).content.decode()

    assert "Motorcade plan" in body  # what the milestone needs
    assert "zed_reception_person" not in body
    assert "police escort" not in body
    assert "Escort escalation secret" not in body
    assert other.get_absolute_url() not in body
    assert "Waiting for the minister" in body and own.get_absolute_url() in body


def test_milestone_report_shows_overseers_everything(
    client, ceremony, reception, secretariat, review, make_user
):
    other = _other_task(reception, review, make_user)
    client.force_login(secretariat)

    body = client.get(reverse("subcommittees:milestone_report", args=[review.pk])).content.decode()

    assert "police escort" in body and other.get_absolute_url() in body


def test_depends_on_lists_another_subcommittees_task_without_link_or_assignee(
    client, ceremony, content, reception, lead, review, make_user
):
    other = _other_task(reception, review, make_user)
    mine = TaskFactory(subcommittee=content, title="Arrival protocol")
    TaskDependency.objects.create(task=mine, depends_on=other)
    client.force_login(lead)

    body = client.get(mine.get_absolute_url()).content.decode()

    assert "Motorcade plan" in body
    assert other.get_absolute_url() not in body
    assert "zed_reception_person" not in body
    assert client.get(other.get_absolute_url()).status_code == 404
