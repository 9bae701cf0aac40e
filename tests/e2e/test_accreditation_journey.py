"""Issue 12's journey: a liaison adds a member → the officer approves the photo and pre-approves →
security's import approves → the badge PDF is printed (read back: the name is there and the QR, decoded
from the rendered page, verifies with the published public key) → the liaison collects (receipt) → the
badge is reported lost → the old serial is on the revocation list and the new badge verifies."""

import base64
import csv
import io
import json

import pypdfium2
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from delegations.accreditation.enums import BadgeState
from delegations.accreditation.models import Accreditation, Badge
from delegations.accreditation.selectors import revoked_serials
from hanoi_ceremony.accounts.roles import Role, forget_roles
from tests.accreditation.factories import CategoryFactory, ZoneFactory
from tests.delegations.factories import LiaisonFactory
from tests.factories import UserFactory


def _b64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _verify_with_published_key(pg, text: str) -> dict:
    """What a scanner does: fetch keys.json, find the kid, check the Ed25519 signature over the payload."""
    keys = pg.request.get("/accreditation/keys.json").json()["keys"]
    assert text.startswith("HC1:")
    body_b64, signature_b64 = text[4:].split(".")
    body = _b64(body_b64)
    payload = json.loads(body)
    key = next(k for k in keys if k["kid"] == payload["kid"] and k["status"] != "retired")
    Ed25519PublicKey.from_public_bytes(_b64(key["public_key"])).verify(_b64(signature_b64), body)
    return payload


def _qr_of(pdf: bytes) -> str:
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=4).to_pil()
    (result,) = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return result.text


def test_member_accredited_printed_collected_lost_and_reissued(
    page, browser, live_server, login, make_user, ceremony, tmp_path
):
    CategoryFactory(
        code="DEL", name="Delegate", capacities=["representative"], zone_list=[ZoneFactory(code="PLN")]
    )
    liaison_user = UserFactory(username="lea")
    liaison = LiaisonFactory(user=liaison_user, delegation__country_code="FRA", delegation__name="France")
    forget_roles(liaison_user)
    make_user(Role.ACCREDITATION, username="duc")
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (300, 400), (120, 140, 160)).save(photo, "JPEG")

    # The liaison adds a member.
    login(page, "lea")
    page.goto(f"/delegations/{liaison.delegation.pk}/")
    page.get_by_role("link", name="Add a member").click()
    page.get_by_label("Family name (as in passport)").fill("Lefèvre")
    page.get_by_label("Given names (as in passport)").fill("Camille")
    page.get_by_label("Capacity in the delegation").select_option(label="Representative")
    page.get_by_label("Nationality").select_option("FRA")
    page.get_by_label("Passport number").fill("19FR55821")
    page.get_by_label("Passport expiry").fill("2031-03-01")
    page.get_by_label("Badge photo").set_input_files(str(photo))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The member was added.")).to_be_visible()
    page.goto("/accreditation/delegations/mine/")
    expect(page.get_by_test_id("members-accreditation")).to_contain_text("Camille LEFÈVRE")
    expect(page.get_by_test_id("members-accreditation")).to_contain_text("Awaiting review")
    accreditation = Accreditation.objects.get(member__family_name="Lefèvre")

    # The officer approves the photo and pre-approves.
    officer = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Asia/Ho_Chi_Minh")
    desk = officer.new_page()
    desk.set_default_timeout(15_000)
    login(desk, "duc")
    desk.get_by_role("button", name="Accreditation").click()
    desk.locator('a.dropdown-item[href="/accreditation/"]').click()
    desk.get_by_role("link", name="Camille LEFÈVRE").click()
    desk.get_by_label("Verdict").select_option("approve")
    desk.get_by_test_id("photo-submit").click()
    expect(desk.get_by_test_id("photo-state")).to_have_text("Approved")
    desk.get_by_test_id("vetting-pre_approved").click()
    expect(desk.get_by_test_id("vetting")).to_have_text("Pre-approved")

    # Security's decisions come back as a CSV: preview, then apply.
    decisions = tmp_path / "decisions.csv"
    with decisions.open("w", newline="") as f:
        csv.writer(f).writerows(
            [["reference", "decision", "note"], [f"ACC-{accreditation.pk:06d}", "approved", ""]]
        )
    desk.goto("/accreditation/")
    desk.get_by_role("link", name="Security export and import").click()
    desk.get_by_label("Security decisions (CSV)").set_input_files(str(decisions))
    desk.get_by_test_id("preview").click()
    expect(desk.get_by_test_id("import-preview")).to_contain_text("Camille LEFÈVRE")
    desk.get_by_test_id("apply").click()
    expect(desk.get_by_text("1 security decisions applied.")).to_be_visible()

    # Print queue: the sheet PDF, read back; then marked printed.
    desk.goto("/accreditation/print/")
    expect(desk.get_by_test_id("print-queue")).to_contain_text("Camille LEFÈVRE")
    desk.get_by_label("Pages").select_option("0")
    with desk.expect_download() as download:
        desk.get_by_test_id("download-sheet").click()
    pdf = open(download.value.path(), "rb").read()
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "LEFÈVRE" in text and "Camille" in text and "France" in text
    payload = _verify_with_published_key(desk, _qr_of(pdf))
    badge = Badge.objects.get(accreditation=accreditation)
    assert (payload["bid"], payload["sn"], payload["cat"], payload["z"]) == (
        badge.pk,
        badge.serial,
        "DEL",
        ["PLN"],
    )
    desk.get_by_test_id("mark-printed").click()
    expect(desk.get_by_text("1 badges marked printed.")).to_be_visible()

    # The liaison collects at the desk: custody receipt.
    desk.goto("/accreditation/collection/")
    desk.get_by_role("link", name="France").click()
    desk.get_by_label("Collected by (full name, as on their ID)").fill("Léa Martin")
    desk.get_by_test_id("collect").click()
    receipt_url = desk.get_by_test_id("receipt").get_attribute("href")
    receipt = desk.request.get(receipt_url)
    assert receipt.headers["content-type"] == "application/pdf"
    receipt_text = PdfReader(io.BytesIO(receipt.body())).pages[0].extract_text()
    assert "Léa Martin" in receipt_text and str(badge.serial) in receipt_text
    badge.refresh_from_db()
    assert badge.state == BadgeState.COLLECTED

    # Reported lost: revoked and reissued with a new serial.
    start = revoked_serials()["version"]
    desk.goto(f"/accreditation/people/{accreditation.pk}/")
    desk.locator('select[name="reason"]').select_option("lost")
    desk.get_by_test_id("reissue").click()
    expect(desk.get_by_text(f"Badge {badge} revoked; new badge")).to_be_visible()
    assert revoked_serials(since_version=start)["serials"] == [badge.serial]
    new_pdf = desk.request.get(f"/accreditation/people/{accreditation.pk}/badge.pdf?layout=id1").body()
    new_payload = _verify_with_published_key(desk, _qr_of(new_pdf))
    new_badge = Badge.objects.get(accreditation=accreditation, state=BadgeState.APPROVED)
    assert (new_payload["sn"], new_badge.replaces_id) == (new_badge.serial, badge.pk)
    assert new_payload["sn"] != badge.serial
    officer.close()
