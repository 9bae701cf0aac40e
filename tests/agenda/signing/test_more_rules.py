import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from agenda.enums import SessionKind
from agenda.signing import services
from agenda.signing.models import Inscription, SigningRoster, SpeakersList
from delegations.enums import FullPowersStatus, ProtocolRank

from .factories import HANOI, DelegationFactory, MemberFactory, SessionFactory, SigningEntryFactory

pytestmark = pytest.mark.django_db


def test_roster_open_refuses_a_session_that_is_not_the_signing(ceremony, organiser):
    plenary_session = SessionFactory(kind=SessionKind.PLENARY)

    with pytest.raises(ValidationError):
        services.roster_open(session=plenary_session, by=organiser)

    assert SigningRoster.objects.count() == 0


def test_speakers_list_open_only_for_plenary_and_high_level(ceremony, organiser):
    gala = SessionFactory(kind=SessionKind.GALA)
    discussion = SessionFactory(kind=SessionKind.HIGH_LEVEL)

    with pytest.raises(ValidationError):
        services.speakers_list_open(session=gala, by=organiser)
    opened = services.speakers_list_open(session=discussion, by=organiser)

    assert (opened.kind, SpeakersList.objects.count()) == ("high_level", 1)


def test_entry_mark_signed_refuses_before_the_opening(roster, organiser):
    entry = SigningEntryFactory(roster=roster, signatory__rank=ProtocolRank.HEAD_OF_STATE)
    services.entry_confirm(entry=entry, by=organiser)

    with pytest.raises(ValidationError) as exc:
        services.entry_mark_signed(
            entry=entry, signed_at=datetime.datetime(2025, 10, 24, 23, 0, tzinfo=HANOI), by=organiser
        )

    assert exc.value.message_dict["signed_at"] == [
        "The convention is not open for signature before 2025-10-25."
    ]


def test_entry_mark_signed_on_last_hanoi_evening_is_still_hanoi(roster, organiser):
    entry = SigningEntryFactory(roster=roster, signatory__rank=ProtocolRank.FOREIGN_MINISTER)
    services.entry_confirm(entry=entry, by=organiser)
    late = datetime.datetime(2025, 10, 26, 23, 30, tzinfo=HANOI)  # 16:30 UTC, still 26 October in Hà Nội

    with time_machine.travel(late + datetime.timedelta(minutes=10), tick=False):
        entry = services.entry_mark_signed(entry=entry, signed_at=late, by=organiser)

    assert entry.place == "hanoi"


def test_entry_set_signatory_withdraws_confirmation_and_opens_full_powers(roster, organiser):
    entry = SigningEntryFactory(roster=roster, signatory__rank=ProtocolRank.HEAD_OF_STATE)
    services.entry_confirm(entry=entry, by=organiser)
    ambassador = MemberFactory(delegation=entry.delegation, rank=ProtocolRank.AMBASSADOR)

    entry = services.entry_set_signatory(entry=entry, signatory=ambassador, by=organiser)

    ambassador.refresh_from_db()
    assert (entry.confirmed_at, ambassador.full_powers.status) == (None, FullPowersStatus.AWAITED)


def test_entry_set_signatory_refuses_a_member_of_another_delegation(roster, organiser):
    entry = SigningEntryFactory(roster=roster)

    with pytest.raises(ValidationError) as exc:
        services.entry_set_signatory(entry=entry, signatory=MemberFactory(), by=organiser)

    assert "signatory" in exc.value.message_dict


def test_organiser_inscribes_any_delegation_with_a_time_limit(organiser_client, plenary):
    delegation = DelegationFactory()
    speaker = MemberFactory(delegation=delegation, rank=ProtocolRank.MINISTER)
    go = organiser_client.get(
        reverse("signing:chair_inscribe", kwargs={"pk": plenary.pk}), {"delegation": delegation.pk}
    )

    response = organiser_client.post(go["Location"], {"speaker": speaker.pk, "time_limit_minutes": 3})

    assert response.status_code == 302
    assert Inscription.objects.get(delegation=delegation).time_limit_seconds == 180


def test_liaison_cannot_set_a_time_limit(client, plenary, make_liaison):
    own = DelegationFactory()
    speaker = MemberFactory(delegation=own)
    client.force_login(make_liaison(own))

    client.post(
        reverse("signing:inscribe", kwargs={"pk": plenary.pk, "delegation_id": own.pk}),
        {"speaker": speaker.pk, "time_limit_minutes": 30},
    )

    assert Inscription.objects.get(delegation=own).time_limit_seconds == plenary.default_time_limit_seconds


def test_printed_list_puts_rights_of_reply_after_the_speakers(client, plenary, organiser):
    speaker_party = DelegationFactory(name="Speaking State")
    services.inscription_create(
        speakers_list=plenary,
        delegation=speaker_party,
        speaker=MemberFactory(delegation=speaker_party),
        by=organiser,
    )
    services.right_of_reply_request(
        speakers_list=plenary, delegation=DelegationFactory(name="Replying State"), by=organiser
    )

    content = client.get(reverse("signing:speakers_detail", kwargs={"pk": plenary.pk})).content.decode()

    assert (
        content.index("Speaking State") < content.index("Rights of reply") < content.index("Replying State")
    )
