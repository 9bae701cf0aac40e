"""PDF output (reportlab): the list of participants and the confirmation letters. Names carry diacritics
(Hà Nội, Türkiye, Côte d'Ivoire): a Unicode TrueType font is used when the system has one."""

import io
import os
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu",)
_fonts: tuple[str, str] | None = None


def fonts() -> tuple[str, str]:
    """(regular, bold) font names: DejaVu Sans when installed, else Helvetica."""
    global _fonts
    if _fonts is None:
        _fonts = ("Helvetica", "Helvetica-Bold")
        for folder in _FONT_DIRS:
            regular, bold = (
                os.path.join(folder, "DejaVuSans.ttf"),
                os.path.join(folder, "DejaVuSans-Bold.ttf"),
            )
            if os.path.exists(regular) and os.path.exists(bold):
                pdfmetrics.registerFont(TTFont("HC-Sans", regular))
                pdfmetrics.registerFont(TTFont("HC-Sans-Bold", bold))
                _fonts = ("HC-Sans", "HC-Sans-Bold")
                break
    return _fonts


def _styles():
    regular, bold = fonts()
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=15, leading=19, spaceAfter=6),
        "head": ParagraphStyle("head", fontName=bold, fontSize=11, leading=14, spaceBefore=8, spaceAfter=3),
        "body": ParagraphStyle("body", fontName=regular, fontSize=10, leading=13),
        "small": ParagraphStyle("small", fontName=regular, fontSize=8, leading=10, textColor=colors.grey),
    }


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def participants_pdf(*, title: str, subtitle: str, groups: list[dict], footer: str) -> bytes:
    """groups: [{"delegation": name, "members": [(title, name, capacity), ...]}] in protocol order."""
    st = _styles()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, title=title)
    story = [_p(title, st["title"]), _p(subtitle, st["small"]), Spacer(1, 4 * mm)]
    for group in groups:
        story.append(_p(group["delegation"], st["head"]))
        rows = [[_p(t, st["body"]), _p(n, st["body"]), _p(c, st["body"])] for t, n, c in group["members"]]
        if rows:
            table = Table(rows, colWidths=[55 * mm, 65 * mm, 50 * mm])
            table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(table)
    story += [Spacer(1, 6 * mm), _p(footer, st["small"])]
    doc.build(story)
    return buf.getvalue()


def letter_pdf(
    *,
    letterhead: list[str],
    date_line: str,
    addressee: str,
    paragraphs: list[str],
    members: list[tuple[str, str, str]],
    closing: list[str],
) -> bytes:
    st = _styles()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, title=addressee)
    story = [_p(letterhead[0], st["title"])] + [_p(line, st["small"]) for line in letterhead[1:]]
    story += [Spacer(1, 8 * mm), _p(date_line, st["body"]), Spacer(1, 4 * mm), _p(addressee, st["head"])]
    for text in paragraphs:
        story += [_p(text, st["body"]), Spacer(1, 3 * mm)]
    rows = [[_p(t, st["body"]), _p(n, st["body"]), _p(c, st["body"])] for t, n, c in members]
    if rows:
        table = Table(rows, colWidths=[50 * mm, 65 * mm, 50 * mm])
        table.setStyle(
            TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")])
        )
        story.append(table)
    story.append(Spacer(1, 6 * mm))
    story += [_p(line, st["body"]) for line in closing]
    doc.build(story)
    return buf.getvalue()
