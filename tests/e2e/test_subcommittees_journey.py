"""A lead creates a task missing two clears and sees them named; completes it; the assignee submits the
product; the approver approves; a lead escalates and the Steering Committee decides."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from hanoi_ceremony.accounts.roles import Role
from subcommittees.enums import MembershipRole
from subcommittees.models import Escalation, Membership, Milestone, Subcommittee, Task


def _switch(page, login, username):
    page.context.clear_cookies()
    login(page, username)


def test_six_clears_task_from_draft_to_done_and_an_escalation_decided(page, login, make_user, ceremony):
    content = Subcommittee.objects.create(name="Content", slug="content", order=1)
    lead = make_user(username="thu", first_name="Thu", last_name="Nguyen")
    member = make_user(username="quang", first_name="Quang", last_name="Do")
    approver = make_user(Role.STEERING, username="minh", first_name="Minh", last_name="Tran")
    make_user(Role.STEERING, username="chair", first_name="Chair", last_name="Person")
    Membership.objects.create(user=lead, subcommittee=content, role=MembershipRole.LEAD)
    Membership.objects.create(user=member, subcommittee=content, role=MembershipRole.MEMBER)
    Milestone.objects.create(
        title="Rehearsal", at=timezone.now() + datetime.timedelta(days=10), kind="rehearsal", owner=lead
    )
    due = timezone.localtime(timezone.now() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")

    # The lead drafts a task without its product and authority, and is told exactly what is missing.
    login(page, "thu")
    page.goto("/subcommittees/")
    expect(page.get_by_role("heading", name="Content subcommittee")).to_be_visible()
    page.get_by_role("link", name="New task").click()
    page.get_by_label("Title").fill("Speech of the Prime Minister")
    page.get_by_label("Assignee").select_option(str(member.pk))
    page.get_by_label("Work").fill("Draft the statement for the high-level segment.")
    page.get_by_label("Due").fill(due)
    page.get_by_label("Responsible unit").fill("MFA – Department of International Organisations")
    page.get_by_role("button", name="Save").click()
    missing = page.get_by_test_id("missing-clears")
    expect(missing).to_contain_text("clear product (deliverable)")
    expect(missing).to_contain_text("clear authority (approver)")
    expect(missing.get_by_role("listitem")).to_have_count(2)
    page.get_by_role("button", name="Assign (leave draft)").click()
    expect(page.get_by_test_id("action-error")).to_contain_text(
        "clear product (deliverable), clear authority (approver)"
    )

    # The lead completes the six clears and assigns it.
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Deliverable").fill("Statement text in Vietnamese and English")
    page.get_by_label("Approver").select_option(str(approver.pk))
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Assign (leave draft)").click()
    expect(page.get_by_test_id("task-status")).to_have_text("Not started")
    task = Task.objects.get()

    # The assignee starts it and submits the product.
    _switch(page, login, "quang")
    page.goto(f"/subcommittees/tasks/{task.pk}/")
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_test_id("task-status")).to_have_text("In progress")
    page.get_by_label("What is handed in").fill("Final statement, cleared by the Department.")
    page.get_by_role("button", name="Submit product for approval").click()
    expect(page.get_by_test_id("task-status")).to_have_text("Awaiting approval")

    # The approver (clear authority) approves it.
    _switch(page, login, "minh")
    page.goto("/subcommittees/my-tasks/")
    page.get_by_role("link", name="Speech of the Prime Minister").click()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_test_id("task-status")).to_have_text("Done")

    # The lead escalates a problem beyond the subcommittee's authority.
    _switch(page, login, "thu")
    page.goto("/subcommittees/content/")
    page.get_by_role("link", name="Escalate a problem").click()
    page.get_by_label("What is the problem").fill("Interpretation above the expenditure norm")
    page.get_by_label("Impact if not decided").fill("No Vietnamese booth at the plenary.")
    page.get_by_label("Decision needed", exact=False).first.fill("Approve spending above the norm.")
    page.get_by_label("Decision needed by").fill(due)
    page.get_by_role("button", name="Escalate to the Steering Committee").click()
    expect(page.get_by_test_id("escalation-status")).to_have_text("Open")

    # The Steering Committee cannot miss it, and decides.
    _switch(page, login, "chair")
    page.goto("/subcommittees/steering/")
    banner = page.get_by_test_id("open-escalations")
    expect(banner).to_contain_text("Interpretation above the expenditure norm")
    banner.get_by_role("link", name="Interpretation above the expenditure norm").click()
    page.get_by_label("Decision of the Steering Committee").fill(
        "Approved above the norm for the Vietnamese booth."
    )
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("escalation-status")).to_have_text("Decided")
    expect(page.get_by_test_id("decision")).to_contain_text("Approved above the norm")
    assert Escalation.objects.get().decided_by.username == "chair"
