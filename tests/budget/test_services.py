"""Budget rules: integer đồng, norms versioned and frozen, the proposal and estimate state machines."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from hanoi_ceremony.audit.models import AuditEntry
from hanoi_ceremony.notifications.models import Notification
from subcommittees.budget import services
from subcommittees.budget.enums import Category, EstimateStatus, ProposalStatus, SpendingKind, Unit
from subcommittees.budget.models import EstimateLine, Norm, ProposalLine
from subcommittees.budget.money import format_dong, parse_dong
from subcommittees.budget.selectors import estimate_detail, proposal_detail, variance_by_category

from .conftest import line

pytestmark = pytest.mark.django_db


# --- Money ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1200000", 1_200_000),
        ("1,200,000", 1_200_000),
        ("1.200.000", 1_200_000),
        ("1 200 000", 1_200_000),
        ("0", 0),
    ],
)
def test_parse_dong_accepts_grouped_whole_amounts(text, value):
    assert parse_dong(text) == value


@pytest.mark.parametrize("text", ["1.5", "12,5", "-100", "1e6", "abc", "1,20,000", "1.200,000"])
def test_parse_dong_refuses_fractions_signs_and_bad_grouping(text):
    with pytest.raises(ValueError):
        parse_dong(text)


def test_format_dong_uses_the_locale_separator():
    from django.utils import translation

    with translation.override("en"):
        assert format_dong(1234567) == "1,234,567"
    with translation.override("vi"):
        assert format_dong(1234567) == "1.234.567"


def test_line_unit_cost_must_be_an_integer(make_proposal, editor):
    proposal = make_proposal()
    with pytest.raises(ValidationError) as exc:
        services.line_save(proposal=proposal, by=editor, data=line(unit_cost=2_500_000.5))
    assert "unit_cost" in exc.value.message_dict


def test_database_refuses_a_negative_unit_cost(make_proposal):
    proposal = make_proposal()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalLine.objects.create(
            proposal=proposal,
            category=Category.OTHER,
            description="x",
            quantity=1,
            unit=Unit.ITEM,
            unit_cost=-1,
        )


def test_database_refuses_an_estimate_line_whose_amount_is_not_quantity_times_cost(
    make_proposal, reviewer, steering
):
    proposal = make_proposal()
    services.proposal_submit(proposal=proposal, by=proposal.created_by)
    services.proposal_accept(proposal=proposal, by=reviewer)
    estimate = services.estimate_create(by=reviewer, title="Estimate")
    with pytest.raises(IntegrityError), transaction.atomic():
        EstimateLine.objects.filter(estimate=estimate).update(amount=1)


def test_amounts_beyond_a_float_s_precision_stay_exact(make_proposal, editor):
    proposal = make_proposal(
        line(quantity=999, unit_cost=999_999_999_999, category=Category.OTHER, unit=Unit.PACKAGE)
    )
    view = proposal_detail(proposal)
    assert view.total == 999 * 999_999_999_999 == 998_999_999_999_001


# --- Norms ---------------------------------------------------------------------------------------------


def test_line_over_the_norm_names_the_overrun(make_proposal):
    proposal = make_proposal(line(quantity=10, unit_cost=3_400_000))
    view = proposal_detail(proposal)
    checked = view.lines[0].result
    assert (checked.norm_unit_cost, checked.overrun) == (3_000_000, 4_000_000)
    assert (
        checked.message == "Over the norm by 400,000 đồng per unit (norm 3,000,000): 4,000,000 đồng in all."
    )
    assert view.overrun == 4_000_000


def test_line_without_a_norm_is_flagged(make_proposal):
    proposal = make_proposal(line(category=Category.GALA_DINNER, unit=Unit.COVER, unit_cost=1_000_000))
    checked = proposal_detail(proposal).lines[0].result
    assert checked.norm_unit_cost is None
    assert not checked.ok


def test_norms_are_frozen_once_a_proposal_is_accepted(make_proposal, reviewer, norms):
    proposal = make_proposal()
    services.proposal_submit(proposal=proposal, by=proposal.created_by)
    services.proposal_accept(proposal=proposal, by=reviewer)
    norms.refresh_from_db()
    assert norms.is_frozen
    with pytest.raises(ValidationError) as exc:
        services.norm_set_value(
            norm_set=norms, by=reviewer, category=Category.TRANSPORT, unit=Unit.CAR_DAY, unit_cost=1
        )
    assert exc.value.code == "frozen"
    assert Norm.objects.get(norm_set=norms, category=Category.TRANSPORT).unit_cost == 3_000_000


def test_a_change_of_norms_is_a_new_version(reviewer, norms):
    revised = services.normset_create(by=reviewer, title="Revised norms", copy_from=norms)
    services.norm_set_value(
        norm_set=revised, by=reviewer, category=Category.TRANSPORT, unit=Unit.CAR_DAY, unit_cost=3_500_000
    )
    services.normset_publish(norm_set=revised, by=reviewer)
    assert revised.version == norms.version + 1
    assert services.current_norm_set() == revised
    assert Norm.objects.get(norm_set=norms, category=Category.TRANSPORT).unit_cost == 3_000_000
    assert revised.caps.get().cap == 100_000_000


def test_only_finance_sets_norms(editor, norms):
    with pytest.raises(PermissionDenied):
        services.normset_create(by=editor, title="Mine")


# --- Proposals -----------------------------------------------------------------------------------------


def test_proposal_journey_submit_return_fix_accept(make_proposal, editor, reviewer):
    proposal = make_proposal(line(quantity=10, unit_cost=3_400_000))
    services.proposal_submit(proposal=proposal, by=editor, expected=ProposalStatus.DRAFT)
    services.proposal_return(proposal=proposal, by=reviewer, message="Car-day rate above the norm.")
    with pytest.raises(ValidationError):
        services.proposal_accept(proposal=proposal, by=reviewer)  # returned: cannot be accepted
    first = proposal.lines.get()
    services.line_save(proposal=proposal, by=editor, data=line(quantity=10, unit_cost=3_000_000), line=first)
    services.proposal_submit(proposal=proposal, by=editor, expected=ProposalStatus.RETURNED)
    services.proposal_accept(proposal=proposal, by=reviewer, expected=ProposalStatus.SUBMITTED)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    actions = list(
        AuditEntry.objects.filter(target_id=str(proposal.pk), action__startswith="proposal.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[-4:] == [
        "proposal.returned",
        "proposal.line_changed",
        "proposal.submitted",
        "proposal.accepted",
    ]


def test_submitted_proposal_cannot_be_edited(make_proposal, editor):
    proposal = make_proposal()
    services.proposal_submit(proposal=proposal, by=editor)
    with pytest.raises(ValidationError):
        services.line_save(proposal=proposal, by=editor, data=line())


def test_other_bodies_editor_cannot_touch_the_proposal(make_proposal, mofa_editor):
    proposal = make_proposal()
    with pytest.raises(PermissionDenied):
        services.line_save(proposal=proposal, by=mofa_editor, data=line())
    with pytest.raises(PermissionDenied):
        services.proposal_submit(proposal=proposal, by=mofa_editor)


def test_editor_cannot_accept_their_own_proposal(make_proposal, editor):
    proposal = make_proposal()
    services.proposal_submit(proposal=proposal, by=editor)
    with pytest.raises(PermissionDenied):
        services.proposal_accept(proposal=proposal, by=editor)


def test_return_needs_a_message(make_proposal, editor, reviewer):
    proposal = make_proposal()
    services.proposal_submit(proposal=proposal, by=editor)
    with pytest.raises(ValidationError) as exc:
        services.proposal_return(proposal=proposal, by=reviewer, message="  ")
    assert "message" in exc.value.message_dict


def test_overrun_without_justification_cannot_be_accepted(make_proposal, editor, reviewer):
    proposal = make_proposal(line(unit_cost=3_400_000))
    services.proposal_submit(proposal=proposal, by=editor)
    with pytest.raises(ValidationError):
        services.proposal_accept(proposal=proposal, by=reviewer)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_overrun_with_justification_may_be_accepted(make_proposal, editor, reviewer):
    proposal = make_proposal(
        line(unit_cost=3_400_000, justification="UN security standard for armoured cars")
    )
    services.proposal_submit(proposal=proposal, by=editor)
    accepted = services.proposal_accept(proposal=proposal, by=reviewer)
    assert accepted.status == ProposalStatus.ACCEPTED


def test_stale_submit_is_a_conflict(make_proposal, editor):
    from hanoi_ceremony.core.errors import status_for

    proposal = make_proposal()
    services.proposal_submit(proposal=proposal, by=editor)
    with pytest.raises(ValidationError) as exc:
        services.proposal_submit(proposal=proposal, by=editor, expected=ProposalStatus.DRAFT)
    assert status_for(exc.value) == 409


def test_submission_notifies_finance_reviewers(
    make_proposal, editor, reviewer, django_capture_on_commit_callbacks
):
    proposal = make_proposal()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_submit(proposal=proposal, by=editor)
    assert list(Notification.objects.filter(recipient=reviewer).values_list("kind", flat=True)) == [
        "budget.status"
    ]


# --- Estimate ------------------------------------------------------------------------------------------


def _accepted(make_proposal, editor, reviewer, *lines, **kw):
    proposal = make_proposal(*lines, **kw)
    services.proposal_submit(proposal=proposal, by=kw.get("by") or editor)
    services.proposal_accept(proposal=proposal, by=reviewer)
    return proposal


def test_estimate_totals_by_category_and_body_with_cap(make_proposal, editor, mofa_editor, mofa, reviewer):
    _accepted(
        make_proposal,
        editor,
        reviewer,
        line(quantity=30, unit_cost=3_000_000),
        line(category=Category.ACCOMMODATION, unit=Unit.ROOM_NIGHT, quantity=10, unit_cost=4_000_000),
    )
    _accepted(
        make_proposal,
        mofa_editor,
        reviewer,
        line(quantity=10, unit_cost=3_200_000, justification="Protocol cars"),
        by=mofa_editor,
        body=mofa,
        title="Protocol",
    )
    estimate = services.estimate_create(by=reviewer, title="Consolidated estimate")
    view = estimate_detail(estimate)
    transport = next(r for r in view.by_category if r.label == "Transport")
    assert (transport.amount, transport.overrun, transport.cap, transport.over_cap) == (
        122_000_000,
        2_000_000,
        100_000_000,
        22_000_000,
    )
    assert view.total == 162_000_000
    assert {r.label: r.amount for r in view.by_body} == {
        "Ministry of Foreign Affairs": 32_000_000,
        "Ministry of Public Security": 130_000_000,
    }


def test_only_the_competent_authority_approves(make_proposal, editor, reviewer, organiser):
    _accepted(make_proposal, editor, reviewer)
    estimate = services.estimate_create(by=reviewer, title="Estimate")
    services.estimate_submit(estimate=estimate, by=reviewer)
    for user in (reviewer, editor, organiser):
        with pytest.raises(PermissionDenied):
            services.estimate_approve(estimate=estimate, by=user)


def test_draft_estimate_cannot_be_approved(make_proposal, editor, reviewer, steering):
    _accepted(make_proposal, editor, reviewer)
    estimate = services.estimate_create(by=reviewer, title="Estimate")
    with pytest.raises(ValidationError):
        services.estimate_approve(estimate=estimate, by=steering)


def test_approved_estimate_never_changes(make_proposal, editor, reviewer, steering, norms):
    _accepted(make_proposal, editor, reviewer, line(quantity=10, unit_cost=3_000_000))
    estimate = services.estimate_create(by=reviewer, title="Estimate")
    services.estimate_submit(estimate=estimate, by=reviewer)
    services.estimate_approve(estimate=estimate, by=steering, decision_reference="QĐ 123/QĐ-TTg")
    before = list(estimate.lines.values_list("description", "amount", "norm_unit_cost", "overrun"))
    # Norms change (a new version), another proposal is accepted, a new estimate is consolidated:
    revised = services.normset_create(by=reviewer, title="Revised", copy_from=norms)
    services.norm_set_value(
        norm_set=revised, by=reviewer, category=Category.TRANSPORT, unit=Unit.CAR_DAY, unit_cost=2_000_000
    )
    services.normset_publish(norm_set=revised, by=reviewer)
    _accepted(make_proposal, editor, reviewer, line(quantity=5, unit_cost=2_000_000), title="Second")
    services.estimate_create(by=reviewer, title="Supplementary estimate")
    with pytest.raises(ValidationError):
        services.estimate_refresh(estimate=estimate, by=reviewer)
    estimate.refresh_from_db()
    assert estimate.status == EstimateStatus.APPROVED
    assert list(estimate.lines.values_list("description", "amount", "norm_unit_cost", "overrun")) == before
    assert estimate_detail(estimate).total == 30_000_000
    assert (
        AuditEntry.objects.filter(
            action="estimate.approved", target_id=str(estimate.pk), actor=steering
        ).count()
        == 1
    )


def test_supplementary_estimate_takes_only_proposals_not_yet_approved(
    make_proposal, editor, reviewer, steering
):
    _accepted(make_proposal, editor, reviewer, line(quantity=10, unit_cost=3_000_000))
    first = services.estimate_create(by=reviewer, title="First")
    services.estimate_submit(estimate=first, by=reviewer)
    services.estimate_approve(estimate=first, by=steering)
    with pytest.raises(ValidationError):
        services.estimate_create(by=reviewer, title="Nothing new")
    _accepted(make_proposal, editor, reviewer, line(quantity=2, unit_cost=3_000_000), title="Second")
    second = services.estimate_create(by=reviewer, title="Supplementary")
    assert estimate_detail(second).total == 6_000_000


def test_spending_and_variance_per_category(make_proposal, editor, reviewer, steering):
    _accepted(make_proposal, editor, reviewer, line(quantity=10, unit_cost=3_000_000))
    estimate = services.estimate_create(by=reviewer, title="Estimate")
    eline = estimate.lines.get()
    with pytest.raises(ValidationError):
        services.spending_record(
            line=eline, by=reviewer, kind=SpendingKind.COMMITTED, amount=1, reference="C-1"
        )
    services.estimate_submit(estimate=estimate, by=reviewer)
    services.estimate_approve(estimate=estimate, by=steering)
    services.spending_record(
        line=eline, by=reviewer, kind=SpendingKind.COMMITTED, amount=32_000_000, reference="Contract 7/2025"
    )
    services.spending_record(
        line=eline, by=reviewer, kind=SpendingKind.PAID, amount=10_000_000, reference="Payment 1"
    )
    with pytest.raises(ValidationError):
        services.spending_record(line=eline, by=reviewer, kind=SpendingKind.PAID, amount=-5, reference="x")
    v = variance_by_category()
    row = v.rows[0]
    assert (row.label, row.approved, row.committed, row.paid, row.remaining, row.over) == (
        "Transport",
        30_000_000,
        32_000_000,
        10_000_000,
        -2_000_000,
        True,
    )
