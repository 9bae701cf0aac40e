"""Every write of reception. Services own the transaction and the row lock, check the rule with a clear
message, and let the database refuse what slips past a race (exclusion constraints on PostgreSQL)."""

from ._common import (
    AIRPORT_TO_HOTEL,
    ARRIVE_VENUE_BEFORE,
    HOTEL_TO_VENUE,
    LEAVE_AIRPORT_AFTER_LANDING,
    LEAVE_FOR_AIRPORT_BEFORE_FLIGHT,
    NAMESPACE,
    OFFICER_CONSTRAINT,
    TRAVEL_FIELDS,
    VEHICLE_CONSTRAINT,
    WELCOME_AFTER_LANDING,
)
from .boards import board_print
from .cars import (
    car_slot_book,
    car_slot_cancel,
    car_slots_follow_flight,
    officer_assign,
    welcoming_rule_for,
    welcoming_rule_set,
)
from .scenarios import (
    NOT_COMING,
    PlannedStep,
    member_travel_changed,
    scenario_issue,
    scenario_plan,
    scenario_step_add,
    scenario_step_update,
    senior_leaders,
)

__all__ = [
    "AIRPORT_TO_HOTEL",
    "ARRIVE_VENUE_BEFORE",
    "HOTEL_TO_VENUE",
    "LEAVE_AIRPORT_AFTER_LANDING",
    "LEAVE_FOR_AIRPORT_BEFORE_FLIGHT",
    "NAMESPACE",
    "NOT_COMING",
    "OFFICER_CONSTRAINT",
    "TRAVEL_FIELDS",
    "VEHICLE_CONSTRAINT",
    "WELCOME_AFTER_LANDING",
    "PlannedStep",
    "board_print",
    "car_slot_book",
    "car_slot_cancel",
    "car_slots_follow_flight",
    "member_travel_changed",
    "officer_assign",
    "scenario_issue",
    "scenario_plan",
    "scenario_step_add",
    "scenario_step_update",
    "senior_leaders",
    "welcoming_rule_for",
    "welcoming_rule_set",
]
