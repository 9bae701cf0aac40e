"""The one exporter: CSV and XLSX, streamed, formula-safe, audited when it holds personal data.

    columns = [Column(_("Name"), lambda m: m.full_name), Column(_("Passport"), "passport_number")]
    return export_response(
        request, fmt="csv", filename="members", columns=columns, rows=qs.iterator(chunk_size=2000),
        audit_target=ceremony, audit_action="export.downloaded", audit_data={"export": "members"},
    )

CSV streams row by row (constant memory, first byte at once). XLSX streams too, with one sheet or several
(``extra_sheets=[Sheet(title, columns, rows), ...]``): each sheet's XML is generated row by row into a zip
written as it goes (standard library, no workbook held in memory). Text that a spreadsheet would
read as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return first) is neutralised: CSV cells get a
leading apostrophe (OWASP's advice); XLSX cells are typed as text, so they show exactly what was entered
and are never evaluated.
"""

import csv
import datetime
import decimal
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    header: Any
    value: str | Callable[[Any], Any]

    def __post_init__(self):
        object.__setattr__(self, "_parts", () if callable(self.value) else tuple(self.value.split(".")))

    def get(self, row) -> Any:
        if callable(self.value):
            return self.value(row)
        obj = row
        for part in self._parts:
            obj = obj.get(part) if isinstance(obj, dict) else getattr(obj, part, None)
            if obj is None:
                return None
        return obj


def safe_text(value: Any) -> str:
    """A cell's text for CSV: formula-looking strings get a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).isoformat(timespec="minutes")
            if timezone.is_aware(value)
            else value.isoformat()
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def csv_rows(columns: list[Column], rows: Iterable) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([str(c.header) for c in columns])
    for row in rows:
        yield writer.writerow([safe_text(c.get(row)) for c in columns])


# --- XLSX, streamed: the sheet's XML is written row by row into a zip that is sent as it grows -------
# A workbook is a zip of XML parts. The zip is written with the standard library onto a sink that cannot
# seek (so every member carries a data descriptor) and the sink is emptied after every few hundred rows:
# memory stays constant whatever the number of rows, and the first bytes leave at once. Text cells are
# inline strings: a spreadsheet shows them exactly as entered and never evaluates them as formulas.
XLSX_FLUSH_ROWS = 200
_EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
# Characters XML 1.0 cannot carry at all (spreadsheets would refuse the file).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _content_types(count: int) -> str:
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_SHEET_TYPE}"/>'
        for n in range(1, count + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{sheets}"
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    )


_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)


def _workbook_rels(count: int) -> str:
    """Sheet n is relationship rIdn; the styles come after the sheets."""
    sheets = "".join(
        f'<Relationship Id="rId{n}" Type="{_RELATIONSHIPS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, count + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'{sheets}<Relationship Id="rId{count + 1}" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )


# Cell styles: 0 plain, 1 date (numFmt 14), 2 date and time (a custom yyyy-mm-dd hh:mm), 3 bold header.
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _workbook_xml(titles: list[str]) -> str:
    sheets = "".join(
        f'<sheet name="{_xml_attr(title)}" sheetId="{n}" r:id="rId{n}"/>'
        for n, title in enumerate(titles, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'xmlns:r="{_RELATIONSHIPS}"><sheets>{sheets}</sheets></workbook>'
    )


def _sheet_title(title: str) -> str:
    """Excel's rules for a sheet's name: at most 31 characters, none of []:*?/\\."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", _XML_ILLEGAL.sub("", str(title))).strip()[:31]
    return cleaned or "Export"


def _sheet_titles(titles: Iterable) -> list[str]:
    """The sheets' names, each unique in the workbook (Excel compares them ignoring case)."""
    names: list[str] = []
    taken: set[str] = set()
    for title in titles:
        base = name = _sheet_title(title)
        n = 1
        while name.lower() in taken:
            n += 1
            name = f"{base[: 31 - len(f' ({n})')]} ({n})"
        names.append(name)
        taken.add(name.lower())
    return names


def _xml_text(text: str) -> str:
    return _XML_ILLEGAL.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml_attr(text: str) -> str:
    return _xml_text(text).replace('"', "&quot;")


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _excel_serial(value: datetime.datetime) -> float:
    return (value - _EXCEL_EPOCH).total_seconds() / 86400


def _xlsx_cell(ref: str, value: Any, *, style: int = 0) -> str:
    """One cell's XML. Text is always an inline string (never a formula)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | decimal.Decimal):
        if isinstance(value, float) and not math.isfinite(value):
            value = str(value)
        else:
            return f'<c r="{ref}"><v>{value}</v></c>'
    elif isinstance(value, datetime.datetime):
        local = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        return f'<c r="{ref}" s="2"><v>{_excel_serial(local):.10f}</v></c>'
    elif isinstance(value, datetime.date):
        serial = (value - _EXCEL_EPOCH.date()).days
        return f'<c r="{ref}" s="1"><v>{serial}</v></c>'
    text = _xml_text(str(value))
    style_attr = f' s="{style}"' if style else ""
    return f'<c r="{ref}" t="inlineStr"{style_attr}><is><t xml:space="preserve">{text}</t></is></c>'


class _Sink(io.RawIOBase):
    """A write-only, unseekable file that hands over what was written since the last `take()`."""

    def __init__(self):
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        out = b"".join(self._chunks)
        self._chunks.clear()
        return out


@dataclass(frozen=True)
class Sheet:
    """One sheet of an XLSX export: its title, columns and rows (read once, while the sheet is written)."""

    title: Any
    columns: list[Column]
    rows: Iterable


def xlsx_chunks(
    columns: list[Column], rows: Iterable, *, title: str = "Export", extra_sheets: Iterable[Sheet] = ()
) -> Iterator[bytes]:
    """The workbook's bytes, produced while `rows` (then each extra sheet's rows) is read (constant memory)."""
    sheets = [Sheet(title, columns, rows), *extra_sheets]
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=5) as archive:
        for name, text in (
            ("[Content_Types].xml", _content_types(len(sheets))),
            ("_rels/.rels", _ROOT_RELS),
            ("xl/workbook.xml", _workbook_xml(_sheet_titles(sheet.title for sheet in sheets))),
            ("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets))),
            ("xl/styles.xml", _STYLES),
        ):
            archive.writestr(name, text)
        yield sink.take()
        for n, sheet in enumerate(sheets, start=1):
            with archive.open(f"xl/worksheets/sheet{n}.xml", "w") as part:
                for written in _sheet_xml(sheet):
                    part.write(written)
                    chunk = sink.take()
                    if chunk:
                        yield chunk
    yield sink.take()


def _sheet_xml(sheet: Sheet) -> Iterator[bytes]:
    """One worksheet's XML, a few hundred rows at a time (the header row frozen)."""
    letters = [_column_letters(i) for i in range(len(sheet.columns))]
    header = "".join(
        _xlsx_cell(f"{letters[i]}1", str(c.header), style=3) for i, c in enumerate(sheet.columns)
    )
    yield (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>'
        f'<row r="1">{header}</row>'
    ).encode()
    number = 1
    pending: list[str] = []
    for row in sheet.rows:
        number += 1
        cells = "".join(
            _xlsx_cell(f"{letters[i]}{number}", _cell_value(c.get(row))) for i, c in enumerate(sheet.columns)
        )
        pending.append(f'<row r="{number}">{cells}</row>')
        if len(pending) >= XLSX_FLUSH_ROWS:
            yield "".join(pending).encode()
            pending.clear()
    yield ("".join(pending) + "</sheetData></worksheet>").encode()


def _cell_value(value: Any) -> Any:
    """What an XLSX cell holds: numbers, booleans and dates keep their type; everything else is text."""
    if value is None or isinstance(value, bool | int | float | decimal.Decimal | datetime.date):
        return value
    return str(value)


def export_response(
    request: HttpRequest | None,
    *,
    fmt: str,
    filename: str,
    columns: list[Column],
    rows: Iterable,
    title: str = "Export",
    audit_target=None,
    audit_action: str = "",
    audit_data: dict | None = None,
    extra_sheets: Iterable[Sheet] = (),
    stamp: bool = True,
    stream: bool = True,
):
    """A streamed download of `rows` as ``fmt`` ("csv" or "xlsx"). When `audit_action` is given, the
    download is recorded (actor = the request's user) before the first byte leaves.

    `extra_sheets` add sheets to an XLSX download (streamed after the first); ``stamp=False`` keeps
    `filename` as given (it already names its moment); ``stream=False`` answers a plain response with the
    whole body (for ``pagecache.cached_response``, which stores the body)."""
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"unknown export format {fmt!r}")
    if audit_action and audit_target is not None:
        from hanoi_ceremony.audit.services import audit_record

        audit_record(
            actor=getattr(request, "user", None),
            action=audit_action,
            target=audit_target,
            data={"format": fmt, **(audit_data or {})},
        )
    moment = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"{filename}-{moment}.{fmt}" if stamp else f"{filename}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(csv_rows(columns, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        response = StreamingHttpResponse(
            xlsx_chunks(columns, rows, title=title, extra_sheets=extra_sheets), content_type=XLSX_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    if not stream:
        plain = HttpResponse(b"".join(response.streaming_content), content_type=response["Content-Type"])
        for header in ("Content-Disposition", "X-Content-Type-Options", "Cache-Control"):
            plain[header] = response[header]
        return plain
    return response
