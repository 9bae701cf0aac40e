from dataclasses import dataclass

from agenda.models import Session

from .models import Seat, SeatingPlan
from .services import SEATED_KINDS

DESKS_PER_ROW = 6
DESK_W, DESK_H, SEAT = 170, 96, 22


def seated_sessions():
    return list(
        Session.objects.filter(kind__in=SEATED_KINDS).exclude(status="cancelled").order_by("starts_at")
    )


def current_plan(session) -> SeatingPlan | None:
    return (
        SeatingPlan.objects.filter(session=session, is_current=True)
        .select_related("drawn_delegation", "drawn_by", "session")
        .first()
    )


def plans_of(session) -> list[SeatingPlan]:
    return list(SeatingPlan.objects.filter(session=session).select_related("drawn_delegation", "drawn_by"))


@dataclass
class Desk:
    block: int
    name: str
    x: int
    y: int
    seats: list[dict]


def chart(plan: SeatingPlan) -> dict:
    """Desks in seating order, left to right and front to back, each with its seats (head in front), ready
    for the SVG template. Two queries."""
    desks: dict[int, Desk] = {}
    for seat in Seat.objects.filter(plan=plan).order_by("block", "row", "number"):
        desk = desks.get(seat.block)
        if desk is None:
            i = seat.block - 1
            desk = Desk(
                block=seat.block,
                name=seat.delegation_name,
                x=20 + (i % DESKS_PER_ROW) * (DESK_W + 14),
                y=70 + (i // DESKS_PER_ROW) * (DESK_H + 14),
                seats=[],
            )
            desks[seat.block] = desk
        desk.seats.append(
            {
                "x": desk.x + 10 + (seat.number - 1) * (SEAT + 30),
                "y": desk.y + 30 + (seat.row - 1) * (SEAT + 8),
                "label": f"{seat.row}.{seat.number}",
                "person": seat.person_name,
                "front": seat.row == 1,
            }
        )
    items = list(desks.values())
    rows = (len(items) + DESKS_PER_ROW - 1) // DESKS_PER_ROW
    return {
        "desks": items,
        "width": 40 + DESKS_PER_ROW * (DESK_W + 14),
        "height": 90 + rows * (DESK_H + 14),
        "desk_w": DESK_W,
        "desk_h": DESK_H,
        "seat": SEAT,
    }


def delegations_in_order(plan: SeatingPlan) -> list[tuple[int, str]]:
    return list(
        Seat.objects.filter(plan=plan).order_by("block").values_list("block", "delegation_name").distinct()
    )
