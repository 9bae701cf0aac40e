"""Leaders' scenarios: the plan from the data, issue and re-issue, steps edited by hand, and what a change of
travel details sets off."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.enums import Capacity, ProtocolRank, ProtocolTier, protocol_tier
from delegations.models import Member
from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.core.errors import Invalid
from hanoi_ceremony.core.pagecache import bump
from hanoi_ceremony.core.transitions import record_change
from hanoi_ceremony.reminders.services import reminders_reconcile

from ..enums import StepKey
from ..models import CarSlot, OfficerAssignment, Scenario, ScenarioStep
from ._common import (
    AIRPORT_TO_HOTEL,
    ARRIVE_VENUE_BEFORE,
    HOTEL_TO_VENUE,
    LEAVE_AIRPORT_AFTER_LANDING,
    LEAVE_FOR_AIRPORT_BEFORE_FLIGHT,
    NAMESPACE,
    TRAVEL_FIELDS,
    WELCOME_AFTER_LANDING,
    _require_manager,
)
from .cars import car_slots_follow_flight, welcoming_rule_for

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

    from ..reminder_sources import officers_of

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
