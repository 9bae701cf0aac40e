"""Bilateral meetings as iCalendar events (for the personal feed and the reminder's attachment)."""

from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.utils.translation import gettext as _

from .models import Bilateral


def bilateral_event(bilateral: Bilateral) -> icalendar.Event:
    """One VEVENT (room and venue, both delegations select_related)."""
    event = icalendar.Event()
    event.add("uid", f"bilateral-{bilateral.pk}@hanoi-convention")
    event.add("dtstamp", bilateral.updated_at)
    event.add("last-modified", bilateral.updated_at)
    event.add("dtstart", bilateral.starts_at)
    event.add("dtend", bilateral.ends_at)
    event.add(
        "summary",
        _("Bilateral meeting: %(a)s – %(b)s")
        % {"a": bilateral.requester.name, "b": bilateral.counterpart.name},
    )
    if bilateral.room_id:
        event.add("location", f"{bilateral.room.name}, {bilateral.room.venue.name}")
    event.add("url", f"{settings.SITE_URL}{bilateral.get_absolute_url()}")
    event.add("status", "CONFIRMED")
    event.add("categories", [_("Bilateral meeting")])
    return event


def bilaterals_calendar(bilaterals: Iterable[Bilateral], *, name: str) -> bytes:
    from agenda.ical import calendar_build

    return calendar_build([], name=name, extra=[bilateral_event(b) for b in bilaterals])
