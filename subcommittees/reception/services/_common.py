"""What every reception service shares: the page-cache namespace, the names of the no-double-booking
constraints, the planning times, the permission check and how a time is shown in a message."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions

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
