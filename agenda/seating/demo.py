"""Demo seating plan: the Secretary-General's draw recorded for the plenary (through the service). Idempotent."""

from agenda.enums import SessionKind
from agenda.models import Session
from delegations.enums import DelegationStatus, ParticipantType
from delegations.models import Delegation
from hanoi_ceremony.accounts.models import User

from .models import SeatingPlan
from .services import seating_draw


def seed(*, scale: int, out) -> None:
    plenary = Session.objects.filter(kind=SessionKind.PLENARY).order_by("starts_at").first()
    if plenary is None or SeatingPlan.objects.filter(session=plenary).exists():
        out.write(f"  seating: {SeatingPlan.objects.count()} plans (kept)")
        return
    states = Delegation.objects.filter(
        participant_type=ParticipantType.MEMBER_STATE, status=DelegationStatus.CONFIRMED
    ).order_by("name")
    pool = list(states)
    drawn = next((d for d in pool if d.country_code == "KEN"), pool[len(pool) // 2] if pool else None)
    if drawn is None:
        out.write("  seating: no confirmed Member State")
        return
    plan = seating_draw(
        session=plenary, by=User.objects.filter(username="organiser").first(), drawn=drawn, note="Demo draw"
    )
    out.write(f"  seating: plenary plan v{plan.version}, {drawn.name} first, {plan.seats.count()} seats")
