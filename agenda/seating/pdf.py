"""Place cards: one folded tent card per delegation, two per A4 page (reportlab)."""

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from delegations.protocol.pdf import fonts

CARD_H = A4[1] / 2


def _fit(c: canvas.Canvas, text: str, width: float, start: int = 44) -> int:
    size = start
    while size > 12 and c.stringWidth(text, fonts()[1], size) > width:
        size -= 2
    return size


def place_cards_pdf(names: list[str], *, title: str) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setTitle(title)
    width = A4[0]
    for i, name in enumerate(names):
        if i and i % 2 == 0:
            c.showPage()
        base = CARD_H if i % 2 == 0 else 0
        # The fold runs through the middle of each card: the front half upright, the back half upside down.
        half = CARD_H / 2
        c.setDash(3, 3)
        c.line(10 * mm, base + half, width - 10 * mm, base + half)
        c.setDash()
        c.rect(10 * mm, base + 5 * mm, width - 20 * mm, CARD_H - 10 * mm)
        size = _fit(c, name, width - 40 * mm)
        c.setFont(fonts()[1], size)
        c.drawCentredString(width / 2, base + half / 2 - size / 3, name)
        c.saveState()
        c.translate(width / 2, base + half + half / 2)
        c.rotate(180)
        c.drawCentredString(0, -size / 3, name)
        c.restoreState()
    if not names:
        c.setFont(fonts()[0], 14)
        c.drawString(20 * mm, A4[1] - 30 * mm, title)
    c.showPage()
    c.save()
    return buf.getvalue()
