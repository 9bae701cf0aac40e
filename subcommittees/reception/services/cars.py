"""Welcoming officials by rank, liaison officers, car and motorcade slots, slots that follow a flight."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from delegations.enums import Capacity, ProtocolRank
from delegations.models import Member
from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.core.errors import Invalid
from hanoi_ceremony.core.pagecache import bump
from hanoi_ceremony.core.transitions import record_change
from hanoi_ceremony.reminders.services import reminders_reconcile

from ..enums import SlotFollows
from ..models import CarSlot, OfficerAssignment, Scenario, Vehicle, WelcomingRule
from ._common import NAMESPACE, OFFICER_CONSTRAINT, VEHICLE_CONSTRAINT, _local, _require_manager

# --- Welcoming official ------------------------------------------------------------------------------


def welcoming_rule_for(rank: str) -> WelcomingRule | None:
    """The rule for a rank; an unlisted rank falls back to the rule of ``other``."""
    rules = {r.rank: r for r in WelcomingRule.objects.filter(rank__in=[rank, ProtocolRank.OTHER])}
    return rules.get(rank) or rules.get(ProtocolRank.OTHER)


def welcoming_rule_set(*, rank: str, official: str, motorcade: bool, by, note: str = "") -> WelcomingRule:
    _require_manager(by)
    if rank not in ProtocolRank.values:
        raise Invalid({"rank": _("Choose a protocol rank from the list.")})
    if not official.strip():
        raise Invalid({"official": _("Name the welcoming official's position.")})
    with transaction.atomic():
        rule = WelcomingRule.objects.select_for_update().filter(rank=rank).first() or WelcomingRule(rank=rank)
        rule.official, rule.motorcade, rule.note = official.strip(), motorcade, note
        record_change(rule, by=by, action="welcomingrule.changed", reconcile=False)
    return rule


# --- Officers and cars ----------------------------------------------------------------------------------


def officer_assign(*, delegation, officer, by) -> OfficerAssignment:
    """Give a delegation its host liaison officer. Side effects: audit; the delegation's scenarios'
    reminders follow the new officer."""
    _require_manager(by)
    with transaction.atomic():
        assignment = OfficerAssignment.objects.select_for_update().filter(delegation=delegation).first()
        assignment = assignment or OfficerAssignment(delegation=delegation)
        assignment.officer = officer
        record_change(
            assignment,
            by=by,
            action="officerassignment.changed",
            data={"officer": str(officer)},
            reconcile=False,
        )
        for scenario in Scenario.objects.filter(member__delegation=delegation).select_related("member"):
            reminders_reconcile(target=scenario)
    return assignment


def _overlapping(qs, *, starts_at, ends_at):
    return qs.filter(cancelled=False, starts_at__lt=ends_at, ends_at__gt=starts_at)


def _check_slot(slot: CarSlot) -> None:
    if slot.ends_at <= slot.starts_at:
        raise Invalid({"ends_at": _("The slot must end after it starts.")})
    if slot.member.capacity != Capacity.HEAD:
        raise Invalid({"member": _("Cars and motorcades are booked for heads of delegation.")})
    others = CarSlot.objects.exclude(pk=slot.pk) if slot.pk else CarSlot.objects.all()
    _refuse_clash(
        slot,
        others.filter(vehicle_id=slot.vehicle_id),
        field="vehicle",
        message=_("%(vehicle)s is already booked for %(member)s from %(start)s to %(end)s."),
        vehicle=slot.vehicle,
    )
    if slot.officer_id is not None:
        _refuse_clash(
            slot,
            others.filter(officer_id=slot.officer_id),
            field="officer",
            message=_("%(officer)s already accompanies %(member)s from %(start)s to %(end)s."),
            officer=slot.officer,
        )


def _refuse_clash(slot: CarSlot, rows, *, field: str, message: str, **params) -> None:
    """Refuse `slot`, next to `field`, when one of `rows` overlaps it, naming whom that one is booked for."""
    clash = (
        _overlapping(rows, starts_at=slot.starts_at, ends_at=slot.ends_at).select_related("member").first()
    )
    if clash is not None:
        raise Invalid(
            {
                field: message
                % {
                    **params,
                    "member": clash.member,
                    "start": _local(clash.starts_at),
                    "end": _local(clash.ends_at),
                }
            },
            code="taken",
        )


def _save_slot(slot: CarSlot) -> None:
    try:
        with transaction.atomic():
            slot.save()
    except IntegrityError as exc:
        text = str(exc)
        if VEHICLE_CONSTRAINT in text:
            raise Invalid({"vehicle": _("This car is already booked at that time.")}, code="taken") from exc
        if OFFICER_CONSTRAINT in text:
            raise Invalid(
                {"officer": _("This officer is already booked at that time.")}, code="taken"
            ) from exc
        raise


def car_slot_book(
    *,
    member: Member,
    vehicle: Vehicle,
    starts_at,
    ends_at,
    by,
    officer=None,
    purpose: str = "",
    follows: str = SlotFollows.ARRIVAL,
) -> CarSlot:
    """Book a car or motorcade (and the officer riding with the leader) for a head of delegation.
    Refused when the car or the officer is booked at an overlapping time. `follows`: the slot moves with
    the arrival or departure flight when that flight's time changes (see `car_slots_follow_flight`).

    Side effects: audit entry; reception area bumped; the scenario's reminders follow the officer."""
    _require_manager(by)
    if officer is None:
        assignment = OfficerAssignment.objects.filter(delegation_id=member.delegation_id).first()
        officer = assignment.officer if assignment else None
    with transaction.atomic():
        # Lock the vehicle row: two bookings of one car serialise here on every database.
        vehicle = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
        slot = CarSlot(
            member=member,
            vehicle=vehicle,
            officer=officer,
            starts_at=starts_at,
            ends_at=ends_at,
            purpose=purpose or _("Airport to hotel"),
            follows=follows,
        )
        _check_slot(slot)
        slot.full_clean()
        _save_slot(slot)
        audit_record(actor=by, action="carslot.booked", target=slot, data={"vehicle": str(vehicle)})
        bump(NAMESPACE)
        scenario = Scenario.objects.filter(member=member).first()
        if scenario is not None:
            reminders_reconcile(target=scenario)
    return slot


def car_slot_cancel(*, slot: CarSlot, by) -> CarSlot:
    _require_manager(by)
    with transaction.atomic():
        slot = CarSlot.objects.select_for_update().get(pk=slot.pk)
        if slot.cancelled:
            return slot
        slot.cancelled = True
        record_change(slot, by=by, action="carslot.cancelled", fields=["cancelled"], reconcile=False)
    return slot


def car_slots_follow_flight(*, member: Member, by, times_before: dict, tell: bool = True) -> list[str]:
    """When a leader's arrival or departure time moves (`times_before`: the member's arrival_at and
    departure_at before the change; `member` holds the new ones), the car slots booked to follow that flight move by
    the same amount (car and officer checked again). A slot that cannot move (its car or officer is booked
    at the new time) keeps its time and is marked out of step for the Reception Subcommittee to book again;
    the member's change itself is never refused for it. Returns one line per slot for the change note.
    Side effects: audit entry per slot; the slot's officer is told on commit (`tell`; a re-issued scenario
    tells them instead, with these lines in its change note)."""
    from hanoi_ceremony.notifications.services import notify

    lines: list[str] = []
    for field, follows in (("arrival_at", SlotFollows.ARRIVAL), ("departure_at", SlotFollows.DEPARTURE)):
        old, new = times_before.get(field), getattr(member, field)
        if old is None or new is None or old == new:
            continue
        delta = new - old
        slots = list(
            CarSlot.objects.select_for_update(of=("self",))
            .filter(member_id=member.pk, follows=follows, cancelled=False)
            .select_related("vehicle", "officer", "member")
        )
        for slot in slots:
            before = (slot.starts_at, slot.ends_at)
            slot.starts_at, slot.ends_at = before[0] + delta, before[1] + delta
            try:
                with transaction.atomic():
                    _check_slot(slot)
                    slot.out_of_step = False
                    _save_slot(slot)
            except Invalid as exc:
                slot.starts_at, slot.ends_at, slot.out_of_step = before[0], before[1], True
                CarSlot.objects.filter(pk=slot.pk).update(out_of_step=True)
                reason = "; ".join(exc.messages)
                audit_record(
                    actor=by,
                    action="carslot.out_of_step",
                    target=slot,
                    data={"vehicle": str(slot.vehicle), "reason": reason},
                )
                line = _("%(vehicle)s could not follow the flight (%(reason)s): book again.") % {
                    "vehicle": slot.vehicle,
                    "reason": reason,
                }
            else:
                audit_record(
                    actor=by,
                    action="carslot.moved",
                    target=slot,
                    data={
                        "vehicle": str(slot.vehicle),
                        "from": _local(before[0]),
                        "to": _local(slot.starts_at),
                    },
                )
                line = _("%(vehicle)s moved to %(start)s–%(end)s.") % {
                    "vehicle": slot.vehicle,
                    "start": _local(slot.starts_at),
                    "end": _local(slot.ends_at),
                }
            lines.append(line)
            if tell and slot.officer_id is not None:
                officer, text = slot.officer, line

                def tell(officer=officer, text=text, slot=slot):
                    notify(
                        recipient=officer,
                        kind="reception.car_slot_moved",
                        template="reception/email/car_slot_moved",
                        context={"slot": slot, "member": slot.member, "note": text},
                        url=reverse("reception:leaders"),
                    )

                transaction.on_commit(tell)
    if lines:
        bump(NAMESPACE)
    return lines
