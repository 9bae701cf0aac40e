"""Factories for the programme. Times are aware, inside the ceremony days (25–26 October 2025, Hà Nội)."""

import datetime

import factory

from agenda.enums import SessionKind, SessionStatus
from agenda.models import HANOI, Booth, Room, Session, SideEventSlot, Venue
from delegations.enums import Capacity, ParticipantType
from delegations.models import Delegation, Liaison, Member


def hanoi(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2025, 10, day, hour, minute, tzinfo=HANOI)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue
        django_get_or_create = ("name",)

    name = "National Convention Centre"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"Meeting room {n}")
    capacity = 100


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    kind = SessionKind.SIDE_EVENT
    title = factory.Sequence(lambda n: f"Side event {n}")
    starts_at = factory.LazyFunction(lambda: hanoi(26, 9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(minutes=75))
    room = factory.SubFactory(RoomFactory)
    status = SessionStatus.PUBLISHED
    first_published_at = factory.LazyFunction(lambda: hanoi(20, 9))
    capacity = None


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SideEventSlot

    starts_at = factory.LazyFunction(lambda: hanoi(26, 9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(minutes=75))


class BoothFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booth

    code = factory.Sequence(lambda n: f"B{n:02d}")
    zone = "Hall A"


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    participant_type = ParticipantType.IGO
    country_code = None


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    delegation = factory.SubFactory(DelegationFactory)
    family_name = factory.Sequence(lambda n: f"Family{n}")
    given_names = "Anh"
    capacity = Capacity.ADVISER


class LiaisonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Liaison

    user = factory.SubFactory("tests.factories.UserFactory")
    delegation = factory.SubFactory(DelegationFactory)
