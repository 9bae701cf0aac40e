"""The scanner reads a badge through the camera: Chromium's fake camera plays a video of a printed badge's
QR code (made here from a real signed credential), and the page decodes it with the vendored JavaScript
decoder (BarcodeDetector is taken away, as on browsers without it) and shows the verdict."""

import io

from playwright.sync_api import expect

from delegations.accreditation.credentials import badge_credential
from delegations.checkin.models import CheckinList, Gate, Scan
from delegations.checkin.services import checkin_list_save, gate_save
from hanoi_ceremony.accounts.roles import Role
from tests.accreditation.factories import BadgeFactory, CategoryFactory
from tests.conftest import CHROMIUM

from .conftest import CHROMIUM_ARGS

WIDTH, HEIGHT = 640, 480


def qr_video(text: str, path) -> None:
    """A few frames of a Y4M (YUV 4:2:0) video: the QR code of `text`, black on white, in the middle."""
    import segno
    from PIL import Image

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=5, border=4)
    code = Image.open(io.BytesIO(buffer.getvalue())).convert("L")
    frame = Image.new("L", (WIDTH, HEIGHT), 255)
    frame.paste(code, ((WIDTH - code.width) // 2, (HEIGHT - code.height) // 2))
    luma = frame.tobytes()
    chroma = bytes([128]) * (WIDTH // 2 * HEIGHT // 2)
    with open(path, "wb") as fh:
        fh.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F5:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(5):
            fh.write(b"FRAME\n" + luma + chroma + chroma)


def _badge(category):
    return BadgeFactory(
        accreditation__category=category,
        accreditation__member__family_name="Tran",
        accreditation__member__given_names="Minh",
        category=category,
        category_code=category.code,
        zone_codes=[],
    )


def test_the_camera_reads_a_badge_and_lets_it_in(live_server, make_user, ceremony, tmp_path, browser):
    officer = make_user(Role.ACCREDITATION, username="camera.officer")
    category = CategoryFactory(code="DEL", name="Delegate")
    hall = checkin_list_save(
        checkin_list=CheckinList(name="Plenary hall", code="plenary", categories=["DEL"]), by=officer
    )
    gate_save(gate=Gate(name="North gate", code="north"), lists=[hall], by=officer)
    badge = _badge(category)
    text = badge_credential(badge)

    video = tmp_path / "badge.y4m"
    qr_video(text, video)
    instance = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = instance.new_context(
            base_url=live_server.url, locale="en-GB", timezone_id="Asia/Ho_Chi_Minh"
        )
        context.grant_permissions(["camera"])
        context.add_init_script("delete window.BarcodeDetector;")
        context.set_default_timeout(20_000)
        page = context.new_page()
        from delegations.checkin.services import device_create

        _device, code = device_create(gate=Gate.objects.get(code="north"), name="Camera phone", by=officer)
        page.goto("/checkin/scanner/")
        page.get_by_label("Pairing code").fill(code)
        page.get_by_role("button", name="Pair").click()
        expect(page.get_by_test_id("gate-name")).to_have_text("Camera phone · North gate")
        page.get_by_label("List").select_option(label="Plenary hall")
        assert page.evaluate("'BarcodeDetector' in window") is False
        page.locator("#camera-button").click()
        result = page.locator("#result:not(.d-none)")
        expect(result).to_be_visible()
        assert result.get_attribute("data-result") == "accepted"
        expect(page.get_by_test_id("result-name")).to_have_text("Minh TRAN")
        # The same badge in front of the camera for a few seconds is read once, not once per frame.
        page.wait_for_timeout(1500)
        assert Scan.objects.filter(badge=badge).count() == 1
    finally:
        instance.close()
