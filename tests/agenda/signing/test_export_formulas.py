"""The signing report export neutralises spreadsheet formulas in party names (CSV and XLSX)."""

import datetime

import time_machine
from django.urls import reverse

from agenda.signing import selectors, services
from agenda.signing.views.public import REPORT_COLUMNS
from delegations.enums import ProtocolRank
from hanoi_ceremony.core.exports import export_response
from hanoi_ceremony.core.selectors import ceremony_get
from tests.core.export_checks import DANGEROUS, assert_csv_neutralised, assert_xlsx_text, csv_rows, xlsx_cells

from .factories import HANOI, SigningEntryFactory


def test_signing_report_export_neutralises_formulas_in_csv_and_xlsx(client, roster, organiser):
    signed_at = datetime.datetime(2025, 10, 25, 10, 0, tzinfo=HANOI)
    for text in DANGEROUS:
        entry = SigningEntryFactory(
            roster=roster, delegation__name=text, signatory__rank=ProtocolRank.HEAD_OF_STATE
        )
        services.entry_confirm(entry=entry, by=organiser)
        with time_machine.travel(signed_at + datetime.timedelta(minutes=1), tick=False):
            services.entry_mark_signed(entry=entry, signed_at=signed_at, by=organiser)

    rows = csv_rows(client.get(reverse("signing:report_csv"), {"as_of": "2025-10-26"}))
    report = selectors.signing_report(as_of=datetime.date(2025, 10, 26), ceremony=ceremony_get())
    xlsx = export_response(
        None, fmt="xlsx", filename="report", columns=REPORT_COLUMNS, rows=report.signatories
    )

    assert_csv_neutralised(rows, column=0)
    assert_xlsx_text(xlsx_cells(xlsx), column=0)
