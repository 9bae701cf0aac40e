import io

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from delegations.accreditation.credentials import credential_verify
from delegations.accreditation.pdf import badges_pdf, receipt_pdf
from tests.accreditation.factories import BadgeFactory

pytestmark = pytest.mark.django_db


def qr_texts(pdf: bytes, page: int = 0, scale: float = 4) -> list[str]:
    """Render one page of the PDF and decode every QR code on it (what a scanner would read)."""
    document = pypdfium2.PdfDocument(pdf)
    image = document[page].render(scale=scale).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


@pytest.mark.parametrize("layout", ["a6", "id1"])
def test_badge_pdf_shows_the_name_and_a_qr_that_verifies(ceremony, layout):
    badge = BadgeFactory(
        accreditation__member__family_name="Nguyễn", accreditation__member__given_names="Thị Lan"
    )
    pdf = badges_pdf([badge], layout=layout)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "NGUYỄN" in text and "Thị Lan" in text and str(badge.serial) in text
    (decoded,) = qr_texts(pdf)
    payload = credential_verify(decoded)
    assert (payload["bid"], payload["sn"], payload["z"]) == (badge.pk, badge.serial, badge.zone_codes)


def test_imposed_sheet_holds_ten_id1_cards_per_a4(ceremony):
    badges = [BadgeFactory() for _ in range(11)]
    pdf = badges_pdf(badges, layout="id1", imposed=True)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    assert round(float(reader.pages[0].mediabox.width)) == 595
    decoded = qr_texts(pdf, scale=5)
    assert sorted(credential_verify(t)["sn"] for t in decoded) == sorted(b.serial for b in badges[:10])


def test_receipt_lists_the_badges(ceremony, officer):
    from delegations.accreditation.models import BadgeCollection

    badge = BadgeFactory()
    collection = BadgeCollection.objects.create(
        delegation=badge.accreditation.delegation, collected_by_name="Jean Dupont", desk_officer=officer
    )
    text = PdfReader(io.BytesIO(receipt_pdf(collection, [badge]))).pages[0].extract_text()
    assert "Jean Dupont" in text and str(badge.serial) in text


def test_qr_with_the_fixed_mask_decodes_for_credentials_of_every_length():
    """The mask is fixed (no search): an independent reader decodes it whatever the text's length or
    content, from the shortest credential to the longest a badge carries."""
    import random
    import string

    from PIL import Image

    from delegations.accreditation.pdf import qr_image

    rng = random.Random(18004)
    alphabet = string.ascii_letters + string.digits + "-_."
    for length in (20, 90, 150, 200, 260, 320, 400):
        for _ in range(3):
            text = "HC1:" + "".join(rng.choice(alphabet) for _ in range(length))
            width, height, bits = qr_image(text)
            modules = Image.frombytes("1", (width, height), bits).convert("L")
            framed = Image.new("L", (width + 8, height + 8), 255)
            framed.paste(modules, (4, 4))
            framed = framed.resize((framed.width * 4, framed.height * 4), Image.NEAREST)
            (result,) = zxingcpp.read_barcodes(framed, formats=zxingcpp.BarcodeFormat.QRCode)
            assert result.text == text
            assert result.ec_level == "M"
