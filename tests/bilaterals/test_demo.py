import io

from django.core.management import call_command

from agenda.bilaterals.enums import BilateralStatus as S
from agenda.bilaterals.models import Bilateral
from agenda.seating.models import SeatingPlan


def test_demo_has_bilaterals_in_several_states_and_a_drawn_plan(db):
    call_command("seed_demo", stdout=io.StringIO())
    states = set(Bilateral.objects.values_list("status", flat=True))
    assert states == {S.REQUESTED, S.COUNTER_PROPOSED, S.ACCEPTED, S.SCHEDULED, S.DECLINED}
    plan = SeatingPlan.objects.get(is_current=True)
    first = plan.seats.order_by("block", "row", "number").first()
    assert first.delegation == plan.drawn_delegation
    call_command("seed_demo", stdout=io.StringIO())  # idempotent
    assert Bilateral.objects.count() == 5 and SeatingPlan.objects.count() == 1
