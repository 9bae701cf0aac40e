"""Drawing the seating plan. One service: record the Secretary-General's draw (or draw by lot), seat every
delegation in order, keep the previous plan as history. Side effects: audit (who, when, the result),
content area."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.enums import SessionKind
from agenda.models import Session
from delegations.enums import Capacity, DelegationStatus, ParticipantType
from delegations.models import Delegation, Member
from delegations.protocol.ordering import protocol_key
from hanoi_ceremony.core.errors import Invalid
from hanoi_ceremony.core.transitions import record_change

from .models import Seat, SeatingPlan, SeatQuota

SEATED_KINDS = (SessionKind.PLENARY, SessionKind.SIGNING, SessionKind.OPENING, SessionKind.CLOSING)
DEFAULT_SEATS = {
    ParticipantType.MEMBER_STATE: 4,
    ParticipantType.OBSERVER_STATE: 4,
    ParticipantType.REIO: 3,
    ParticipantType.IGO: 2,
    ParticipantType.UN_ENTITY: 2,
}
OTHER_SEATS = 1
ROW_WIDTH = 3  # seats side by side at a delegation's desk; the head sits in the middle of the front row
# Who sits in front: the head, then the others in this order (security, spouses and others not seated).
SEATED_CAPACITIES = [
    Capacity.HEAD,
    Capacity.REPRESENTATIVE,
    Capacity.ALTERNATE,
    Capacity.ADVISER,
    Capacity.EXPERT,
    Capacity.PROTOCOL,
]


def seats_per_type() -> dict[str, int]:
    quotas = dict(SeatQuota.objects.values_list("participant_type", "seats"))
    return {t.value: quotas.get(t.value, DEFAULT_SEATS.get(t, OTHER_SEATS)) for t in ParticipantType}


def name_key(name: str) -> str:
    return name.casefold()


def seating_order(delegations: list[Delegation], *, drawn: Delegation) -> list[Delegation]:
    """Drawn State first, then the Member States alphabetically from it (wrapping round), then observer
    States, REIOs, intergovernmental organisations and UN entities, other bodies — each alphabetical."""
    states = sorted(
        (d for d in delegations if d.participant_type == ParticipantType.MEMBER_STATE),
        key=lambda d: name_key(d.name),
    )
    at = next(i for i, d in enumerate(states) if d.pk == drawn.pk)
    first = states[at:] + states[:at]
    rest = sorted(
        (d for d in delegations if d.participant_type != ParticipantType.MEMBER_STATE),
        key=lambda d: protocol_key(d.participant_type, d.name),
    )
    return first + rest


def _seat_positions(n: int) -> list[tuple[int, int]]:
    """(row, number) for n seats, front row first; the head's seat is the first in the list."""
    positions = []
    for i in range(n):
        positions.append((i // ROW_WIDTH + 1, i % ROW_WIDTH + 1))
    return positions


def seating_draw(*, session: Session, by, drawn: Delegation | None = None, note: str = "") -> SeatingPlan:
    """Record the lot (``drawn``, the State the Secretary-General drew) or draw it here by lot (drawn=None),
    then seat everyone. A re-draw makes a new current plan; the old one stays as history."""
    if session.kind not in SEATED_KINDS:
        raise Invalid(
            {"session": _("Seating plans are for the opening, plenary, signing and closing sessions.")}
        )
    delegations = list(Delegation.objects.filter(status=DelegationStatus.CONFIRMED).order_by("name"))
    states = [d for d in delegations if d.participant_type == ParticipantType.MEMBER_STATE]
    if not states:
        raise Invalid({"drawn": _("No confirmed Member State to seat yet.")})
    by_lot = drawn is None
    if by_lot:
        drawn = secrets.SystemRandom().choice(states)
    elif drawn.pk not in {d.pk for d in states}:
        raise Invalid({"drawn": _("The lot is drawn among the confirmed Member States.")})
    order = seating_order(delegations, drawn=drawn)
    quotas = seats_per_type()
    members: dict[int, list[Member]] = {}
    rank = {c: i for i, c in enumerate(SEATED_CAPACITIES)}
    for m in Member.objects.filter(delegation__in=order, capacity__in=SEATED_CAPACITIES).order_by(
        "family_name", "pk"
    ):
        members.setdefault(m.delegation_id, []).append(m)
    with transaction.atomic():
        Session.objects.select_for_update().filter(pk=session.pk).first()
        previous = SeatingPlan.objects.filter(session=session).order_by("-version").first()
        SeatingPlan.objects.filter(session=session, is_current=True).update(is_current=False)
        plan = SeatingPlan(
            session=session,
            version=(previous.version + 1) if previous else 1,
            drawn_delegation=drawn,
            drawn_by=by if getattr(by, "is_authenticated", False) else None,
            drawn_at=timezone.now(),
            by_lot=by_lot,
            note=note.strip(),
        )
        plan.save()
        seats = []
        for block, delegation in enumerate(order, start=1):
            people = sorted(members.get(delegation.pk, []), key=lambda m: rank[m.capacity])
            n = quotas.get(delegation.participant_type, OTHER_SEATS)
            for i, (row, number) in enumerate(_seat_positions(n)):
                person = people[i] if i < len(people) else None
                seats.append(
                    Seat(
                        plan=plan,
                        delegation=delegation,
                        block=block,
                        row=row,
                        number=number,
                        member=person,
                        delegation_name=delegation.name,
                        person_name=f"{person.title} {person}".strip() if person else "",
                    )
                )
        Seat.objects.bulk_create(seats)
        record_change(
            plan,
            by=by,
            action="seating_plan.drawn",
            reason=note.strip(),
            data={
                "drawn": drawn.name,
                "version": plan.version,
                "by_lot": by_lot,
                "previous_version": previous.version if previous else None,
                "order": [d.name for d in order],
            },
            reconcile=False,
            clean=False,
        )
    return plan
