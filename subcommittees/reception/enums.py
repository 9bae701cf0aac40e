from django.db import models
from django.utils.translation import gettext_lazy as _


class VehicleKind(models.TextChoices):
    CAR = "car", _("Car")
    MOTORCADE = "motorcade", _("Motorcade")
    VAN = "van", _("Van")


class SlotFollows(models.TextChoices):
    """Whether a car slot moves with the leader's flight (an airport pick-up or drop-off) or is fixed."""

    ARRIVAL = "arrival", _("Follows the arrival flight")
    DEPARTURE = "departure", _("Follows the departure flight")
    FIXED = "", _("Fixed time")


class Direction(models.TextChoices):
    ARRIVALS = "arrivals", _("Arrivals")
    DEPARTURES = "departures", _("Departures")


class StepKey(models.TextChoices):
    """Steps generated from the data (a step added by hand has no key)."""

    LANDING = "landing", _("Landing")
    WELCOME = "welcome", _("Welcome at the aircraft")
    DEPART_AIRPORT = "depart_airport", _("Motorcade leaves the airport")
    ARRIVE_HOTEL = "arrive_hotel", _("Arrival at the hotel")
    DEPART_HOTEL = "depart_hotel", _("Leaves the hotel for the venue")
    ARRIVE_VENUE = "arrive_venue", _("Arrival at the venue")
    PROGRAMME = "programme", _("Programme")
    LEAVE_FOR_AIRPORT = "leave_for_airport", _("Leaves the hotel for the airport")
    DEPARTURE = "departure", _("Departure flight")
