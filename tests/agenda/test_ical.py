import datetime

import icalendar
import pytest

from agenda import services
from agenda.models import HANOI, CalendarFeed

from .factories import MemberFactory, RoomFactory, SessionFactory, hanoi


def _parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_programme_feed_has_every_public_session_with_hanoi_times(client, ceremony):
    opening = SessionFactory(
        kind="opening", title="Opening session", starts_at=hanoi(25, 9), ends_at=hanoi(25, 10, 30)
    )
    SessionFactory(title="Draft only", status="draft", first_published_at=None, room=RoomFactory())

    cal = _parse(client.get("/programme/programme.ics"))

    events = cal.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Opening session"]
    start = events[0].decoded("dtstart")
    assert start == datetime.datetime(2025, 10, 25, 9, tzinfo=HANOI)
    assert start.utcoffset() == datetime.timedelta(hours=7)
    assert events[0]["dtstart"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert events[0].decoded("dtend") - start == datetime.timedelta(minutes=90)
    assert str(events[0]["uid"]) == f"session-{opening.pk}@hanoi-convention"
    assert str(events[0]["location"]).startswith(opening.room.name)
    timezones = cal.walk("VTIMEZONE")
    assert [str(tz["tzid"]) for tz in timezones] == ["Asia/Ho_Chi_Minh"]
    assert timezones[0].to_tz().utcoffset(datetime.datetime(2025, 10, 25, 9)) == datetime.timedelta(hours=7)


def test_cancelled_session_feed_says_cancelled(client, ceremony):
    SessionFactory(status="cancelled")

    cal = _parse(client.get("/programme/programme.ics"))

    assert [str(e["status"]) for e in cal.walk("VEVENT")] == ["CANCELLED"]


def test_one_session_feed(client, ceremony):
    session = SessionFactory(title="Roundtable 1", kind="roundtable")

    response = client.get(f"/programme/sessions/{session.pk}.ics")

    cal = _parse(response)
    assert [str(e["summary"]) for e in cal.walk("VEVENT")] == ["Roundtable 1"]
    assert "attachment" in response["Content-Disposition"]


def test_one_session_feed_of_draft_is_404(client, ceremony):
    session = SessionFactory(status="draft", first_published_at=None)

    assert client.get(f"/programme/sessions/{session.pk}.ics").status_code == 404


def test_personal_feed_has_only_delegation_sessions_and_dies_on_rotate(client, liaison, delegate):
    mine = SessionFactory(title="Mine", capacity=5)
    SessionFactory(title="Not mine", room=RoomFactory())
    services.session_register(session=mine, member=delegate, by=liaison.user)
    feed = services.calendar_feed_get_or_create(user=liaison.user)
    old_url = feed.get_absolute_url()

    cal = _parse(client.get(old_url))
    services.calendar_feed_rotate(user=liaison.user)

    assert [str(e["summary"]) for e in cal.walk("VEVENT")] == ["Mine"]
    assert client.get(old_url).status_code == 404
    assert client.get(CalendarFeed.objects.get(user=liaison.user).get_absolute_url()).status_code == 200


def test_personal_feed_includes_speaking_slots(client, liaison, organiser):
    speaker = MemberFactory(delegation=liaison.delegation)
    session = SessionFactory(title="Panel")
    services.session_participant_add(session=session, by=organiser, member=speaker)
    feed = services.calendar_feed_get_or_create(user=liaison.user)

    cal = _parse(client.get(feed.get_absolute_url()))

    assert [str(e["summary"]) for e in cal.walk("VEVENT")] == ["Panel"]


@pytest.mark.parametrize("token", ["nope", "x" * 43])
def test_personal_feed_unknown_token_is_404(client, ceremony, token):
    assert client.get(f"/programme/feeds/{token}.ics").status_code == 404


def test_programme_feed_names_each_sessions_kind(client, ceremony):
    SessionFactory(kind="opening", title="Opening", starts_at=hanoi(25, 9), ends_at=hanoi(25, 10))
    SessionFactory(kind="workshop", title="Workshop", room=RoomFactory())

    events = {str(e["summary"]): e for e in _parse(client.get("/programme/programme.ics")).walk("VEVENT")}

    assert [str(c) for c in events["Opening"]["categories"].cats] == ["Opening session"]
    assert [str(c) for c in events["Workshop"]["categories"].cats] == ["Panel or workshop"]
    assert str(events["Workshop"]["description"]).startswith("Panel or workshop")


def test_feed_text_is_escaped_and_folded_and_reads_back(client, ceremony):
    """RFC 5545 by hand: TEXT escaping and 75-octet folding (never inside a UTF-8 character) read back
    exactly by a conforming parser."""
    title = "Hội thảo; “Tội phạm mạng”, chuỗi dài \\ với dấu — " * 4
    description = "Line one\nLine two; with, punctuation\r\nThird"
    SessionFactory(title=title, description=description, languages="English, Tiếng Việt")

    response = client.get("/programme/programme.ics")
    raw = response.content
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # no character cut in half
    assert raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")

    event = _parse(response).walk("VEVENT")[0]
    assert str(event["summary"]) == title
    assert str(event["description"]) == (
        "Side event\n\nLine one\nLine two; with, punctuation\nThird\n\nLanguages: English, Tiếng Việt"
    )


def test_feed_stamps_are_utc_and_ends_follow_starts(client, ceremony):
    session = SessionFactory(starts_at=hanoi(26, 14), ends_at=hanoi(26, 15, 15))

    event = _parse(client.get(f"/programme/sessions/{session.pk}.ics")).walk("VEVENT")[0]

    assert event.decoded("dtstamp").utcoffset() == datetime.timedelta(0)
    assert str(event["url"]).endswith(session.get_absolute_url())
    assert event.decoded("dtstart") == datetime.datetime(2025, 10, 26, 14, tzinfo=HANOI)
    assert event.decoded("dtend") == datetime.datetime(2025, 10, 26, 15, 15, tzinfo=HANOI)
