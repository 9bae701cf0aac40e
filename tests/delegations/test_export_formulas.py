"""The delegates export neutralises spreadsheet formulas (CSV and every XLSX sheet)."""

from django.urls import reverse

from delegations.enums import DelegationStatus
from tests.core.export_checks import DANGEROUS, assert_csv_neutralised, assert_xlsx_text, csv_rows, xlsx_cells
from tests.delegations.factories import MemberFactory, StateDelegationFactory


def test_delegates_export_neutralises_formulas_in_csv_and_xlsx(organiser_client):
    for text in DANGEROUS:
        MemberFactory(delegation=StateDelegationFactory(status=DelegationStatus.CONFIRMED), family_name=text)

    rows = csv_rows(organiser_client.get(reverse("delegations:export", args=["csv"])))
    xlsx = organiser_client.get(reverse("delegations:export", args=["xlsx"]))

    assert_csv_neutralised(rows, column=3)
    assert_xlsx_text(xlsx_cells(xlsx), column=3)
    assert_xlsx_text(xlsx_cells(xlsx, "Badges"), column=1)
