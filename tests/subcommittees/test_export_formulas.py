"""The task export neutralises spreadsheet formulas in the text people typed (CSV and XLSX)."""

from django.urls import reverse

from tests.core.export_checks import DANGEROUS, assert_csv_neutralised, assert_xlsx_text, csv_rows, xlsx_cells
from tests.subcommittees.factories import TaskFactory


def test_task_export_neutralises_formulas_in_csv_and_xlsx(client, ceremony, content, lead):
    for text in DANGEROUS:
        TaskFactory(subcommittee=content, title=text, deliverable=text)
    client.force_login(lead)

    rows = csv_rows(client.get(reverse("subcommittees:task_export")))
    xlsx = client.get(reverse("subcommittees:task_export") + "?format=xlsx")

    assert_csv_neutralised(rows, column=2)
    assert_csv_neutralised(rows, column=10)
    assert_xlsx_text(xlsx_cells(xlsx), column=2)
