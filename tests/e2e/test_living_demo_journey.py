"""The "done when" of issue 14, on the living demo and its README logins only (no admin): an organiser invites
a delegation, its focal point registers it as liaison and submits, the organiser finds it in the review inbox
and confirms it; a lead creates and assigns a task on a coming milestone; reminders arrive in the
notification centre (the dispatcher that beat runs every minute is driven here, synchronously)."""

import datetime
import io
import re

from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from delegations.models import Delegation
from hanoi_ceremony.notifications.models import OutboundEmail
from hanoi_ceremony.reminders.services import reminders_dispatch
from subcommittees.models import Milestone, Task

PASSWORD = "hanoi-demo-2025"


def _sign_in(page, username, password=PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _photo(tmp_path):
    path = tmp_path / "head.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), (120, 140, 160)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_new_user_runs_the_main_flows_of_the_living_demo(browser, live_server, tmp_path):
    call_command("seed_demo", "--quiet-logins", stdout=io.StringIO())
    new = lambda: browser.new_context(  # noqa: E731
        base_url=live_server.url, locale="en-GB", timezone_id="Asia/Ho_Chi_Minh"
    ).new_page()

    # The organiser adds a State not yet invited and invites its focal point; registration is open.
    organiser = new()
    _sign_in(organiser, "organiser")
    organiser.goto("/delegations/new/")
    organiser.get_by_label("Participant type").select_option(label="UN Member State")
    state = organiser.get_by_label("State", exact=True)
    code = state.locator("option").nth(1).get_attribute("value")
    state.select_option(code)
    organiser.get_by_label("Focal point's e-mail").fill("focal@new-state.example")
    organiser.get_by_role("button", name="Add the delegation").click()
    delegation = Delegation.objects.get(country_code=code)
    expect(organiser.get_by_role("heading", name=delegation.name)).to_be_visible()
    expect(organiser.get_by_text("registration deadline has passed")).to_have_count(0)

    invitation = OutboundEmail.objects.get(
        kind="delegations.invitation", to_address="focal@new-state.example"
    )
    assert "Register and submit the delegation by" in invitation.body_text
    link = re.search(r"https?://\S+/delegations/invitation/\S+/", invitation.body_text).group(0)

    # The focal point becomes the liaison, adds the head of delegation and submits.
    liaison = new()
    liaison.goto(link[link.index("/delegations/") :])
    liaison.get_by_label("Given names").fill("Ana")
    liaison.get_by_label("Family name").fill("Rojas")
    liaison.get_by_label("Choose a password").fill("new-state-signs-2025")
    liaison.get_by_label("Repeat the password").fill("new-state-signs-2025")
    liaison.get_by_role("button", name="Create my account").click()
    expect(liaison.get_by_role("heading", name=delegation.name)).to_be_visible()
    expect(liaison.get_by_test_id("registration-deadline")).to_be_visible()
    liaison.get_by_role("link", name="Add a member").click()
    liaison.get_by_label("Family name (as in passport)").fill("Rojas")
    liaison.get_by_label("Given names (as in passport)").fill("Alberto")
    liaison.get_by_label("Capacity in the delegation").select_option(label="Head of delegation")
    liaison.get_by_label("Protocol rank").select_option(label="Minister for Foreign Affairs")
    liaison.get_by_label("Nationality").select_option(code)
    liaison.get_by_label("Passport number").fill("NS1000001")
    liaison.get_by_label("Badge photo").set_input_files(_photo(tmp_path))
    liaison.get_by_role("button", name="Save").click()
    expect(liaison.get_by_text("The member was added.")).to_be_visible()
    liaison.get_by_role("button", name="Submit the registration").click()
    expect(liaison.get_by_test_id("status")).to_have_text("Submitted")

    # The organiser finds it in the review inbox (counted in the navigation) and confirms it.
    organiser.goto("/")
    organiser.get_by_test_id("review-inbox-link").click()
    organiser.get_by_test_id("review-inbox").get_by_role("link", name=delegation.name).click()
    organiser.get_by_role("button", name="Confirm").click()
    expect(organiser.get_by_test_id("status")).to_have_text("Confirmed")
    liaison.reload()
    expect(liaison.get_by_test_id("status")).to_have_text("Confirmed")

    # A lead plans a task on the coming review and assigns it to a member.
    milestone = Milestone.objects.get(title="Preliminary review")
    assert milestone.at > timezone.now()
    due = timezone.localtime(milestone.at - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    lead = new()
    _sign_in(lead, "lead.content")
    lead.goto("/subcommittees/content/")
    lead.get_by_role("link", name="New task").click()
    lead.get_by_label("Title").fill("Briefing book for the review")
    lead.get_by_label("Assignee").select_option(label="Quang Do")
    lead.get_by_label("Work").fill("Collect the speeches and talking points for the review.")
    lead.get_by_label("Due").fill(due)
    lead.get_by_label("Responsible unit").fill("MFA – Department of International Organisations")
    lead.get_by_label("Deliverable").fill("Briefing book, Vietnamese and English")
    lead.get_by_label("Approver").select_option(label="Thu Nguyen")
    lead.get_by_label("Milestone").select_option(str(milestone.pk))
    lead.get_by_role("button", name="Save").click()
    lead.get_by_role("button", name="Assign (leave draft)").click()
    expect(lead.get_by_test_id("task-status")).to_have_text("Not started")
    task = Task.objects.get(title="Briefing book for the review")
    assert task.milestone == milestone and task.assignee.username == "member.content"

    # Beat's dispatcher runs (every minute under make run): the reminders due now arrive.
    reminders_dispatch()
    organiser.goto("/notifications/")
    notes = organiser.get_by_test_id("notification")
    expect(notes.filter(has_text="To review")).to_have_count(1)
    expect(notes.filter(has_text=re.compile("ceremony|opening", re.I)).first).to_be_visible()
    assert "http" not in organiser.locator("main").inner_text()
    member = new()
    _sign_in(member, "member.content")
    member.goto("/subcommittees/my-tasks/")
    expect(member.get_by_role("link", name="Briefing book for the review")).to_be_visible()
