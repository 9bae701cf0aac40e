"""Factories for the signing app's tests (and the minimum delegations/agenda rows they need)."""

import datetime

import factory
from django.utils import timezone

from agenda.enums import SessionKind, SessionStatus
from agenda.models import Session
from agenda.signing.enums import SpeakersListKind
from agenda.signing.models import Inscription, SigningEntry, SigningRoster, SpeakersList
from delegations.enums import (
    Capacity,
    DelegationStatus,
    FullPowersStatus,
    ParticipantType,
    ProtocolRank,
    Region,
)
from delegations.models import Delegation, FullPowers, Liaison, Member

HANOI = datetime.timezone(datetime.timedelta(hours=7))


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    name = factory.Sequence(lambda n: f"State {n:04d}")
    participant_type = ParticipantType.MEMBER_STATE
    country_code = factory.Sequence(
        lambda n: f"{chr(65 + n // 676 % 26)}{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}"
    )
    region = Region.ASIA
    status = DelegationStatus.CONFIRMED

    class Params:
        organisation = factory.Trait(
            participant_type=ParticipantType.IGO, country_code=None, region=Region.INTERNATIONAL
        )
        reio = factory.Trait(participant_type=ParticipantType.REIO, country_code=None, region=Region.EUROPE)
        observer = factory.Trait(participant_type=ParticipantType.OBSERVER_STATE)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    delegation = factory.SubFactory(DelegationFactory)
    family_name = factory.Sequence(lambda n: f"Family{n}")
    given_names = "Alex"
    capacity = Capacity.REPRESENTATIVE
    rank = ProtocolRank.MINISTER


class FullPowersFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FullPowers

    member = factory.SubFactory(MemberFactory)
    status = FullPowersStatus.AWAITED


class LiaisonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Liaison

    delegation = factory.SubFactory(DelegationFactory)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    kind = SessionKind.SIGNING
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = datetime.datetime(2025, 10, 25, 10, 0, tzinfo=HANOI)
    ends_at = datetime.datetime(2025, 10, 25, 12, 0, tzinfo=HANOI)
    status = SessionStatus.PUBLISHED


class RosterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SigningRoster

    session = factory.SubFactory(SessionFactory, kind=SessionKind.SIGNING, title="Signing ceremony")


class SigningEntryFactory(factory.django.DjangoModelFactory):
    """Direct rows for read tests; write tests go through services.roster_add_party."""

    class Meta:
        model = SigningEntry

    roster = factory.SubFactory(RosterFactory)
    delegation = factory.SubFactory(DelegationFactory)
    participant_type = factory.LazyAttribute(lambda o: o.delegation.participant_type)
    signatory = factory.SubFactory(MemberFactory, delegation=factory.SelfAttribute("..delegation"))
    position = factory.Sequence(lambda n: n + 1)
    registered_at = factory.LazyFunction(timezone.now)


class SpeakersListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpeakersList

    session = factory.SubFactory(SessionFactory, kind=SessionKind.PLENARY, title="Plenary")
    kind = SpeakersListKind.PLENARY


class InscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inscription

    speakers_list = factory.SubFactory(SpeakersListFactory)
    delegation = factory.SubFactory(DelegationFactory)
    speaker = factory.SubFactory(MemberFactory, delegation=factory.SelfAttribute("..delegation"))
    time_limit_seconds = 300
    inscribed_at = factory.LazyFunction(timezone.now)
