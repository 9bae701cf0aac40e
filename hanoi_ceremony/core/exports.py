"""The one exporter: CSV and XLSX, streamed, formula-safe, audited when it holds personal data.

    columns = [Column(_("Name"), lambda m: m.full_name), Column(_("Passport"), "passport_number")]
    return export_response(
        request, fmt="csv", filename="members", columns=columns, rows=qs.iterator(chunk_size=2000),
        audit_target=ceremony, audit_action="export.downloaded", audit_data={"export": "members"},
    )

CSV streams row by row (constant memory, first byte at once). XLSX is written with openpyxl's write-only
mode into a spooled temporary file (constant memory) and then streamed. Text that a spreadsheet would
read as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return first) is neutralised: CSV cells get a
leading apostrophe (OWASP's advice); XLSX cells are typed as text, so they show exactly what was entered
and are never evaluated.
"""

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    header: Any
    value: str | Callable[[Any], Any]

    def get(self, row) -> Any:
        if callable(self.value):
            return self.value(row)
        obj = row
        for part in self.value.split("."):
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


def _xlsx_value(value: Any):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, bool | int | float | datetime.date):
        return value
    return str(value)


def xlsx_file(columns: list[Column], rows: Iterable, *, title: str = "Export"):
    """A spooled temporary file holding the workbook, positioned at its start."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Export")

    def cell(value):
        c = WriteOnlyCell(sheet, value=_xlsx_value(value))
        if isinstance(c.value, str):
            c.data_type = "s"  # text, never a formula
        return c

    sheet.append([cell(str(c.header)) for c in columns])
    for row in rows:
        sheet.append([cell(c.get(row)) for c in columns])
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115  the response closes it
    workbook.save(out)
    out.seek(0)
    return out


@dataclass(frozen=True)
class Sheet:
    """A further sheet of an XLSX export (CSV has only the first)."""

    title: Any
    columns: list[Column]
    rows: Iterable


def xlsx_file_sheets(sheets: list[Sheet]):
    """Like `xlsx_file`, for a workbook of several sheets (same text typing, same spooled file)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    for spec in sheets:
        sheet = workbook.create_sheet(title=str(spec.title)[:31] or "Export")
        for values in (
            [str(c.header) for c in spec.columns],
            *([c.get(r) for c in spec.columns] for r in spec.rows),
        ):
            cells = [WriteOnlyCell(sheet, value=_xlsx_value(v)) for v in values]
            for c in cells:
                if isinstance(c.value, str):
                    c.data_type = "s"  # text, never a formula
            sheet.append(cells)
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115  the response closes it
    workbook.save(out)
    out.seek(0)
    return out


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
    extra_sheets: list[Sheet] = (),
    stamp: bool = True,
    stream: bool = True,
):
    """A streamed download of `rows` as ``fmt`` ("csv" or "xlsx"). When `audit_action` is given, the
    download is recorded (actor = the request's user) before the first byte leaves.

    `extra_sheets` add sheets to an XLSX download; ``stamp=False`` keeps `filename` as given (it already
    names its moment); ``stream=False`` answers a plain response with the whole body (for
    ``pagecache.cached_response``, which stores the body)."""
    if not stream:
        full = export_response(
            request,
            fmt=fmt,
            filename=filename,
            columns=columns,
            rows=rows,
            title=title,
            audit_target=audit_target,
            audit_action=audit_action,
            audit_data=audit_data,
            extra_sheets=extra_sheets,
            stamp=stamp,
        )
        plain = HttpResponse(b"".join(full.streaming_content), content_type=full["Content-Type"])
        for header in ("Content-Disposition", "X-Content-Type-Options", "Cache-Control"):
            plain[header] = full[header]
        return plain
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
    elif extra_sheets:
        sheets = [Sheet(title, columns, rows), *extra_sheets]
        response = FileResponse(
            xlsx_file_sheets(sheets), content_type=XLSX_TYPE, as_attachment=True, filename=name
        )
    else:
        response = FileResponse(
            xlsx_file(columns, rows, title=title), content_type=XLSX_TYPE, as_attachment=True, filename=name
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
