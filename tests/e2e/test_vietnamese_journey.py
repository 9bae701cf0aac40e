"""Browser journey in Vietnamese: a focal point invited by the organisers registers the delegation and
submits it; every message the liaison sees is Vietnamese, and the account keeps Vietnamese afterwards."""

import io
import re

from PIL import Image
from playwright.sync_api import expect

from delegations.services import delegation_create, invitation_create
from delegations.services.invitations import invitation_url
from hanoi_ceremony.accounts.models import User
from hanoi_ceremony.accounts.roles import Role
from tests.core.test_pages_in_languages import _english_sentences, _text


def _photo(tmp_path):
    path = tmp_path / "anh.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), (120, 140, 160)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def _no_english(pg, sentences):
    text = _text(pg.content())
    left = [s for s in sentences if s in text]
    assert left == [], f"English on {pg.url}: {left}"


def test_liaison_registers_and_submits_in_vietnamese(browser, live_server, make_user, ceremony, tmp_path):
    organiser = make_user(Role.ORGANISER, username="olga", is_staff=True)
    delegation = delegation_create(participant_type="member_state", country_code="LAO", by=organiser)
    _invitation, token = invitation_create(delegation=delegation, email="focal@mofa.la", by=organiser)
    link = invitation_url(token)
    sentences = _english_sentences()

    context = browser.new_context(base_url=live_server.url, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    try:
        pg = context.new_page()
        pg.set_default_timeout(15_000)
        pg.goto(link)
        expect(pg.get_by_role("heading", name=re.compile("Đăng ký đoàn"))).to_be_visible()
        _no_english(pg, sentences)
        pg.locator("#id_first_name").fill("Somsak")
        pg.locator("#id_last_name").fill("Phommavong")
        pg.get_by_label("Chọn mật khẩu").fill("lao-signs-2025")
        pg.get_by_label("Nhập lại mật khẩu").fill("lao-signs-2025")
        pg.get_by_role("button", name="Tạo tài khoản của tôi").click()
        expect(pg.get_by_text(re.compile("Bạn hiện là đầu mối liên lạc"))).to_be_visible()
        _no_english(pg, sentences)

        pg.get_by_role("link", name="Thêm thành viên").click()
        _no_english(pg, sentences)
        pg.get_by_label("Họ (như trong hộ chiếu)").fill("Saleumxay")
        pg.get_by_label("Tên (như trong hộ chiếu)").fill("Kommasith")
        pg.get_by_label("Tư cách trong đoàn").select_option(label="Trưởng đoàn")
        pg.get_by_label("Cấp bậc lễ tân").select_option(label="Bộ trưởng Ngoại giao")
        pg.get_by_label("Quốc tịch").select_option("LAO")
        pg.get_by_label("Số hộ chiếu").fill("LA1000001")
        pg.get_by_label("Ảnh thẻ").set_input_files(_photo(tmp_path))
        pg.get_by_role("button", name="Lưu").click()
        expect(pg.get_by_text("Đã thêm thành viên.")).to_be_visible()
        _no_english(pg, sentences)

        pg.get_by_role("button", name="Gửi hồ sơ đăng ký").click()
        expect(pg.get_by_text("Hồ sơ đăng ký của bạn đã được gửi để xem xét.")).to_be_visible()
        _no_english(pg, sentences)
    finally:
        context.close()

    delegation.refresh_from_db()
    assert delegation.status == "submitted"
    assert User.objects.get(email="focal@mofa.la").language == "vi"
