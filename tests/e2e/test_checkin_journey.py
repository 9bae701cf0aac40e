"""The gate scanner in Chromium: an officer pairs a device; online scans show green with the photo or red with
the reason; then offline (switched by hand) 20 scans are judged in the browser (Ed25519 through WebCrypto)
and queued, uploaded when back online, and an upload of the same queue again adds nothing."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from delegations.accreditation.credentials import badge_credential
from delegations.accreditation.models import Counter
from delegations.checkin.models import CheckinList, Gate, Scan
from delegations.checkin.services import checkin_list_save, gate_save
from hanoi_ceremony.accounts.roles import Role
from tests.accreditation.factories import BadgeFactory, CategoryFactory


def _revoke(badges):
    for version, badge in enumerate(badges, start=1):
        type(badge).objects.filter(pk=badge.pk).update(
            state="revoked", revoked_at=timezone.now(), revoked_reason="lost", revocation_version=version
        )
    Counter.objects.update_or_create(name="revocation", defaults={"value": len(badges)})


def _scan(page, text):
    page.get_by_test_id("scan-input").fill(text)
    page.get_by_test_id("scan-input").press("Enter")
    result = page.locator("#result:not(.d-none)")
    expect(result).to_be_visible()
    return result.get_attribute("data-result"), result.get_attribute("data-reason")


def test_pair_scan_online_then_offline_and_upload_once(page, login, make_user, ceremony, live_server):
    officer = make_user(Role.ACCREDITATION, username="gatekeeper")
    delegate = CategoryFactory(code="DEL", name="Delegate")
    CategoryFactory(code="HOD", name="Head", colour="#B8860B")
    hall = checkin_list_save(
        checkin_list=CheckinList(name="Plenary hall", code="plenary", categories=["DEL", "HOD"]), by=officer
    )
    signing = checkin_list_save(
        checkin_list=CheckinList(name="Signing room", code="signing", categories=["HOD"], zone="SIGN"),
        by=officer,
    )
    gate_save(gate=Gate(name="North gate", code="north"), lists=[hall, signing], by=officer)

    def badge(category=delegate, **kw):
        return BadgeFactory(
            accreditation__category=category,
            category=category,
            category_code=category.code,
            zone_codes=[],
            **kw,
        )

    approved = badge(accreditation__member__family_name="Nguyen", accreditation__member__given_names="Lan")
    valid = [badge() for _ in range(8)]
    revoked = [badge() for _ in range(5)]
    wrong_zone = [badge() for _ in range(4)]
    texts = {b.pk: badge_credential(b) for b in [approved, *valid, *revoked, *wrong_zone]}
    _revoke(revoked)

    # The officer issues a one-time code; the device pairs with it.
    login(page, "gatekeeper")
    page.goto("/checkin/gates/")
    page.get_by_label("Device name").fill("Phone 1")
    page.get_by_role("button", name="Pair a device").click()
    code = page.get_by_test_id("pairing-code").inner_text()
    page.goto("/checkin/scanner/")
    page.get_by_label("Pairing code").fill(code)
    page.get_by_role("button", name="Pair").click()
    expect(page.get_by_test_id("gate-name")).to_have_text("Phone 1 · North gate")
    expect(page.get_by_test_id("sync-state")).to_contain_text("5 revoked badges known")

    # Online: approved → green with the photo and name; revoked → red; wrong zone → red.
    page.get_by_label("List").select_option(label="Plenary hall")
    assert _scan(page, texts[approved.pk]) == ("accepted", "")
    expect(page.get_by_test_id("result-name")).to_have_text("Lan NGUYEN")
    expect(page.get_by_test_id("result-photo")).to_have_attribute("src", re.compile(r"^blob:"))
    assert _scan(page, texts[revoked[0].pk]) == ("rejected", "revoked")
    expect(page.get_by_test_id("result-reason")).to_have_text("Badge revoked")
    page.get_by_label("List").select_option(label="Signing room")
    assert _scan(page, texts[wrong_zone[0].pk]) == ("rejected", "wrong_zone")
    online_scans = Scan.objects.count()
    assert online_scans == 3

    # Offline, switched by hand, then the network goes.
    page.get_by_test_id("offline-toggle").click()
    expect(page.get_by_test_id("mode")).to_have_text("Offline")
    page.context.set_offline(True)

    body, signature = texts[valid[0].pk][4:].split(".")
    forged_signature = ("A" if signature[0] != "A" else "B") + signature[1:]
    plan = (
        [("Plenary hall", texts[b.pk], ("accepted", "")) for b in valid]
        + [("Plenary hall", texts[valid[0].pk], ("rejected", "already_inside"))]
        + [("Plenary hall", texts[b.pk], ("rejected", "revoked")) for b in revoked[1:]]
        + [("Signing room", texts[b.pk], ("rejected", "wrong_zone")) for b in wrong_zone]
        + [("Plenary hall", f"HC1:{body}.{forged_signature}", ("rejected", "forged"))] * 2
        + [("Plenary hall", "not a badge", ("rejected", "unknown"))]
    )
    assert len(plan) == 20
    seen = []
    for list_name, text, _expected in plan:
        page.get_by_label("List").select_option(label=list_name)
        seen.append(_scan(page, text))
    assert seen == [expected for _, _, expected in plan]
    expect(page.get_by_test_id("queue-count")).to_have_text("20")
    queue = page.evaluate("HCStore.get('queue')")
    assert Scan.objects.count() == online_scans  # nothing reached the server

    # Back online: the queue goes up once.
    page.context.set_offline(False)
    page.get_by_test_id("offline-toggle").click()
    expect(page.get_by_test_id("message")).to_contain_text(
        "Uploaded: 20 stored, 0 already known, 0 conflicts"
    )
    expect(page.get_by_test_id("queue-count")).to_have_text("0")
    assert Scan.objects.filter(offline=True).count() == 20
    assert Scan.objects.filter(offline=True, result="accepted").count() == 8

    # The same queue sent again adds nothing.
    again = page.evaluate(
        """async (queue) => {
            const token = await HCStore.get('token');
            const response = await fetch('/api/checkin/scans', {method: 'POST',
                headers: {'Content-Type': 'application/json', Authorization: 'Bearer ' + token},
                body: JSON.stringify({scans: queue})});
            return response.json();
        }""",
        queue,
    )
    assert (again["stored"], again["duplicates"]) == (0, 20)
    assert Scan.objects.filter(offline=True).count() == 20
    assert Scan.objects.filter(device_time__gte=timezone.now() - datetime.timedelta(hours=1)).count() == 23
