"""Badge PDFs with reportlab: ID-1 cards and A6 portrait badges, one per person, per delegation or
imposed on A4 print sheets; and the custody receipt a liaison signs at collection.

Each badge shows the photo, the name as in the passport, the delegation (or media organisation), the
category's colour band and label, the zone codes and the QR code — the signed credential of
`credentials.badge_credential`, drawn as a 1-bit stencil (one sample per module, never interpolated: crisp at
any printer resolution)."""

import io
import os
from functools import lru_cache

import zint
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab import rl_config
from reportlab.lib.colors import HexColor, black, white
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from hanoi_ceremony.core.selectors import ceremony_get

from .credentials import badge_credential, signing_key_active

# Images are embedded as binary streams, not ASCII85 text (a quarter smaller and faster to write).
rl_config.useA85 = 0
ID1 = (85.6 * mm, 54 * mm)
# The QR mask is fixed: any of the eight decodes (ISO/IEC 18004 chooses one only to avoid patterns that
# look like finder patterns), and the encoder's search through all eight was 90% of its time. A test
# decodes printed badges with an independent reader (zxing-cpp).
MASK = 2
LAYOUTS = ("id1", "a6")
FONT_DIR = "/usr/share/fonts/truetype/dejavu"
GREY = HexColor("#666666")


@lru_cache(maxsize=1)
def fonts() -> tuple[str, str]:
    """DejaVu (every Latin, Cyrillic and Vietnamese letter a passport name may hold) when installed,
    else Helvetica."""
    regular, bold = os.path.join(FONT_DIR, "DejaVuSans.ttf"), os.path.join(FONT_DIR, "DejaVuSans-Bold.ttf")
    if os.path.exists(regular) and os.path.exists(bold):
        pdfmetrics.registerFont(TTFont("BadgeSans", regular))
        pdfmetrics.registerFont(TTFont("BadgeSans-Bold", bold))
        return "BadgeSans", "BadgeSans-Bold"
    return "Helvetica", "Helvetica-Bold"


# zint's rows are packed least significant bit first, 1 = dark; a PDF image mask wants the most significant
# bit first and 0 = dark (painted): one byte table does both.
_ZINT_TO_MASK = bytes(~int(f"{b:08b}"[::-1], 2) & 0xFF for b in range(256))


def qr_image(text: str) -> tuple[int, int, bytes]:
    """The QR code of `text` (error correction M, mask MASK) one bit per module: (width, height, rows
    packed one bit per module, 0 = dark, each row padded to a byte). Zint (C) encodes a badge's QR in
    about 40 µs."""
    symbol = zint.Symbol()
    symbol.symbology = zint.Symbology.QRCODE
    symbol.option_1 = 2  # error correction M (15%)
    symbol.option_3 = (MASK + 1) << 8  # zint: a fixed mask is (mask + 1) << 8
    symbol.encode(text)
    width, height = symbol.width, symbol.rows
    rows = symbol.encoded_data
    stride, row_bytes = (width + 7) // 8, rows.shape[1]
    raw = rows.tobytes()
    packed = b"".join(raw[r * row_bytes : r * row_bytes + stride] for r in range(height))
    return width, height, packed.translate(_ZINT_TO_MASK)


def qr_draw(c: canvas.Canvas, text: str, x: float, y: float, size: float) -> None:
    """Draw `text` as a QR code in a square of side `size` (4-module quiet zone included) with its lower
    left corner at (x, y). The modules are a 1-bit stencil mask painted black (an inline image, /IM): one
    sample per module, never interpolated, so the edges stay sharp at any printer resolution."""
    width, height, bits = qr_image(text)
    unit = size / (width + 8)
    c.setFillColor(white)
    c.rect(x, y, size, size, stroke=0, fill=1)
    c.setFillColor(black)
    c.addLiteral(
        f"q {width * unit:.3f} 0 0 {height * unit:.3f} {x + 4 * unit:.3f} {y + 4 * unit:.3f} cm "
        f"BI /W {width} /H {height} /IM true /BPC 1 /F /AHx ID {bits.hex()}> EI Q"
    )


def _fit(c, text: str, font: str, size: float, width: float, minimum: float = 5) -> float:
    while size > minimum and c.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _photo(c, accreditation, x, y, w, h, regular) -> None:
    person = accreditation.person
    photo = getattr(person, "photo", None)
    if photo and photo.name:
        try:
            c.drawImage(photo.path, x, y, w, h, preserveAspectRatio=True, anchor="c")
            return
        except OSError:
            pass
    c.setStrokeColor(GREY)
    c.rect(x, y, w, h, stroke=1, fill=0)
    c.setFillColor(GREY)
    c.setFont(regular, 6)
    c.drawCentredString(x + w / 2, y + h / 2, _("no photo"))


def _org(accreditation) -> str:
    if accreditation.delegation_id:
        return accreditation.delegation.name
    return accreditation.media.outlet if accreditation.media_id else ""


def _names(accreditation) -> tuple[str, str]:
    person = accreditation.person
    return (person.family_name or "").upper(), person.given_names or ""


def draw_badge(c: canvas.Canvas, badge, *, layout: str, x: float, y: float, key, event: str) -> None:
    """One badge with its lower left corner at (x, y)."""
    regular, bold = fonts()
    accreditation = badge.accreditation
    category = badge.category
    band, band_text = HexColor(category.colour), HexColor(category.text_colour)
    family, given = _names(accreditation)
    org = _org(accreditation)
    zones = "  ".join(badge.zone_codes) or "—"
    credential = badge_credential(badge, key=key)
    if layout == "id1":
        w, h = ID1
        c.setStrokeColor(HexColor("#BBBBBB"))
        c.rect(x, y, w, h, stroke=1, fill=0)
        c.setFillColor(band)
        c.rect(x, y + h - 9 * mm, w, 9 * mm, stroke=0, fill=1)
        c.setFillColor(band_text)
        c.setFont(bold, _fit(c, category.printed_label, bold, 11, w - 6 * mm))
        c.drawString(x + 3 * mm, y + h - 6 * mm, category.printed_label)
        _photo(c, accreditation, x + 3 * mm, y + 13 * mm, 22 * mm, 28 * mm, regular)
        text_x, text_w = x + 27 * mm, w - 27 * mm - 29 * mm
        c.setFillColor(black)
        c.setFont(bold, _fit(c, family, bold, 9, text_w))
        c.drawString(text_x, y + 36 * mm, family)
        c.setFont(regular, _fit(c, given, regular, 8, text_w))
        c.drawString(text_x, y + 32 * mm, given)
        c.setFont(regular, _fit(c, org, regular, 7, text_w))
        c.drawString(text_x, y + 26 * mm, org)
        c.setFont(regular, 5)
        c.setFillColor(GREY)
        c.drawString(text_x, y + 21 * mm, event)
        c.setFillColor(black)
        c.setFont(bold, 9)
        c.drawString(x + 3 * mm, y + 7 * mm, zones)
        c.setFont(regular, 6)
        c.drawString(x + 3 * mm, y + 3 * mm, f"No. {badge.serial}")
        qr_draw(c, credential, x + w - 29 * mm, y + 2 * mm, 27 * mm)
        return
    w, h = A6
    c.setStrokeColor(HexColor("#BBBBBB"))
    c.rect(x, y, w, h, stroke=1, fill=0)
    c.setFillColor(black)
    c.setFont(bold, _fit(c, event, bold, 10, w - 10 * mm))
    c.drawCentredString(x + w / 2, y + h - 10 * mm, event)
    _photo(c, accreditation, x + (w - 30 * mm) / 2, y + h - 56 * mm, 30 * mm, 40 * mm, regular)
    c.setFont(bold, _fit(c, family, bold, 16, w - 10 * mm))
    c.drawCentredString(x + w / 2, y + h - 65 * mm, family)
    c.setFont(regular, _fit(c, given, regular, 12, w - 10 * mm))
    c.drawCentredString(x + w / 2, y + h - 71 * mm, given)
    c.setFont(regular, _fit(c, org, regular, 10, w - 10 * mm))
    c.drawCentredString(x + w / 2, y + h - 78 * mm, org)
    qr_draw(c, credential, x + 5 * mm, y + 18 * mm, 42 * mm)
    c.setFont(bold, 14)
    c.drawString(x + 52 * mm, y + 48 * mm, zones)
    c.setFont(regular, 7)
    c.drawString(x + 52 * mm, y + 43 * mm, _("Zones"))
    c.drawString(x + 52 * mm, y + 24 * mm, f"No. {badge.serial}")
    c.setFillColor(band)
    c.rect(x, y, w, 15 * mm, stroke=0, fill=1)
    c.setFillColor(band_text)
    c.setFont(bold, _fit(c, category.printed_label, bold, 16, w - 10 * mm))
    c.drawCentredString(x + w / 2, y + 5 * mm, category.printed_label)


def _grid(layout: str) -> tuple[tuple[float, float], list[tuple[float, float]]]:
    """Badge size and lower-left positions of the badges on one imposed A4 sheet."""
    page_w, page_h = A4
    size = ID1 if layout == "id1" else A6
    cols, rows = int(page_w // size[0]), int(page_h // size[1])
    margin_x = (page_w - cols * size[0]) / 2
    margin_y = (page_h - rows * size[1]) / 2
    slots = [
        (margin_x + col * size[0], page_h - margin_y - (row + 1) * size[1])
        for row in range(rows)
        for col in range(cols)
    ]
    return size, slots


def badges_pdf(badges, *, layout: str = "a6", imposed: bool = False, title: str = "") -> bytes:
    """One PDF with the badges: one per page (the badge's own page size) or imposed on A4 sheets."""
    if layout not in LAYOUTS:
        raise ValueError(layout)
    badges = list(badges)
    key = signing_key_active()
    ceremony = ceremony_get()
    event = ceremony.short_name if ceremony else ""
    out = io.BytesIO()
    size, slots = _grid(layout)
    c = canvas.Canvas(out, pagesize=A4 if imposed else (ID1 if layout == "id1" else A6), pageCompression=1)
    c.setTitle(title or _("Badges"))
    c.setCreator("hanoi_ceremony")
    for index, badge in enumerate(badges):
        if imposed:
            slot = index % len(slots)
            if slot == 0 and index:
                c.showPage()
            x, y = slots[slot]
        else:
            if index:
                c.showPage()
            x, y = 0, 0
        draw_badge(c, badge, layout=layout, x=x, y=y, key=key, event=event)
    if not badges:
        c.setFont(fonts()[0], 10)
        c.drawString(20 * mm, 20 * mm, _("No badges."))
    c.showPage()
    c.save()
    return out.getvalue()


def photos_only_pdf(badges, *, layout: str = "a6") -> bytes:
    """The benchmark's floor: the same imposed A4 pages with only the photos drawn."""
    badges = list(badges)
    out = io.BytesIO()
    size, slots = _grid(layout)
    regular, _bold = fonts()
    c = canvas.Canvas(out, pagesize=A4, pageCompression=1)
    for index, badge in enumerate(badges):
        slot = index % len(slots)
        if slot == 0 and index:
            c.showPage()
        x, y = slots[slot]
        if layout == "id1":
            _photo(c, badge.accreditation, x + 3 * mm, y + 13 * mm, 22 * mm, 28 * mm, regular)
        else:
            _photo(
                c,
                badge.accreditation,
                x + (size[0] - 30 * mm) / 2,
                y + size[1] - 56 * mm,
                30 * mm,
                40 * mm,
                regular,
            )
    c.showPage()
    c.save()
    return out.getvalue()


def receipt_pdf(collection, badges) -> bytes:
    """The custody receipt: which badges were handed to whom, when, by which desk officer; two signatures."""
    regular, bold = fonts()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    c.setTitle(_("Custody receipt %(number)s") % {"number": collection})
    page_w, page_h = A4
    ceremony = ceremony_get()
    y = page_h - 25 * mm

    def header():
        nonlocal y
        c.setFont(bold, 14)
        c.drawString(20 * mm, y, _("Badge custody receipt %(number)s") % {"number": collection})
        y -= 7 * mm
        c.setFont(regular, 10)
        if ceremony:
            c.drawString(20 * mm, y, str(ceremony))
            y -= 6 * mm
        c.drawString(20 * mm, y, _("Delegation: %(name)s") % {"name": collection.delegation.display_name})
        y -= 6 * mm
        when = timezone.localtime(collection.collected_at).strftime("%Y-%m-%d %H:%M")
        c.drawString(
            20 * mm,
            y,
            _("Collected on %(when)s (Hà Nội time) by %(name)s")
            % {"when": when, "name": collection.collected_by_name},
        )
        y -= 6 * mm
        c.drawString(
            20 * mm, y, _("Handed over by: %(officer)s") % {"officer": collection.desk_officer or "—"}
        )
        y -= 10 * mm
        c.setFont(bold, 9)
        c.drawString(20 * mm, y, _("Serial"))
        c.drawString(45 * mm, y, _("Name"))
        c.drawString(130 * mm, y, _("Category"))
        c.drawString(165 * mm, y, _("Zones"))
        y -= 5 * mm
        c.setFont(regular, 9)

    header()
    for badge in badges:
        if y < 45 * mm:
            c.showPage()
            y = page_h - 25 * mm
            header()
        family, given = _names(badge.accreditation)
        c.drawString(20 * mm, y, str(badge.serial))
        c.drawString(45 * mm, y, f"{family} {given}"[:60])
        c.drawString(130 * mm, y, badge.category.name[:22])
        c.drawString(165 * mm, y, " ".join(badge.zone_codes)[:20])
        y -= 5 * mm
    y -= 5 * mm
    c.setFont(regular, 10)
    c.drawString(
        20 * mm,
        y,
        _("%(count)s badges received in good order. I take custody of them for my delegation.")
        % {"count": len(badges)},
    )
    y -= 20 * mm
    c.line(20 * mm, y, 90 * mm, y)
    c.line(115 * mm, y, 185 * mm, y)
    y -= 5 * mm
    c.drawString(20 * mm, y, _("Signature of %(name)s") % {"name": collection.collected_by_name})
    c.drawString(115 * mm, y, _("Signature of the desk officer"))
    c.showPage()
    c.save()
    return out.getvalue()
