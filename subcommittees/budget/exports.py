"""The estimate as a ministry files it: XLSX through the one exporter (formula-safe) and a PDF.

The PDF follows the layout of a Vietnamese administrative submission: the issuing body and the national
motto at the top, the title, the totals by category (with ceilings) and by body, the detailed lines, and
the signature blocks. Amounts are integers formatted with the active locale's thousands separator.
"""

import io
import os

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.core.exports import Column, export_response

from .enums import Category, Unit
from .money import format_dong
from .selectors import estimate_detail

_CATEGORIES = dict(Category.choices)
_UNITS = dict(Unit.choices)
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu",)


def estimate_xlsx_response(request, estimate):
    view = estimate_detail(estimate)
    rows = []
    for n, line in enumerate(view.lines, start=1):
        rows.append(
            {
                "n": n,
                "body": line.body.name,
                "category": str(_CATEGORIES.get(line.category, line.category)),
                "description": line.description,
                "quantity": line.quantity,
                "unit": str(_UNITS.get(line.unit, line.unit)),
                "unit_cost": line.unit_cost,
                "amount": line.amount,
                "norm": line.norm_unit_cost,
                "overrun": line.overrun,
            }
        )
    for row in view.by_category:
        rows.append(
            {
                "category": row.label,
                "description": _("Subtotal"),
                "amount": row.amount,
                "overrun": row.overrun,
                "cap": row.cap,
            }
        )
    rows.append({"description": _("Total"), "amount": view.total, "overrun": view.overrun})
    columns = [
        Column(_("No."), "n"),
        Column(_("Body"), "body"),
        Column(_("Category"), "category"),
        Column(_("Description"), "description"),
        Column(_("Quantity"), "quantity"),
        Column(_("Unit"), "unit"),
        Column(_("Unit cost (đồng)"), "unit_cost"),
        Column(_("Amount (đồng)"), "amount"),
        Column(_("Norm (đồng per unit)"), "norm"),
        Column(_("Over the norm (đồng)"), "overrun"),
        Column(_("Ceiling (đồng)"), "cap"),
    ]
    return export_response(
        request,
        fmt="xlsx",
        filename=f"estimate-{estimate.pk}",
        title=_("Estimate"),
        columns=columns,
        rows=rows,
        audit_target=estimate,
        audit_action="estimate.exported",
        audit_data={"export": "xlsx"},
    )


def _fonts() -> tuple[str, str]:
    """DejaVu Sans (Vietnamese diacritics) when the system has it, else Helvetica."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for folder in FONT_DIRS:
        regular, bold = os.path.join(folder, "DejaVuSans.ttf"), os.path.join(folder, "DejaVuSans-Bold.ttf")
        if os.path.exists(regular) and os.path.exists(bold):
            if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("DejaVuSans", regular))
                pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", bold))
            return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def estimate_pdf_bytes(estimate) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = _fonts()
    view = estimate_detail(estimate)
    base = ParagraphStyle("base", fontName=regular, fontSize=9, leading=11)
    strong = ParagraphStyle("strong", parent=base, fontName=bold)
    centre = ParagraphStyle("centre", parent=base, alignment=1)
    centre_bold = ParagraphStyle("centre_bold", parent=strong, alignment=1)
    title = ParagraphStyle("title", parent=strong, fontSize=14, leading=18, alignment=1)

    def p(text, style=base):
        from xml.sax.saxutils import escape

        return Paragraph(escape(str(text)), style)

    def money(value):
        return p(format_dong(value), ParagraphStyle("r", parent=base, alignment=2))

    table_style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    story = [
        Table(
            [
                [
                    p(_("MINISTRY OF FINANCE"), centre_bold),
                    p(_("SOCIALIST REPUBLIC OF VIET NAM"), centre_bold),
                ],
                [
                    p(_("Finance and Logistics Subcommittee"), centre),
                    p(_("Independence – Freedom – Happiness"), centre_bold),
                ],
                [
                    p(""),
                    p(_("Hà Nội, %(date)s") % {"date": timezone.localdate().strftime("%d/%m/%Y")}, centre),
                ],
            ],
            colWidths=[120 * mm, 140 * mm],
        ),
        Spacer(1, 6 * mm),
        p(_("CONSOLIDATED ESTIMATE"), title),
        p(estimate.title, centre_bold),
        p(
            _("Checked against: %(norms)s. Status: %(status)s.")
            % {"norms": estimate.norm_set, "status": estimate.get_status_display()},
            centre,
        ),
        Spacer(1, 5 * mm),
        p(_("I. By category (đồng)"), strong),
    ]
    rows = [
        [
            p(_("Category"), strong),
            p(_("Amount"), strong),
            p(_("Over the norms"), strong),
            p(_("Ceiling"), strong),
            p(_("Over the ceiling"), strong),
        ]
    ]
    for r in view.by_category:
        rows.append(
            [
                p(r.label),
                money(r.amount),
                money(r.overrun),
                money(r.cap) if r.cap is not None else p("—"),
                money(r.over_cap),
            ]
        )
    rows.append([p(_("Total"), strong), money(view.total), money(view.overrun), p(""), money(view.over_cap)])
    story += [
        Table(rows, colWidths=[80 * mm, 45 * mm, 45 * mm, 45 * mm, 45 * mm], style=table_style),
        Spacer(1, 4 * mm),
    ]
    story.append(p(_("II. By body (đồng)"), strong))
    rows = [[p(_("Body"), strong), p(_("Amount"), strong), p(_("Over the norms"), strong)]]
    for r in view.by_body:
        rows.append([p(r.label), money(r.amount), money(r.overrun)])
    story += [Table(rows, colWidths=[140 * mm, 60 * mm, 60 * mm], style=table_style), Spacer(1, 4 * mm)]
    story.append(p(_("III. Detailed lines (đồng)"), strong))
    rows = [
        [
            p(h, strong)
            for h in (
                _("No."),
                _("Body"),
                _("Category"),
                _("Description"),
                _("Qty"),
                _("Unit"),
                _("Unit cost"),
                _("Amount"),
                _("Norm"),
                _("Over"),
            )
        ]
    ]
    for n, line in enumerate(view.lines, start=1):
        rows.append(
            [
                p(n),
                p(line.body.short_name),
                p(_CATEGORIES.get(line.category, line.category)),
                p(line.description),
                money(line.quantity),
                p(_UNITS.get(line.unit, line.unit)),
                money(line.unit_cost),
                money(line.amount),
                money(line.norm_unit_cost) if line.norm_unit_cost is not None else p("—"),
                money(line.overrun),
            ]
        )
    widths = [10, 18, 32, 70, 14, 22, 28, 32, 28, 24]
    story += [
        Table(rows, colWidths=[w * mm for w in widths], repeatRows=1, style=table_style),
        Spacer(1, 8 * mm),
    ]
    approval = (
        _("Approved by %(who)s on %(date)s, decision %(ref)s.")
        % {
            "who": estimate.approved_by,
            "date": timezone.localtime(estimate.approved_at).strftime("%d/%m/%Y"),
            "ref": estimate.decision_reference or "—",
        }
        if estimate.approved_at
        else _("Not yet approved by the competent authority.")
    )
    story += [
        p(approval),
        Spacer(1, 6 * mm),
        Table(
            [
                [
                    p(_("PREPARED BY (MINISTRY OF FINANCE)"), centre_bold),
                    p(_("APPROVED BY (COMPETENT AUTHORITY)"), centre_bold),
                ],
                [p(_("(signature, full name)"), centre), p(_("(signature, full name, seal)"), centre)],
            ],
            colWidths=[130 * mm, 130 * mm],
        ),
    ]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=str(estimate.title),
        author=_("Ministry of Finance"),
    )
    doc.build(story)
    return buffer.getvalue()


def estimate_pdf_response(request, estimate) -> HttpResponse:
    content = estimate_pdf_bytes(estimate)
    audit_record(actor=request.user, action="estimate.exported", target=estimate, data={"export": "pdf"})
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="estimate-{estimate.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
