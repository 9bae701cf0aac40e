"""Every write of reception. Services own the transaction and the row lock, check the rule with a clear
message, and let the database refuse what slips past a race (exclusion constraints on PostgreSQL)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.enums import Capacity, ProtocolRank, ProtocolTier, protocol_tier
from delegations.models import Member
from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.core.errors import Invalid
from hanoi_ceremony.core.pagecache import bump
from hanoi_ceremony.core.transitions import record_change
from hanoi_ceremony.reminders.services import reminders_reconcile

from . import permissions
from .enums import Direction, SlotFollows, StepKey
from .models import BoardPrint, CarSlot, OfficerAssignment, Scenario, ScenarioStep, Vehicle, WelcomingRule

NAMESPACE = "reception"
VEHICLE_CONSTRAINT = "reception_carslot_no_vehicle_overlap"
OFFICER_CONSTRAINT = "reception_carslot_no_officer_overlap"

# Planning times (minutes). Nội Bài to the city centre is about 45 minutes under escort.
WELCOME_AFTER_LANDING = 10
LEAVE_AIRPORT_AFTER_LANDING = 30
AIRPORT_TO_HOTEL = 45
HOTEL_TO_VENUE = 25
ARRIVE_VENUE_BEFORE = 15
LEAVE_FOR_AIRPORT_BEFORE_FLIGHT = 150
TRAVEL_FIELDS = (
    "arrival_flight",
    "arrival_at",
    "arrival_airport",
    "departure_flight",
    "departure_at",
    "hotel",
)


def _require_manager(by) -> None:
    if not permissions.can_manage(by):
        raise PermissionDenied(_("Only the Reception Subcommittee changes reception arrangements."))


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m %H:%M")


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
    clash = (
        _overlapping(
            others.filter(vehicle_id=slot.vehicle_id), starts_at=slot.starts_at, ends_at=slot.ends_at
        )
        .select_related("member")
        .first()
    )
    if clash is not None:
        raise Invalid(
            {
                "vehicle": _("%(vehicle)s is already booked for %(member)s from %(start)s to %(end)s.")
                % {
                    "vehicle": slot.vehicle,
                    "member": clash.member,
                    "start": _local(clash.starts_at),
                    "end": _local(clash.ends_at),
                }
            },
            code="taken",
        )
    if slot.officer_id is not None:
        clash = (
            _overlapping(
                others.filter(officer_id=slot.officer_id), starts_at=slot.starts_at, ends_at=slot.ends_at
            )
            .select_related("member")
            .first()
        )
        if clash is not None:
            raise Invalid(
                {
                    "officer": _("%(officer)s already accompanies %(member)s from %(start)s to %(end)s.")
                    % {
                        "officer": slot.officer,
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


# --- Boards ---------------------------------------------------------------------------------------------


def board_print(*, day: datetime.date, direction: str, airport: str, by) -> BoardPrint:
    """Record what the board shows now (it is being printed), so later changes are flagged against it."""
    from .selectors import board_rows

    if not permissions.can_view(by):
        raise PermissionDenied
    if direction not in Direction.values:
        raise Invalid({"direction": _("Arrivals or departures?")})
    rows = board_rows(day=day, direction=direction, airport=airport)
    snapshot = {str(r.member.pk): r.signature for r in rows}
    with transaction.atomic():
        printed = BoardPrint(day=day, direction=direction, airport=airport, snapshot=snapshot, printed_by=by)
        printed.save()
        audit_record(actor=by, action="boardprint.printed", target=printed, data={"rows": len(snapshot)})
        bump(NAMESPACE)
    return printed


# --- Scenarios ------------------------------------------------------------------------------------------


@dataclass
class PlannedStep:
    key: str
    at: datetime.datetime
    title: str
    place: str
    responsible: str


def _first_programme_item(after: datetime.datetime):
    from agenda.enums import SessionKind, SessionStatus
    from agenda.models import Session

    return (
        Session.objects.filter(
            status=SessionStatus.PUBLISHED,
            kind__in=[SessionKind.WELCOME, SessionKind.OPENING, SessionKind.PLENARY, SessionKind.SIGNING],
            starts_at__gte=after,
        )
        .select_related("room__venue")
        .order_by("starts_at", "pk")
        .first()
    )


def scenario_plan(member: Member) -> list[PlannedStep]:
    """The steps from the data: flight, welcoming official by rank, car and officer, hotel, programme."""
    if member.arrival_at is None:
        raise Invalid(_("%(member)s has no arrival time yet.") % {"member": member})
    rule = welcoming_rule_for(member.rank)
    official = rule.official if rule else _("Reception Subcommittee")
    assignment = (
        OfficerAssignment.objects.filter(delegation_id=member.delegation_id).select_related("officer").first()
    )
    officer = str(assignment.officer) if assignment else _("liaison officer to be assigned")
    slot = (
        CarSlot.objects.filter(member=member, cancelled=False)
        .select_related("vehicle")
        .order_by("starts_at")
        .first()
    )
    car = (
        str(slot.vehicle)
        if slot
        else (_("motorcade") if rule and rule.motorcade else _("car to be assigned"))
    )
    airport = member.arrival_airport or _("Nội Bài International Airport")
    hotel = member.hotel or _("hotel to be confirmed")
    landing = member.arrival_at
    leave_airport = landing + datetime.timedelta(minutes=LEAVE_AIRPORT_AFTER_LANDING)
    at_hotel = leave_airport + datetime.timedelta(minutes=AIRPORT_TO_HOTEL)
    flight = member.arrival_flight or _("flight to be confirmed")
    steps = [
        PlannedStep(
            StepKey.LANDING, landing, _("Flight %(flight)s lands") % {"flight": flight}, airport, officer
        ),
        PlannedStep(
            StepKey.WELCOME,
            landing + datetime.timedelta(minutes=WELCOME_AFTER_LANDING),
            _("Welcomed at the aircraft by %(official)s") % {"official": official},
            airport,
            official,
        ),
        PlannedStep(
            StepKey.DEPART_AIRPORT,
            leave_airport,
            _("Leaves the airport (%(car)s)") % {"car": car},
            airport,
            officer,
        ),
        PlannedStep(StepKey.ARRIVE_HOTEL, at_hotel, _("Arrives at the hotel; check-in"), hotel, officer),
    ]
    session = _first_programme_item(
        at_hotel + datetime.timedelta(minutes=HOTEL_TO_VENUE + ARRIVE_VENUE_BEFORE)
    )
    if session is not None:
        venue = str(session.room.venue) if session.room_id and session.room.venue_id else _("the venue")
        arrive = session.starts_at - datetime.timedelta(minutes=ARRIVE_VENUE_BEFORE)
        steps += [
            PlannedStep(
                StepKey.DEPART_HOTEL,
                arrive - datetime.timedelta(minutes=HOTEL_TO_VENUE),
                _("Leaves the hotel for %(venue)s (%(car)s)") % {"venue": venue, "car": car},
                hotel,
                officer,
            ),
            PlannedStep(
                StepKey.ARRIVE_VENUE, arrive, _("Arrives at %(venue)s") % {"venue": venue}, venue, official
            ),
            PlannedStep(
                StepKey.PROGRAMME, session.starts_at, session.title, str(session.room or venue), officer
            ),
        ]
    if member.departure_at is not None:
        steps += [
            PlannedStep(
                StepKey.LEAVE_FOR_AIRPORT,
                member.departure_at - datetime.timedelta(minutes=LEAVE_FOR_AIRPORT_BEFORE_FLIGHT),
                _("Leaves the hotel for the airport"),
                hotel,
                officer,
            ),
            PlannedStep(
                StepKey.DEPARTURE,
                member.departure_at,
                _("Flight %(flight)s departs") % {"flight": member.departure_flight or "—"},
                member.departure_airport or airport,
                official,
            ),
        ]
    return steps


def _tell_officers(scenario: Scenario, note: str):
    from hanoi_ceremony.notifications.services import notify

    from .reminder_sources import officers_of

    recipients = officers_of(scenario)
    url = scenario.get_absolute_url()

    def send():
        for user in recipients:
            notify(
                recipient=user,
                kind="reception.scenario_reissued",
                template="reception/email/scenario_reissued",
                context={
                    "scenario": scenario,
                    "member": scenario.member,
                    "note": note,
                    "version": scenario.version,
                },
                url=url,
            )

    return send


def scenario_issue(*, member: Member, by, note: str = "", follows_data_change: bool = False) -> Scenario:
    """Issue (or re-issue) a leader's scenario from the data. On a re-issue the generated steps follow
    the data; each step whose time, wording or place moved is marked as changed (with its previous time);
    steps added by hand stay. Side effects: audit; reminders re-timed; officers notified of a re-issue."""
    if not follows_data_change:  # a flight change re-issues whoever changed the flight
        _require_manager(by)
    with transaction.atomic():
        member = Member.objects.select_related("delegation").get(pk=member.pk)
        plan = scenario_plan(member)
        scenario = Scenario.objects.select_for_update().filter(member=member).first()
        now = timezone.now()
        if scenario is None:
            scenario = Scenario.objects.create(member=member, issued_at=now, issued_by=by, change_note=note)
            ScenarioStep.objects.bulk_create(
                ScenarioStep(
                    scenario=scenario,
                    key=p.key,
                    at=p.at,
                    title=p.title,
                    place=p.place,
                    responsible=p.responsible,
                )
                for p in plan
            )
            audit_record(actor=by, action="scenario.issued", target=scenario)
            bump(NAMESPACE)
            reminders_reconcile(target=scenario)
            return scenario
        existing = {s.key: s for s in scenario.steps.exclude(key="")}
        ScenarioStep.objects.filter(scenario=scenario).update(changed=False)
        wanted = {p.key for p in plan}
        changed = 0
        for p in plan:
            step = existing.get(p.key)
            if step is None:
                ScenarioStep.objects.create(
                    scenario=scenario,
                    key=p.key,
                    at=p.at,
                    title=p.title,
                    place=p.place,
                    responsible=p.responsible,
                    changed=True,
                )
                changed += 1
                continue
            moved = step.at != p.at
            title = step.title if step.edited else p.title
            if moved or title != step.title or step.place != p.place:
                step.previous_at = step.at if moved else step.previous_at
                step.at, step.title, step.place, step.changed = p.at, title, p.place, True
                step.responsible = step.responsible if step.edited else p.responsible
                step.save(update_fields=["at", "title", "place", "responsible", "changed", "previous_at"])
                changed += 1
        ScenarioStep.objects.filter(scenario=scenario).exclude(key="").exclude(key__in=wanted).delete()
        scenario.version += 1
        scenario.issued_at, scenario.issued_by = now, by
        scenario.change_note = note or _("%(n)s step(s) changed") % {"n": changed}
        scenario.save(update_fields=["version", "issued_at", "issued_by", "change_note"])
        audit_record(
            actor=by,
            action="scenario.reissued",
            target=scenario,
            data={"version": scenario.version, "note": scenario.change_note},
        )
        bump(NAMESPACE)
        reminders_reconcile(target=scenario)
        transaction.on_commit(_tell_officers(scenario, scenario.change_note))
    return scenario


def scenario_step_update(*, step: ScenarioStep, by, data: dict) -> ScenarioStep:
    """Edit one step by hand (its wording, place, responsible person or time)."""
    _require_manager(by)
    with transaction.atomic():
        step = ScenarioStep.objects.select_for_update().get(pk=step.pk)
        for field in ("at", "title", "place", "responsible"):
            if field in data:
                setattr(step, field, data[field])
        step.edited = True
        record_change(
            step,
            by=by,
            action="scenariostep.changed",
            fields=["at", "title", "place", "responsible", "edited"],
            reconcile=False,
        )
    return step


def scenario_step_add(*, scenario: Scenario, by, data: dict) -> ScenarioStep:
    _require_manager(by)
    with transaction.atomic():
        step = ScenarioStep(
            scenario=scenario,
            key="",
            edited=True,
            **{k: data.get(k, "") for k in ("title", "place", "responsible")},
        )
        step.at = data["at"]
        record_change(step, by=by, action="scenariostep.changed", created=True, reconcile=False)
    return step


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


def member_travel_changed(
    *, member: Member, by, changes: dict, times_before: dict | None = None
) -> Scenario | None:
    """Called by ``delegations.services.member_update`` inside its transaction when a member's details
    change: the car slots that follow the flight move with it; when the flight, time, airport or hotel of a
    leader with a scenario moved, the scenario is re-issued with the change marked and the officers
    assigned are notified."""
    moved = [f for f in TRAVEL_FIELDS if f in changes]
    if not moved:
        return None
    has_scenario = Scenario.objects.filter(member_id=member.pk).exists()
    car_lines = car_slots_follow_flight(
        member=member, by=by, times_before=times_before or {}, tell=not has_scenario
    )
    if not has_scenario:
        return None
    if member.arrival_at is None:
        # No arrival time any more: the scenario cannot be timed; the Reception Subcommittee re-issues it
        # once the new flight is known (the member's change itself must not be refused for this).
        return None
    parts = []
    for field in moved:
        old, new = changes[field]
        parts.append(f"{Member._meta.get_field(field).verbose_name}: {old or '—'} → {new or '—'}")
    note = "; ".join(parts + car_lines)[:300]
    return scenario_issue(member=member, by=by, note=note, follows_data_change=True)


NOT_COMING = ("declined", "withdrawn")


def senior_leaders():
    """Heads of delegation of the first two protocol tiers (those who get a scenario), of delegations
    still coming (not declined or withdrawn)."""
    return (
        Member.objects.filter(capacity=Capacity.HEAD)
        .exclude(delegation__status__in=NOT_COMING)
        .filter(
            Q(
                rank__in=[
                    r
                    for r in ProtocolRank.values
                    if protocol_tier(r) in (ProtocolTier.HEADS, ProtocolTier.MINISTERS)
                ]
            )
        )
    )
