"""Budget pages: access, refusals next to the field, exports, the Steering dashboard panel, query counts."""

import io

import pytest
from django.urls import reverse

from subcommittees.budget import services
from subcommittees.budget.enums import Category, SpendingKind, Unit
from subcommittees.budget.models import ProposalLine

from .conftest import line

pytestmark = pytest.mark.django_db


def _approved(make_proposal, editor, reviewer, steering, *lines):
    proposal = make_proposal(*lines)
    services.proposal_submit(proposal=proposal, by=editor)
    services.proposal_accept(proposal=proposal, by=reviewer)
    estimate = services.estimate_create(by=reviewer, title="Estimate")
    services.estimate_submit(estimate=estimate, by=reviewer)
    services.estimate_approve(estimate=estimate, by=steering, decision_reference="QĐ 1")
    return estimate


def test_anonymous_goes_to_login(client):
    response = client.get(reverse("budget:home"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_user_without_a_budget_role_is_refused(client, make_user):
    client.force_login(make_user())
    assert client.get(reverse("budget:home")).status_code == 403


def test_other_body_s_proposal_answers_404(client, make_proposal, mofa_editor):
    proposal = make_proposal()
    client.force_login(mofa_editor)
    assert client.get(proposal.get_absolute_url()).status_code == 404


def test_line_with_a_fractional_amount_is_refused_next_to_the_field(client, make_proposal, editor):
    proposal = make_proposal()
    client.force_login(editor)
    data = {
        "category": Category.TRANSPORT,
        "description": "Cars",
        "quantity": "2",
        "unit": Unit.CAR_DAY,
        "unit_cost": "3.500.000,5",
    }
    response = client.post(proposal.get_absolute_url(), data)
    assert response.status_code == 400
    assert "Enter a whole amount in đồng" in response.content.decode()
    assert ProposalLine.objects.filter(proposal=proposal).count() == 1


def test_line_with_grouped_amount_is_saved_as_an_integer(client, make_proposal, editor):
    proposal = make_proposal()
    client.force_login(editor)
    data = {
        "category": Category.TRANSPORT,
        "description": "Cars",
        "quantity": "2",
        "unit": Unit.CAR_DAY,
        "unit_cost": "3,400,000",
    }
    response = client.post(proposal.get_absolute_url(), data)
    assert response.status_code == 302
    assert ProposalLine.objects.filter(proposal=proposal).order_by("pk").last().unit_cost == 3_400_000


def test_overrun_is_named_next_to_the_line(client, make_proposal, editor):
    proposal = make_proposal(line(quantity=10, unit_cost=3_400_000))
    client.force_login(editor)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Over the norm by 400,000 đồng per unit (norm 3,000,000): 4,000,000 đồng in all." in page


def test_accept_refusal_is_shown_with_400(client, make_proposal, editor, reviewer):
    proposal = make_proposal(line(unit_cost=3_400_000))
    services.proposal_submit(proposal=proposal, by=editor)
    client.force_login(reviewer)
    response = client.post(
        reverse("budget:proposal_action", args=[proposal.pk, "accept"]), {"expected": "submitted"}
    )
    assert response.status_code == 400
    assert "without a justification" in response.content.decode()


def test_stale_return_answers_409(client, make_proposal, editor, reviewer):
    proposal = make_proposal()
    services.proposal_submit(proposal=proposal, by=editor)
    client.force_login(reviewer)
    url = reverse("budget:proposal_action", args=[proposal.pk, "return"])
    response = client.post(url, {"expected": "draft", "message": "Fix it"})
    assert response.status_code == 409


def test_only_steering_sees_the_approve_form(client, make_proposal, editor, reviewer, steering):
    proposal = make_proposal()
    services.proposal_submit(proposal=proposal, by=editor)
    services.proposal_accept(proposal=proposal, by=reviewer)
    estimate = services.estimate_create(by=reviewer, title="Estimate")
    services.estimate_submit(estimate=estimate, by=reviewer)
    client.force_login(reviewer)
    assert "Approve the estimate" not in client.get(estimate.get_absolute_url()).content.decode()
    response = client.post(
        reverse("budget:estimate_action", args=[estimate.pk, "approve"]), {"expected": "submitted"}
    )
    assert response.status_code == 403
    client.force_login(steering)
    assert "Approve the estimate" in client.get(estimate.get_absolute_url()).content.decode()


def test_xlsx_export_keeps_formulas_as_text(client, make_proposal, editor, reviewer, steering):
    from openpyxl import load_workbook

    estimate = _approved(
        make_proposal, editor, reviewer, steering, line(description='=HYPERLINK("http://x","y")')
    )
    client.force_login(reviewer)
    response = client.get(reverse("budget:estimate_xlsx", args=[estimate.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][3] == '=HYPERLINK("http://x","y")'
    assert sheet.cell(row=2, column=4).data_type == "s"
    assert rows[1][7] == 25_000_000 and isinstance(rows[1][7], int)


def test_pdf_export_is_a_pdf(client, make_proposal, editor, reviewer, steering):
    estimate = _approved(make_proposal, editor, reviewer, steering)
    client.force_login(steering)
    response = client.get(reverse("budget:estimate_pdf", args=[estimate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_steering_dashboard_shows_variance_per_category(
    client, make_proposal, editor, reviewer, steering, ceremony
):
    estimate = _approved(make_proposal, editor, reviewer, steering, line(quantity=10, unit_cost=3_000_000))
    services.spending_record(
        line=estimate.lines.get(), by=reviewer, kind=SpendingKind.COMMITTED, amount=31_000_000, reference="C1"
    )
    client.force_login(steering)
    page = client.get(reverse("subcommittees:steering_dashboard")).content.decode()
    assert 'data-testid="budget-variance"' in page
    assert "-1,000,000" in page


def _grow(make_proposal, editor, reviewer, n):
    for i in range(n):
        proposal = make_proposal(
            *[line(quantity=5 + k, unit_cost=3_000_000 + 100_000 * k, justification="UN") for k in range(n)],
            title=f"P{i}",
        )
        services.proposal_submit(proposal=proposal, by=editor)
        services.proposal_accept(proposal=proposal, by=reviewer)


@pytest.mark.parametrize("size", [1, 4])
def test_estimate_page_query_count_is_constant(
    client, make_proposal, editor, reviewer, size, django_assert_num_queries
):
    _grow(make_proposal, editor, reviewer, size)
    estimate = services.estimate_create(by=reviewer, title="Estimate")
    client.force_login(reviewer)
    client.get(estimate.get_absolute_url())
    with django_assert_num_queries(9):
        response = client.get(estimate.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 4])
def test_proposal_list_query_count_is_constant(
    client, make_proposal, editor, reviewer, size, django_assert_num_queries
):
    _grow(make_proposal, editor, reviewer, size)
    client.force_login(reviewer)
    client.get(reverse("budget:home"))
    with django_assert_num_queries(7):
        response = client.get(reverse("budget:home"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 4])
def test_proposal_page_query_count_is_constant(
    client, make_proposal, editor, reviewer, size, django_assert_num_queries
):
    _grow(make_proposal, editor, reviewer, size)
    proposal = make_proposal(*[line(quantity=1 + k) for k in range(size * 3)])
    client.force_login(editor)
    client.get(proposal.get_absolute_url())
    with django_assert_num_queries(9):
        response = client.get(proposal.get_absolute_url())
    assert response.status_code == 200


def test_recorded_spending_appears_on_the_cached_estimate_page(
    client, make_proposal, editor, reviewer, steering
):
    estimate = _approved(make_proposal, editor, reviewer, steering, line(quantity=10, unit_cost=3_000_000))
    client.force_login(reviewer)
    assert "31,000,000" not in client.get(estimate.get_absolute_url()).content.decode()
    response = client.post(
        reverse("budget:estimate_action", args=[estimate.pk, "spending"]),
        {
            "line": estimate.lines.get().pk,
            "kind": "committed",
            "amount": "31.000.000",
            "reference": "Contract 1",
        },
    )
    assert response.status_code == 302
    assert "31,000,000" in client.get(estimate.get_absolute_url()).content.decode()


def test_a_long_estimate_shows_its_lines_in_pages_and_totals_them_all(
    client, make_proposal, editor, reviewer, monkeypatch
):
    from subcommittees.budget.money import format_dong
    from subcommittees.budget.views import finance

    monkeypatch.setattr(finance, "ESTIMATE_PAGE_LINES", 3)
    proposal = make_proposal(*[line(quantity=1 + k, description=f"Line number {k}") for k in range(7)])
    services.proposal_submit(proposal=proposal, by=editor)
    services.proposal_accept(proposal=proposal, by=reviewer)
    estimate = services.estimate_create(by=reviewer, title="Estimate")
    client.force_login(reviewer)
    url = estimate.get_absolute_url()

    shown = []
    for number in (1, 2, 3):
        html = client.get(url, {"page": number}).content.decode()
        shown.append(sorted(k for k in range(7) if f"Line number {k}<" in html))
        assert format_dong(70_000_000) in html  # the total counts all seven lines on every page
    assert [len(s) for s in shown] == [3, 3, 1]
    assert sorted(k for s in shown for k in s) == list(range(7))
    assert "Lines 7–7 of 7" in client.get(url, {"page": 3}).content.decode()
    # A page past the end shows the last; anything odd shows the first.
    assert client.get(url, {"page": 99}).content.decode().count("Line number 6<") == 1
    assert "Lines 1–3 of 7" in client.get(url, {"page": "x"}).content.decode()
