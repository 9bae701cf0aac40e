"""Browser journeys for issue 18.

1. A ministry submits a proposal with a line over the norm → Finance returns it → the ministry fixes the
   line and resubmits → Finance accepts → Finance consolidates and submits the estimate → the Steering
   Committee approves it.
2. A Head of State's flight changes in the delegation's member form → the reception scenario is re-issued
   with the change marked, and the assigned liaison officer is notified.
"""

import datetime
import zoneinfo

from playwright.sync_api import expect

from delegations.enums import Capacity, DelegationStatus, ProtocolRank
from hanoi_ceremony.accounts.roles import Role
from hanoi_ceremony.notifications.models import Notification
from subcommittees.budget import services as budget
from subcommittees.budget.enums import BodyKind, BodyRole, Category, EstimateStatus, Unit
from subcommittees.budget.models import Body, Estimate
from subcommittees.enums import MembershipRole
from subcommittees.models import Membership, Subcommittee
from subcommittees.reception import services as reception
from subcommittees.reception.models import Scenario, WelcomingRule
from tests.delegations.factories import MemberFactory, StateDelegationFactory

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _as(browser, live_server, login, username):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(15_000)
    pg = context.new_page()
    login(pg, username)
    return context, pg


def test_proposal_with_overrun_returned_fixed_accepted_and_estimate_approved(
    browser, live_server, login, make_user, ceremony
):
    finance = Body.objects.create(
        name="Ministry of Finance", short_name="MOF", kind=BodyKind.MINISTRY, is_finance=True
    )
    mps = Body.objects.create(name="Ministry of Public Security", short_name="MPS", kind=BodyKind.MINISTRY)
    editor, reviewer = make_user(username="mps"), make_user(username="mof")
    make_user(Role.STEERING, username="chair")
    budget.body_member_add(body=mps, user=editor, role=BodyRole.EDITOR)
    budget.body_member_add(body=finance, user=reviewer, role=BodyRole.FINANCE_REVIEWER)
    norms = budget.normset_create(by=reviewer, title="Norms")
    budget.norm_set_value(
        norm_set=norms, by=reviewer, category=Category.TRANSPORT, unit=Unit.CAR_DAY, unit_cost=3_500_000
    )
    budget.normset_publish(norm_set=norms, by=reviewer)

    ministry, pg = _as(browser, live_server, login, "mps")
    pg.goto("/budget/")
    pg.get_by_text("New proposal").click()
    pg.get_by_label("Title").fill("Escort cars")
    pg.get_by_role("button", name="Create the proposal").click()
    pg.get_by_label("Category").select_option(label="Transport")
    pg.get_by_label("Description").fill("Escort and liaison cars")
    pg.get_by_label("Quantity").fill("240")
    pg.locator("#id_unit").select_option(label="car-day")
    pg.get_by_label("Unit cost (đồng)").fill("4.200.000")
    pg.get_by_role("button", name="Add the line").click()
    expect(pg.get_by_test_id("line-check")).to_contain_text(
        "Over the norm by 700,000 đồng per unit (norm 3,500,000): 168,000,000 đồng in all."
    )
    pg.get_by_role("button", name="Submit to Finance").click()
    expect(pg.get_by_test_id("proposal-status")).to_have_text("Submitted to Finance")
    proposal_url = pg.url

    finance_ctx, fin = _as(browser, live_server, login, "mof")
    fin.goto(proposal_url)
    fin.get_by_role("button", name="Accept").click()
    expect(fin.get_by_test_id("action-errors")).to_contain_text("without a justification")
    fin.get_by_label("What must change").fill("The car-day rate is above the norm of 3,500,000 đồng.")
    fin.get_by_role("button", name="Return to the body").click()
    expect(fin.get_by_test_id("proposal-status")).to_have_text("Returned for changes")

    pg.goto(proposal_url)
    expect(pg.get_by_role("alert")).to_contain_text("The car-day rate is above the norm")
    pg.get_by_role("link", name="Change").click()
    pg.get_by_label("Unit cost (đồng)").fill("3,500,000")
    pg.get_by_role("button", name="Save the line").click()
    expect(pg.get_by_test_id("line-check")).to_contain_text("Within the norm (3,500,000)")
    pg.get_by_role("button", name="Submit to Finance").click()
    expect(pg.get_by_test_id("proposal-status")).to_have_text("Submitted to Finance")

    fin.goto(proposal_url)
    fin.get_by_role("button", name="Accept").click()
    expect(fin.get_by_test_id("proposal-status")).to_have_text("Accepted by Finance")
    fin.goto("/budget/estimates/")
    fin.get_by_label("Title").fill("Consolidated estimate")
    fin.get_by_role("button", name="Consolidate").click()
    expect(fin.get_by_test_id("estimate-total")).to_have_text("840,000,000")
    fin.get_by_role("button", name="Submit to the competent authority").click()
    expect(fin.get_by_test_id("estimate-status")).to_have_text("Submitted to the competent authority")
    estimate_url = fin.url

    chair_ctx, chair = _as(browser, live_server, login, "chair")
    chair.goto(estimate_url)
    chair.get_by_label("Decision number").fill("QĐ 12/QĐ-BCĐ")
    chair.get_by_role("button", name="Approve the estimate").click()
    expect(chair.get_by_test_id("estimate-status")).to_have_text("Approved")
    assert Estimate.objects.get().status == EstimateStatus.APPROVED
    for context in (ministry, finance_ctx, chair_ctx):
        context.close()


def test_flight_change_reissues_the_scenario_and_notifies_the_officer(
    browser, live_server, login, make_user, ceremony
):
    sc = Subcommittee.objects.get_or_create(slug="reception", defaults={"name": "Reception"})[0]
    lead, officer = make_user(username="protocol.lead"), make_user(username="protocol.officer")
    Membership.objects.create(user=lead, subcommittee=sc, role=MembershipRole.LEAD)
    Membership.objects.create(user=officer, subcommittee=sc, role=MembershipRole.MEMBER)
    make_user(Role.ORGANISER, username="olga", is_staff=True)
    WelcomingRule.objects.create(
        rank=ProtocolRank.HEAD_OF_STATE, official="Deputy Prime Minister", motorcade=True
    )
    delegation = StateDelegationFactory(status=DelegationStatus.CONFIRMED)
    head = MemberFactory(
        delegation=delegation,
        capacity=Capacity.HEAD,
        rank=ProtocolRank.HEAD_OF_STATE,
        arrival_flight="AF170",
        arrival_at=datetime.datetime(2025, 10, 24, 10, 0, tzinfo=HANOI),
        arrival_airport="Nội Bài – VIP terminal A1",
        hotel="Sofitel Legend Metropole Hanoi",
    )
    reception.officer_assign(delegation=delegation, officer=officer, by=lead)

    lead_ctx, pg = _as(browser, live_server, login, "protocol.lead")
    pg.goto("/reception/")
    pg.get_by_role("button", name="Issue the scenario").click()
    expect(pg.get_by_test_id("scenario-version")).to_contain_text("Issue 1")
    scenario_url = pg.url

    org_ctx, org = _as(browser, live_server, login, "olga")
    org.goto(f"/delegations/{delegation.pk}/members/{head.pk}/edit/")
    org.get_by_label("Arrival flight").fill("AF172")
    org.get_by_label("Arrival time").fill("2025-10-24T13:30")
    org.get_by_role("button", name="Save").click()
    expect(org.get_by_text("The member's details were saved.")).to_be_visible()

    pg.goto(scenario_url)
    expect(pg.get_by_test_id("scenario-version")).to_contain_text("Issue 2")
    expect(pg.get_by_test_id("change-note")).to_contain_text("AF170 → AF172")
    landing = pg.locator("tr[data-changed]").first
    expect(landing).to_contain_text("13:30")
    expect(landing).to_contain_text("Flight AF172 lands")
    assert Scenario.objects.get().version == 2

    officer_ctx, off = _as(browser, live_server, login, "protocol.officer")
    off.goto("/notifications/")
    expect(off.get_by_text("re-issued (issue 2)")).to_be_visible()
    assert Notification.objects.filter(recipient=officer, kind="reception.scenario_reissued").count() == 1
    for context in (lead_ctx, org_ctx, officer_ctx):
        context.close()
