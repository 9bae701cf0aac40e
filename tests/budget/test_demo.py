"""The demo seeders of budget and reception: every state shown, idempotent."""

import io

import pytest
from django.core.management import call_command

from subcommittees.budget import demo as budget_demo
from subcommittees.budget.enums import EstimateStatus, ProposalStatus
from subcommittees.budget.models import Estimate, NormSet, Proposal, Spending
from subcommittees.reception import demo as reception_demo
from subcommittees.reception.models import BoardPrint, CarSlot, Scenario

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Proposal.objects.count(),
        Estimate.objects.count(),
        Scenario.objects.count(),
        CarSlot.objects.count(),
    )


def test_demo_shows_every_state_and_runs_twice_unchanged():
    call_command("seed_demo", "--quiet-logins", stdout=io.StringIO())
    assert set(Proposal.objects.values_list("status", flat=True)) == {s.value for s in ProposalStatus}
    assert Estimate.objects.get().status == EstimateStatus.APPROVED
    assert Spending.objects.count() == 5
    assert [
        (n.version, n.is_frozen, n.published_at is not None) for n in NormSet.objects.order_by("version")
    ] == [
        (1, True, True),
        (2, False, False),
    ]
    assert Scenario.objects.filter(version=2).count() == 1  # the flight that moved after printing
    assert Scenario.objects.count() > 40
    assert BoardPrint.objects.count() == 2
    first = _counts()
    out = io.StringIO()
    budget_demo.seed(scale=1, out=out)
    reception_demo.seed(scale=1, out=out)
    assert _counts() == first
