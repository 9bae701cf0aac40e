"""Access matrix for every subcommittee page: anonymous → login, wrong role → 403, another subcommittee's
object → 404, right role → 200."""

import pytest
from django.urls import reverse

from .factories import EscalationFactory, MilestoneFactory, TaskFactory


@pytest.fixture
def world(
    ceremony, content, lead, member, other_member, other_lead, steering, secretariat, organiser, make_user
):
    task = TaskFactory(subcommittee=content, created_by=lead)
    return {
        "users": {
            "lead": lead,
            "member": member,
            "other_member": other_member,
            "other_lead": other_lead,
            "steering": steering,
            "secretariat": secretariat,
            "organiser": organiser,
            "nobody": make_user(username="no_role"),
        },
        "task": task,
        "escalation": EscalationFactory(subcommittee=content, raised_by=lead),
        "milestone": MilestoneFactory(),
    }


PAGES = {
    "steering": lambda w: reverse("subcommittees:steering_dashboard"),
    "lead_dashboard": lambda w: reverse("subcommittees:lead_dashboard", args=["content"]),
    "my_tasks": lambda w: reverse("subcommittees:my_tasks"),
    "task_list": lambda w: reverse("subcommittees:task_list"),
    "task_export": lambda w: reverse("subcommittees:task_export"),
    "task_detail": lambda w: reverse("subcommittees:task_detail", args=[w["task"].pk]),
    "task_edit": lambda w: reverse("subcommittees:task_edit", args=[w["task"].pk]),
    "task_create": lambda w: reverse("subcommittees:task_create") + "?subcommittee=content",
    "escalation_list": lambda w: reverse("subcommittees:escalation_list"),
    "escalation_detail": lambda w: reverse("subcommittees:escalation_detail", args=[w["escalation"].pk]),
    "escalation_create": lambda w: reverse("subcommittees:escalation_create") + "?subcommittee=content",
    "milestone_list": lambda w: reverse("subcommittees:milestone_list"),
    "milestone_create": lambda w: reverse("subcommittees:milestone_create"),
    "milestone_edit": lambda w: reverse("subcommittees:milestone_edit", args=[w["milestone"].pk]),
    "milestone_report": lambda w: reverse("subcommittees:milestone_report", args=[w["milestone"].pk]),
}

MATRIX = [
    # page, user, expected status
    ("steering", "steering", 200),
    ("steering", "secretariat", 200),
    ("steering", "organiser", 200),
    ("steering", "lead", 403),
    ("steering", "nobody", 403),
    ("lead_dashboard", "lead", 200),
    ("lead_dashboard", "member", 200),
    ("lead_dashboard", "steering", 200),
    ("lead_dashboard", "other_member", 404),
    ("lead_dashboard", "nobody", 403),
    ("my_tasks", "nobody", 200),
    ("my_tasks", "member", 200),
    ("task_list", "member", 200),
    ("task_list", "steering", 200),
    ("task_list", "nobody", 403),
    ("task_export", "lead", 200),
    ("task_export", "nobody", 403),
    ("task_detail", "member", 200),
    ("task_detail", "steering", 200),
    ("task_detail", "other_member", 404),
    ("task_detail", "other_lead", 404),
    ("task_detail", "nobody", 403),
    ("task_edit", "lead", 200),
    ("task_edit", "secretariat", 200),
    ("task_edit", "member", 403),
    ("task_edit", "steering", 403),
    ("task_edit", "other_member", 404),
    ("task_create", "lead", 200),
    ("task_create", "member", 403),
    ("task_create", "other_lead", 404),
    ("task_create", "nobody", 403),
    ("escalation_list", "member", 200),
    ("escalation_list", "nobody", 403),
    ("escalation_detail", "member", 200),
    ("escalation_detail", "steering", 200),
    ("escalation_detail", "other_member", 404),
    ("escalation_create", "lead", 200),
    ("escalation_create", "member", 403),
    ("escalation_create", "other_lead", 404),
    ("milestone_list", "member", 200),
    ("milestone_list", "nobody", 403),
    ("milestone_create", "secretariat", 200),
    ("milestone_create", "lead", 403),
    ("milestone_edit", "organiser", 200),
    ("milestone_edit", "steering", 403),
    ("milestone_report", "lead", 200),
    ("milestone_report", "steering", 200),
    ("milestone_report", "member", 403),
]


@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_anonymous_goes_to_login(client, world, page):
    response = client.get(PAGES[page](world))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("page", "who", "expected"), MATRIX)
def test_page_access_by_role(client, world, page, who, expected):
    client.force_login(world["users"][who])

    response = client.get(PAGES[page](world))

    assert response.status_code == expected


def test_attachment_of_another_subcommittee_is_404(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from subcommittees.services import task_post_update

    update = task_post_update(
        task=world["task"],
        by=world["users"]["lead"],
        body="file",
        attachment=SimpleUploadedFile("plan.pdf", b"%PDF", content_type="application/pdf"),
    )
    url = reverse("subcommittees:attachment", args=[update.pk])

    client.force_login(world["users"]["other_member"])
    assert client.get(url).status_code == 404
    client.force_login(world["users"]["member"])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF"
