"""The one exporter: CSV and XLSX stream, stay formula-safe and read back as written."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import timezone
from openpyxl import load_workbook

from hanoi_ceremony.core import exports
from hanoi_ceremony.core.exports import Column, export_response, safe_text, xlsx_chunks

HANOI_EVENING = datetime.datetime(2025, 10, 25, 12, 30, tzinfo=datetime.UTC)  # 19:30 in Hà Nội

COLUMNS = [
    Column("Name", "name"),
    Column("Seats", "seats"),
    Column("Arrives", "arrives"),
    Column("Day", "day"),
    Column("VIP", "vip"),
    Column("Note", lambda r: r["note"]),
]


def _row(i: int, **overrides) -> dict:
    row = {
        "name": f"Delegate {i}",
        "seats": i,
        "arrives": HANOI_EVENING,
        "day": datetime.date(2025, 10, 26),
        "vip": i % 2 == 0,
        "note": "",
    }
    row.update(overrides)
    return row


def _workbook(chunks) -> list[tuple]:
    data = b"".join(chunks)
    return load_workbook(io.BytesIO(data), read_only=False).active


def test_xlsx_reads_back_with_types_and_hanoi_times():
    rows = [
        _row(1, note='=HYPERLINK("http://evil.example","click")'),
        _row(2, note="+1-1", name='Nguyễn Thị Ánh <&> "quoted"'),
        _row(3, note="@SUM(A1)", seats=Decimal("2.5")),
        _row(4, note="line one\nline two\ttab", seats=None),
    ]
    sheet = _workbook(xlsx_chunks(COLUMNS, rows, title="Members: list/2025"))
    assert sheet.title == "Members  list 2025"
    assert [c.value for c in sheet[1]] == ["Name", "Seats", "Arrives", "Day", "VIP", "Note"]
    assert sheet.max_row == 5
    first = sheet[2]
    assert first[0].value == "Delegate 1"
    assert first[1].value == 1
    # Times are shown in Hà Nội time; dates stay dates.
    assert first[2].value == datetime.datetime(2025, 10, 25, 19, 30)
    assert first[2].is_date
    assert first[3].value.date() == datetime.date(2025, 10, 26)
    assert first[4].value is False
    # Formula-looking text is a plain string cell, exactly as entered, never a formula.
    assert first[5].value == '=HYPERLINK("http://evil.example","click")'
    assert first[5].data_type == "s"
    assert sheet[3][0].value == 'Nguyễn Thị Ánh <&> "quoted"'
    assert sheet[3][5].value == "+1-1" and sheet[3][5].data_type == "s"
    assert sheet[4][1].value == 2.5
    assert sheet[5][1].value is None
    assert sheet[5][5].value == "line one\nline two\ttab"


def test_xlsx_drops_characters_xml_cannot_carry():
    sheet = _workbook(xlsx_chunks(COLUMNS, [_row(1, note="bell\x07 and nul\x00 gone")]))
    assert sheet[2][5].value == "bell and nul gone"


def test_xlsx_has_no_formula_anywhere_in_the_sheet_xml():
    data = b"".join(xlsx_chunks(COLUMNS, [_row(i, note=f"=1+{i}") for i in range(50)]))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    assert sheet_xml.count('t="inlineStr"') >= 100  # names and notes


def test_xlsx_streams_before_the_rows_are_all_read(monkeypatch):
    """The first sheet bytes leave after a few hundred rows, not after the last one."""
    monkeypatch.setattr(exports, "XLSX_FLUSH_ROWS", 100)
    consumed = []

    def rows():
        for i in range(5000):
            consumed.append(i)
            yield _row(i, note="x" * 200 + str(i))

    stream = xlsx_chunks(COLUMNS, rows())
    head = next(stream)  # the fixed parts
    assert head.startswith(b"PK")
    seen_rows = None
    for chunk in stream:
        if chunk:
            seen_rows = len(consumed)
            break
    assert seen_rows is not None and seen_rows < 1000
    rest = b"".join(stream)
    assert len(consumed) == 5000
    sheet = load_workbook(io.BytesIO(head + chunk + rest), read_only=True).active
    assert sum(1 for _ in sheet.iter_rows()) == 5001


def test_many_columns_get_excel_letters():
    columns = [Column(f"C{i}", lambda r, i=i: i) for i in range(30)]
    sheet = _workbook(xlsx_chunks(columns, [{}]))
    assert sheet["AD2"].value == 29
    assert sheet["Z1"].value == "C25"


def test_csv_neutralises_formulas_and_shows_hanoi_time():
    assert safe_text("=1+1") == "'=1+1"
    assert safe_text("-5") == "'-5"
    assert safe_text("Hà Nội") == "Hà Nội"
    assert safe_text(HANOI_EVENING).startswith("2025-10-25T19:30")
    assert safe_text(None) == "" and safe_text(True) == "yes"


@pytest.mark.django_db
def test_export_response_streams_both_formats_and_audits():
    from hanoi_ceremony.accounts.models import User
    from hanoi_ceremony.audit.models import AuditEntry

    user = User.objects.create_user(username="exporter", password="x")
    request = RequestFactory().get("/export")
    request.user = user
    rows = [_row(i) for i in range(3)]
    response = export_response(
        request,
        fmt="xlsx",
        filename="members",
        columns=COLUMNS,
        rows=iter(rows),
        audit_target=user,
        audit_action="export.downloaded",
        audit_data={"export": "members"},
    )
    assert response.streaming
    assert response["Content-Type"] == exports.XLSX_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="members-')
    assert response["Cache-Control"] == "no-store"
    sheet = _workbook(response.streaming_content)
    assert sheet.max_row == 4
    entry = AuditEntry.objects.get(action="export.downloaded")
    assert entry.data == {"format": "xlsx", "export": "members"}

    csv_response = export_response(None, fmt="csv", filename="m", columns=COLUMNS, rows=iter(rows))
    text = b"".join(c if isinstance(c, bytes) else c.encode() for c in csv_response.streaming_content)
    lines = text.decode("utf-8-sig").splitlines()
    assert lines[0] == "Name,Seats,Arrives,Day,VIP,Note"
    assert len(lines) == 4
    with pytest.raises(ValueError):
        export_response(None, fmt="pdf", filename="m", columns=COLUMNS, rows=[])


def test_a_stamp_in_the_filename_uses_hanoi_time():
    response = export_response(None, fmt="csv", filename="tasks", columns=COLUMNS, rows=[])
    stamp = timezone.localtime().strftime("%Y%m%d")
    assert stamp in response["Content-Disposition"]


def test_xlsx_extra_sheets_read_back_formula_safe_and_uniquely_named():
    extra = [
        exports.Sheet(
            "Hotels", [Column("Hotel", "hotel")], [{"hotel": "=cmd|' /C calc'!A0"}, {"hotel": "Daewoo"}]
        ),
        exports.Sheet("hotels", [Column("Hotel", "hotel")], []),
        exports.Sheet("", [Column("Seats", "seats")], [{"seats": 3}]),
    ]
    data = b"".join(xlsx_chunks(COLUMNS, [_row(1, note="-1")], title="Delegates", extra_sheets=extra))
    workbook = load_workbook(io.BytesIO(data))

    assert workbook.sheetnames == ["Delegates", "Hotels", "hotels (2)", "Export"]
    assert workbook.active.title == "Delegates"
    assert workbook["Delegates"]["F2"].value == "-1" and workbook["Delegates"]["F2"].data_type == "s"
    hotels = workbook["Hotels"]
    assert [c.value for c in hotels["A"]] == ["Hotel", "=cmd|' /C calc'!A0", "Daewoo"]
    assert hotels["A2"].data_type == "s"
    assert workbook["hotels (2)"].max_row == 1  # the header alone
    assert workbook["Export"]["A2"].value == 3
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert all("<f>" not in archive.read(n).decode() for n in archive.namelist() if "worksheets" in n)


def test_xlsx_extra_sheets_are_read_while_they_are_written(monkeypatch):
    """A further sheet's rows are read only once the sheets before it are sent: still constant memory."""
    monkeypatch.setattr(exports, "XLSX_FLUSH_ROWS", 100)
    consumed = []

    def rows(sheet):
        for i in range(3000):
            consumed.append(sheet)
            yield _row(i, note="x" * 200 + str(i))

    stream = xlsx_chunks(
        COLUMNS, rows("first"), extra_sheets=[exports.Sheet("Second", COLUMNS, rows("second"))]
    )
    sent = []
    for chunk in stream:
        sent.append(chunk)
        if "second" in consumed:
            break
    assert consumed.count("first") == 3000 and consumed.count("second") < 1000
    workbook = load_workbook(io.BytesIO(b"".join(sent) + b"".join(stream)), read_only=True)
    assert [sum(1 for _ in workbook[name].iter_rows()) for name in workbook.sheetnames] == [3001, 3001]


def test_export_response_streams_extra_sheets():
    extra = [exports.Sheet("Hotels", [Column("Hotel", "hotel")], [{"hotel": "Daewoo"}])]
    response = export_response(
        None, fmt="xlsx", filename="delegates", columns=COLUMNS, rows=[_row(1)], extra_sheets=extra
    )

    assert response.streaming
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Export", "Hotels"]
    assert workbook["Hotels"]["A2"].value == "Daewoo"
