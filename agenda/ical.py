"""iCalendar output (RFC 5545) with the ceremony's time zone as a VTIMEZONE."""

import datetime
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.utils.translation import gettext as _

from .enums import SessionKind
from .models import HANOI, Session

PRODID = "-//Hanoi Convention//Programme//EN"
# SEQUENCE (RFC 5545 3.8.7.4) must grow with every change so calendars replace their copy: minutes since
# this epoch at the session's last save grow with each save, with no counter to keep.
SEQUENCE_EPOCH = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


def _event(session: Session, kinds: dict[str, str]) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"session-{session.pk}@hanoi-convention")
    event.add("dtstamp", session.updated_at)
    event.add("last-modified", session.updated_at)
    event.add("sequence", max(0, int((session.updated_at - SEQUENCE_EPOCH).total_seconds() // 60)))
    event.add("dtstart", session.starts_at.astimezone(HANOI))
    event.add("dtend", session.ends_at.astimezone(HANOI))
    event.add("summary", session.title)
    kind = kinds.get(session.kind, session.kind)
    lines = [kind]
    if session.description:
        lines.append(session.description)
    if session.languages:
        lines.append(_("Languages: %(languages)s") % {"languages": session.languages})
    event.add("description", "\n\n".join(lines))
    if session.room_id:
        event.add("location", f"{session.room.name}, {session.room.venue.name}")
    event.add("url", f"{settings.SITE_URL}{session.get_absolute_url()}")
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    event.add("categories", [kind])
    return event


def calendar_build(sessions: Iterable[Session], *, name: str, extra: Iterable[icalendar.Event] = ()) -> bytes:
    """A VCALENDAR of the sessions (rooms and venues must be select_related), plus `extra` events (e.g.
    bilateral meetings)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    cal.add("x-published-ttl", "PT1H")  # subscribed calendars refresh hourly
    cal.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    kinds = {value: str(label) for value, label in SessionKind.choices}  # once, not twice per event
    for session in sessions:
        cal.add_component(_event(session, kinds))
    for event in extra:
        cal.add_component(event)
    cal.add_missing_timezones()
    if not cal.walk("VTIMEZONE"):
        cal.add_component(icalendar.Timezone.from_tzinfo(HANOI, tzid=settings.TIME_ZONE))
    return cal.to_ical()
