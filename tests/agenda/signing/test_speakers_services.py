import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agenda.signing import selectors, services
from agenda.signing.enums import InscriptionStatus
from agenda.signing.models import Inscription, RightOfReply
from delegations.enums import ProtocolRank
from hanoi_ceremony.audit.models import AuditEntry

from .factories import DelegationFactory, InscriptionFactory, MemberFactory

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2025, 10, 25, 2, 0, tzinfo=datetime.UTC)


def _inscribe(plenary, name, rank, minutes, **delegation_kwargs):
    delegation = DelegationFactory(name=name, **delegation_kwargs)
    return InscriptionFactory(
        speakers_list=plenary,
        delegation=delegation,
        speaker=MemberFactory(delegation=delegation, rank=rank),
        inscribed_at=T0 + datetime.timedelta(minutes=minutes),
    )


def test_speaking_order_groups_then_tiers_then_inscription_time(plenary):
    _inscribe(plenary, "EU", ProtocolRank.HEAD_OF_ORGANISATION, 0, reio=True)
    _inscribe(plenary, "Interpol", ProtocolRank.HEAD_OF_ORGANISATION, 1, organisation=True)
    _inscribe(plenary, "Late minister", ProtocolRank.MINISTER, 9)
    _inscribe(plenary, "Early minister", ProtocolRank.FOREIGN_MINISTER, 2)
    _inscribe(plenary, "Crown prince", ProtocolRank.CROWN_PRINCE, 10)
    _inscribe(plenary, "Ambassador", ProtocolRank.AMBASSADOR, 3)
    _inscribe(plenary, "Holy See", ProtocolRank.HEAD_OF_STATE, 4, observer=True)

    order = [i.delegation.name for i in selectors.speaking_order(plenary)]

    assert order == [
        "Crown prince",
        "Early minister",
        "Late minister",
        "Ambassador",
        "Holy See",
        "EU",
        "Interpol",
    ]


def test_inscription_create_refuses_a_speaker_from_another_delegation(plenary, organiser):
    delegation = DelegationFactory()

    with pytest.raises(ValidationError) as exc:
        services.inscription_create(
            speakers_list=plenary, delegation=delegation, speaker=MemberFactory(), by=organiser
        )

    assert "speaker" in exc.value.message_dict
    assert Inscription.objects.count() == 0


def test_inscription_create_refuses_a_second_speaker_for_the_delegation(plenary, organiser):
    delegation = DelegationFactory()
    services.inscription_create(
        speakers_list=plenary,
        delegation=delegation,
        speaker=MemberFactory(delegation=delegation),
        by=organiser,
    )

    with pytest.raises(ValidationError):
        services.inscription_create(
            speakers_list=plenary,
            delegation=delegation,
            speaker=MemberFactory(delegation=delegation),
            by=organiser,
        )

    assert Inscription.objects.count() == 1


def test_inscription_create_uses_the_list_time_limit(plenary, organiser):
    delegation = DelegationFactory()
    plenary.default_time_limit_seconds = 240
    plenary.save()

    inscription = services.inscription_create(
        speakers_list=plenary,
        delegation=delegation,
        speaker=MemberFactory(delegation=delegation),
        by=organiser,
    )

    assert inscription.time_limit_seconds == 240


def test_inscription_override_needs_reason_and_is_audited(plenary, organiser):
    _inscribe(plenary, "First", ProtocolRank.HEAD_OF_STATE, 0)
    last = _inscribe(plenary, "Last", ProtocolRank.AMBASSADOR, 5)
    with pytest.raises(ValidationError):
        services.inscription_override(inscription=last, position=1, reason="", by=organiser)

    services.inscription_override(
        inscription=last, position=1, reason="Must leave for the airport", by=organiser
    )

    assert [i.delegation.name for i in selectors.speaking_order(plenary)] == ["Last", "First"]
    assert AuditEntry.objects.get(action="inscription.placed").reason == "Must leave for the airport"


def test_right_of_reply_refuses_a_third_for_the_item(plenary, organiser):
    delegation = DelegationFactory()
    services.right_of_reply_request(speakers_list=plenary, delegation=delegation, by=organiser)
    services.right_of_reply_request(speakers_list=plenary, delegation=delegation, by=organiser)

    with pytest.raises(ValidationError) as exc:
        services.right_of_reply_request(speakers_list=plenary, delegation=delegation, by=organiser)

    assert "two rights of reply" in exc.value.message_dict["delegation"][0]
    assert RightOfReply.objects.filter(delegation=delegation).count() == 2


def test_database_refuses_a_third_right_of_reply(plenary):
    delegation = DelegationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        RightOfReply.objects.create(speakers_list=plenary, delegation=delegation, number=3)


def test_speakers_list_next_gives_the_floor_in_order(plenary, organiser):
    second = _inscribe(plenary, "Second", ProtocolRank.MINISTER, 0)
    first = _inscribe(plenary, "First", ProtocolRank.HEAD_OF_STATE, 1)

    services.speakers_list_next(speakers_list=plenary, expected_current_id=None, by=organiser)
    services.speakers_list_next(speakers_list=plenary, expected_current_id=first.pk, by=organiser)

    plenary.refresh_from_db()
    first.refresh_from_db()
    view = selectors.chair_view(plenary)
    assert (plenary.current_id, first.status, view.following) == (second.pk, InscriptionStatus.SPOKEN, None)
    assert 0 < view.seconds_left <= 300


def test_speakers_list_next_records_each_floor_passing_once_in_the_lists_history(plenary, organiser):
    first = _inscribe(plenary, "First", ProtocolRank.HEAD_OF_STATE, 0)
    second = _inscribe(plenary, "Second", ProtocolRank.MINISTER, 1)
    before = AuditEntry.objects.count()

    services.speakers_list_next(speakers_list=plenary, expected_current_id=None, by=organiser)
    services.speakers_list_next(speakers_list=plenary, expected_current_id=first.pk, by=organiser)

    first.refresh_from_db()
    second.refresh_from_db()
    written = list(AuditEntry.objects.order_by("pk").values_list("action", "target_id")[before:])
    assert written == [("speakers_list.floor_given", str(plenary.pk))] * 2
    assert (first.status, second.status) == (InscriptionStatus.SPOKEN, InscriptionStatus.SPEAKING)
    assert second.spoke_at is not None


def test_a_speaker_who_has_spoken_cannot_be_withdrawn(plenary, organiser):
    first = _inscribe(plenary, "First", ProtocolRank.HEAD_OF_STATE, 0)
    services.speakers_list_next(speakers_list=plenary, expected_current_id=None, by=organiser)

    with pytest.raises(ValidationError):
        services.inscription_withdraw(inscription=first, by=organiser)

    first.refresh_from_db()
    assert first.status == InscriptionStatus.SPEAKING
    assert AuditEntry.objects.filter(action="inscription.withdrawn").count() == 0


def test_speakers_list_next_refuses_a_stale_chair(plenary, organiser):
    _inscribe(plenary, "First", ProtocolRank.HEAD_OF_STATE, 0)
    services.speakers_list_next(speakers_list=plenary, expected_current_id=None, by=organiser)

    with pytest.raises(services.Conflict):
        services.speakers_list_next(speakers_list=plenary, expected_current_id=None, by=organiser)


def test_inscription_set_time_limit_is_audited_and_refuses_zero(plenary, organiser):
    inscription = _inscribe(plenary, "Alpha", ProtocolRank.MINISTER, 0)
    with pytest.raises(ValidationError):
        services.inscription_set_time_limit(inscription=inscription, seconds=0, by=organiser)

    services.inscription_set_time_limit(inscription=inscription, seconds=420, by=organiser)

    inscription.refresh_from_db()
    audit = AuditEntry.objects.get(action="inscription.time_limit_set")
    assert (inscription.time_limit_seconds, audit.data["from_seconds"], audit.data["seconds"]) == (
        420,
        300,
        420,
    )
    assert (audit.from_state, audit.to_state) == ("", "")  # seconds are not states of an inscription
