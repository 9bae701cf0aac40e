"""Every conflict the host refuses when giving a meeting its room and slot (service level, every database)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from agenda.bilaterals import scheduling
from agenda.bilaterals.enums import BilateralStatus as S
from agenda.enums import AccessLevel, SessionKind
from agenda.models import Room
from agenda.signing.enums import InscriptionStatus
from delegations.enums import Capacity
from tests.agenda.signing.factories import (
    InscriptionFactory,
    MemberFactory,
    RosterFactory,
    SessionFactory,
    SigningEntryFactory,
    SpeakersListFactory,
)

from .conftest import at
from .helpers import accepted, schedule


def refused(bilateral, room, start) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        schedule(bilateral, room, start)
    bilateral.refresh_from_db()
    assert bilateral.status == S.ACCEPTED  # nothing half-saved
    return exc.value.message_dict["starts_at"]


def test_outside_the_bilateral_blocks(kenya, chile, rooms, block):
    assert refused(accepted(kenya, chile), rooms[0], at(13)) == [
        "This time is outside the bilateral meeting blocks of the programme."
    ]


def test_room_not_marked_for_bilaterals(kenya, chile, rooms, block, venue):
    hall = Room.objects.create(venue=venue, name="Plenary Hall", capacity=3000)
    assert refused(accepted(kenya, chile), hall, at(14)) == [
        "This room is not marked for bilateral meetings."
    ]


def test_room_too_small_for_the_listed_people_and_interpreters(kenya, chile, block, venue):
    tiny = Room.objects.create(venue=venue, name="Tiny", capacity=4, for_bilaterals=True)
    bilateral = accepted(
        kenya, chile, participants=kenya.extra, interpretation_from="Spanish", interpretation_to="English"
    )
    assert refused(bilateral, tiny, at(14)) == ["Tiny seats 4; this meeting lists 5 people."]


def test_room_taken_until_the_turnover_has_passed(kenya, chile, japan, make_delegation, rooms, block):
    schedule(accepted(kenya, chile), rooms[0], at(14))
    brazil = make_delegation("Brazil", "BRA")
    second = accepted(japan, brazil)
    assert refused(second, rooms[0], at(14, 30)) == [
        "Bilateral room A is taken by another bilateral meeting then (turnover included)."
    ]
    assert schedule(second, rooms[0], at(14, 45)).status == S.SCHEDULED


@override_settings(BILATERAL_TURNOVER_MINUTES=0)
def test_turnover_is_configurable(kenya, chile, japan, make_delegation, rooms, block):
    schedule(accepted(kenya, chile), rooms[0], at(14))
    second = accepted(japan, make_delegation("Brazil", "BRA"))
    assert schedule(second, rooms[0], at(14, 30)).ends_at == at(15)


def test_a_head_in_two_meetings_at_once(kenya, chile, japan, rooms, block):
    schedule(accepted(kenya, chile), rooms[0], at(14))
    assert refused(accepted(kenya, japan), rooms[1], at(14, 15)) == [
        "A head of delegation already has another bilateral meeting then."
    ]


def test_the_heads_signing_slot(kenya, chile, rooms, block):
    roster = RosterFactory(session__starts_at=at(14), session__ends_at=at(15))
    for i in range(2):
        SigningEntryFactory(roster=roster, position=i + 1)
    SigningEntryFactory(roster=roster, delegation=kenya, signatory=kenya.head, position=3)  # ~14:06–14:09
    problems = refused(accepted(kenya, chile), rooms[0], at(14))
    assert problems == [
        "A listed participant is expected at the signing ceremony (their estimated turn to sign) then."
    ]


def test_the_heads_estimated_speaking_turn(kenya, chile, japan, rooms, block):
    speakers = SpeakersListFactory(session__starts_at=at(14), session__ends_at=at(17, 30))
    InscriptionFactory(speakers_list=speakers, delegation=japan, speaker=japan.head, time_limit_seconds=2700)
    InscriptionFactory(speakers_list=speakers, delegation=kenya, speaker=kenya.head, time_limit_seconds=600)
    bilateral = accepted(kenya, chile)
    # Japan speaks 14:00–14:45, Kenya 14:45–14:55: a meeting at 14:45 (or within the margin) is refused.
    assert refused(bilateral, rooms[0], at(14, 45)) == [
        "A listed participant is expected at “Plenary” (their estimated speaking turn) then."
    ]
    assert schedule(bilateral, rooms[0], at(14)).status == S.SCHEDULED


def test_a_speaker_who_has_spoken_is_free_again(kenya, chile, rooms, block):
    speakers = SpeakersListFactory(session__starts_at=at(14), session__ends_at=at(17, 30))
    InscriptionFactory(
        speakers_list=speakers, delegation=kenya, speaker=kenya.head, status=InscriptionStatus.SPOKEN
    )
    assert schedule(accepted(kenya, chile), rooms[0], at(14)).status == S.SCHEDULED


def test_a_listed_adviser_who_speaks_counts_too(kenya, chile, rooms, block):
    speakers = SpeakersListFactory(session__starts_at=at(14), session__ends_at=at(17, 30))
    InscriptionFactory(speakers_list=speakers, delegation=kenya, speaker=kenya.extra[0])
    assert refused(accepted(kenya, chile, participants=kenya.extra), rooms[0], at(14))


def test_a_speaker_not_listed_for_the_meeting_does_not_block_it(kenya, chile, rooms, block):
    speakers = SpeakersListFactory(session__starts_at=at(14), session__ends_at=at(17, 30))
    other = MemberFactory(delegation=chile, capacity=Capacity.ADVISER)
    InscriptionFactory(speakers_list=speakers, delegation=chile, speaker=other)
    assert schedule(accepted(kenya, chile), rooms[0], at(14)).status == S.SCHEDULED


def test_heads_only_sessions(kenya, chile, rooms, block):
    SessionFactory(
        kind=SessionKind.GROUP_PHOTO,
        title="Group photo",
        starts_at=at(14),
        ends_at=at(14, 20),
        access=AccessLevel.HEADS_ONLY,
    )
    assert refused(accepted(kenya, chile), rooms[0], at(14)) == [
        "The heads of delegation are expected at “Group photo” then."
    ]


def test_another_session_in_the_room(kenya, chile, rooms, block):
    SessionFactory(
        kind=SessionKind.WORKSHOP, title="Briefing", starts_at=at(14), ends_at=at(15), room=rooms[0]
    )
    assert refused(accepted(kenya, chile), rooms[0], at(14, 45)) == [
        "Bilateral room A is taken by Briefing then (turnover included)."
    ]


@override_settings(BILATERAL_DAILY_CAP=2)
def test_the_daily_cap_per_delegation(kenya, chile, japan, make_delegation, rooms, block):
    schedule(accepted(kenya, chile), rooms[0], at(14))
    schedule(accepted(kenya, japan), rooms[0], at(14, 45))
    third = accepted(kenya, make_delegation("Brazil", "BRA"))
    assert refused(third, rooms[0], at(15, 30)) == [
        "A delegation already has 2 bilateral meetings that day (the daily limit)."
    ]


def test_moving_a_meeting_does_not_conflict_with_itself(kenya, chile, rooms, block):
    bilateral = schedule(accepted(kenya, chile), rooms[0], at(14))
    assert schedule(bilateral, rooms[0], at(14, 15)).starts_at == at(14, 15)


def test_suggest_takes_the_first_free_slot_smallest_room_and_preferred_times_first(
    kenya, chile, japan, rooms, block
):
    schedule(accepted(kenya, chile), rooms[0], at(14))
    cal = scheduling.calendar_load()
    free = scheduling.suggest(cal, scheduling.need_for(accepted(japan, chile)))
    # Chile is busy at 14:00; the next slot is 14:45 in the smallest room.
    assert (free.room.name, free.starts_at) == ("Bilateral room A", at(14, 45))


def test_suggest_prefers_the_sides_windows(kenya, chile, rooms, block):
    bilateral = accepted(kenya, chile, windows=[(at(16), at(17))])
    found = scheduling.suggest(scheduling.calendar_load(), scheduling.need_for(bilateral))
    assert found.starts_at == at(
        16, 15
    )  # the first slot inside 16:00–17:00 (slots: 14:00, 14:45, 15:30, 16:15)


def test_suggest_says_none_when_nothing_is_free(kenya, chile, rooms, block):
    SessionFactory(
        kind=SessionKind.WELCOME,
        title="Heads' walk",
        starts_at=at(13),
        ends_at=at(19),
        access=AccessLevel.HEADS_ONLY,
    )
    assert scheduling.suggest(scheduling.calendar_load(), scheduling.need_for(accepted(kenya, chile))) is None
