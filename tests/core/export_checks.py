"""Checks shared by the export tests of each app: formula-looking user text is neutralised in CSV (a
leading apostrophe) and typed as text in XLSX (never evaluated)."""

import csv
import io

from openpyxl import load_workbook

DANGEROUS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)"]


def _body(response) -> bytes:
    """The response's bytes (a streamed body is read once and kept, so a test may look at it again)."""
    if not hasattr(response, "_test_body"):
        response._test_body = b"".join(response.streaming_content) if response.streaming else response.content
    return response._test_body


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(_body(response).decode("utf-8-sig"))))


def xlsx_cells(response, sheet=None):
    workbook = load_workbook(io.BytesIO(_body(response)))
    return [list(row) for row in (workbook[sheet] if sheet else workbook.active).iter_rows()]


def assert_csv_neutralised(rows, column: int):
    cells = [row[column] for row in rows[1:]]
    assert sorted(cells) == sorted("'" + text for text in DANGEROUS)


def assert_xlsx_text(rows, column: int):
    cells = [row[column] for row in rows[1:]]
    assert sorted(c.value for c in cells) == sorted(DANGEROUS)
    assert {c.data_type for c in cells} == {"s"}  # text: never evaluated as a formula
