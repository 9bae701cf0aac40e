"""iCalendar output (RFC 5545) with the ceremony's time zone as a VTIMEZONE.

The feed's text is written directly: the icalendar library builds an object per property and re-parses
its own values, which made the feed cost several times the programme page it mirrors (≈2 ms per event).
What RFC 5545 asks of a writer is small and done here: TEXT values escaped (backslash, semicolon, comma,
newline — §3.3.11), lines of at most 75 octets folded with CRLF + space without splitting a UTF-8
character (§3.1), CRLF line ends, UTC stamps with "Z" and local times with a TZID that a VTIMEZONE defines.
The tests parse the feed back with the icalendar library.
"""

import datetime
import re
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from .enums import SessionKind
from .models import HANOI, Session

PRODID = "-//Hanoi Convention//Programme//EN"
TZID = "Asia/Ho_Chi_Minh"
# Viet Nam has kept UTC+7 without daylight saving since 13 June 1975; the feed only holds 2025 dates.
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    f"X-LIC-LOCATION:{TZID}",
    "BEGIN:STANDARD",
    "DTSTART:19750613T000000",
    "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0700",
    "TZNAME:+07",
    "END:STANDARD",
    "END:VTIMEZONE",
)
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")  # after escaping, no newline is left either


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped; other control
    characters (not allowed in a content line) dropped."""
    text = (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )  # chained replace() is several times faster than str.translate with a mapping
    return _CONTROL.sub("", text)


def fold(line: str) -> str:
    """One content line folded at 75 octets (§3.1): CRLF + one space before each continuation, never inside
    a multi-octet UTF-8 character."""
    if len(line) <= 75 and line.isascii():
        return line
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a continuation byte: step back
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines carry the leading space
    return "\r\n ".join(parts)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(moment: datetime.datetime) -> str:
    return moment.astimezone(HANOI).strftime("%Y%m%dT%H%M%S")


# SEQUENCE (RFC 5545 3.8.7.4) must grow with every change so calendars replace their copy: minutes since
# this epoch at the session's last save grow with each save, with no counter to keep.
SEQUENCE_EPOCH = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


def _sequence(moment: datetime.datetime) -> int:
    return max(0, int((moment - SEQUENCE_EPOCH).total_seconds() // 60))


def _event(session: Session, kinds: dict[str, str], site: str, languages: str) -> list[str]:
    kind = kinds.get(session.kind, session.kind)
    lines = [kind]
    if session.description:
        lines.append(session.description)
    if session.languages:
        lines.append(languages % {"languages": session.languages})
    stamp = _utc(session.updated_at)
    event = [
        "BEGIN:VEVENT",
        f"UID:session-{session.pk}@hanoi-convention",
        f"DTSTAMP:{stamp}",
        f"LAST-MODIFIED:{stamp}",
        f"SEQUENCE:{_sequence(session.updated_at)}",
        f"DTSTART;TZID={TZID}:{_local(session.starts_at)}",
        f"DTEND;TZID={TZID}:{_local(session.ends_at)}",
        f"SUMMARY:{escape_text(session.title)}",
        "DESCRIPTION:" + escape_text("\n\n".join(lines)),
    ]
    if session.room_id:
        event.append(f"LOCATION:{escape_text(f'{session.room.name}, {session.room.venue.name}')}")
    event += [
        f"URL:{site}sessions/{session.pk}/",
        f"STATUS:{'CANCELLED' if session.is_cancelled else 'CONFIRMED'}",
        f"CATEGORIES:{escape_text(kind)}",
        "END:VEVENT",
    ]
    return event


def calendar_build(sessions: Iterable[Session], *, name: str, extra: Iterable = ()) -> bytes:
    """A VCALENDAR of the sessions (rooms and venues must be select_related), plus `extra` events
    (icalendar components, e.g. bilateral meetings; written as they serialise themselves)."""
    kinds = {value: str(label) for value, label in SessionKind.choices}  # once, not twice per event
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",  # subscribed calendars refresh hourly
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    # Once per feed, not per event: the translated label and the sessions' URL prefix (reverse() and
    # gettext cost more than the rest of an event together).
    site = settings.SITE_URL + reverse("agenda:programme")
    languages = _("Languages: %(languages)s")
    for session in sessions:
        lines += _event(session, kinds, site, languages)
    for component in extra:  # already folded by icalendar: its lines are at most 75 octets
        lines += component.to_ical().decode("utf-8").rstrip("\r\n").split("\r\n")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
