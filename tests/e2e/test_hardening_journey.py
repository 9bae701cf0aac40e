"""Under the strict CSP the behaviours moved out of inline script still work in a real browser: the
report's chart draws, a member's removal asks first, and the browser reports no policy violation."""

import re

from playwright.sync_api import expect

from delegations.enums import Capacity
from hanoi_ceremony.accounts.roles import Role
from tests.delegations.factories import LiaisonFactory, MemberFactory


def test_chart_and_confirmations_work_under_the_strict_policy(page, login, make_user, ceremony):
    make_user(Role.ORGANISER, username="olga", is_staff=True)
    link = LiaisonFactory(delegation__country_code="FRA", delegation__name="France")
    MemberFactory(delegation=link.delegation, family_name="Durand", capacity=Capacity.ADVISER)
    violations: list[str] = []
    page.on(
        "console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None
    )
    login(page, "olga")

    page.goto("/delegations/report/")
    drawn = page.evaluate(
        "() => !!(window.Chart && window.Chart.getChart(document.getElementById('confirmations-chart')))"
    )

    page.goto(f"/delegations/{link.delegation.pk}/")
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name=re.compile(r"^Remove .*DURAND")).click()
    page.wait_for_timeout(300)

    assert drawn is True
    assert asked == ["Remove this member?"]
    expect(
        page.get_by_role("button", name=re.compile(r"^Remove .*DURAND"))
    ).to_be_visible()  # dismissed: still there
    assert violations == []
