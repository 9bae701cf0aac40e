"""A minimal iCalendar (RFC 5545) event for e-mail attachments, built with the `icalendar` package."""

import datetime

from icalendar import Calendar, Event


def ics_event(
    *,
    uid: str,
    start: datetime.datetime,
    end: datetime.datetime,
    summary: str,
    location: str = "",
    description: str = "",
) -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//Hanoi Convention//Ceremony//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{uid}@hanoi-convention")
    event.add("dtstamp", datetime.datetime.now(datetime.UTC))
    event.add("dtstart", start.astimezone(datetime.UTC))
    event.add("dtend", end.astimezone(datetime.UTC))
    event.add("summary", summary)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
