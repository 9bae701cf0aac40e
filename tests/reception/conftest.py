import datetime
import zoneinfo

import pytest

from delegations.enums import Capacity, ProtocolRank
from subcommittees.enums import MembershipRole
from subcommittees.models import Membership, Subcommittee
from subcommittees.reception.enums import VehicleKind
from subcommittees.reception.models import Vehicle, WelcomingRule
from tests.delegations.factories import MemberFactory, StateDelegationFactory

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, hour, minute=0):
    return datetime.datetime(2025, 10, day, hour, minute, tzinfo=HANOI)


@pytest.fixture
def reception_sc(db):
    return Subcommittee.objects.get_or_create(slug="reception", defaults={"name": "Reception"})[0]


@pytest.fixture
def reception_lead(make_user, reception_sc):
    user = make_user(username="lead.reception")
    Membership.objects.create(user=user, subcommittee=reception_sc, role=MembershipRole.LEAD)
    return user


@pytest.fixture
def officer(make_user, reception_sc):
    user = make_user(username="officer.one")
    Membership.objects.create(user=user, subcommittee=reception_sc, role=MembershipRole.MEMBER)
    return user


@pytest.fixture
def officer_two(make_user, reception_sc):
    user = make_user(username="officer.two")
    Membership.objects.create(user=user, subcommittee=reception_sc, role=MembershipRole.MEMBER)
    return user


@pytest.fixture
def rules(db):
    WelcomingRule.objects.create(
        rank=ProtocolRank.HEAD_OF_STATE, official="Deputy Prime Minister", motorcade=True
    )
    WelcomingRule.objects.create(rank=ProtocolRank.MINISTER, official="Deputy Minister of Foreign Affairs")
    WelcomingRule.objects.create(rank=ProtocolRank.OTHER, official="Director, State Protocol Department")


@pytest.fixture
def car(db):
    return Vehicle.objects.create(label="Car 1", plate="29A-001.01", kind=VehicleKind.CAR)


@pytest.fixture
def car_two(db):
    return Vehicle.objects.create(label="Car 2", plate="29A-001.02", kind=VehicleKind.CAR)


@pytest.fixture
def make_head(db, ceremony):
    def make(rank=ProtocolRank.HEAD_OF_STATE, arrival=None, **kw):
        delegation = StateDelegationFactory()
        return MemberFactory(
            delegation=delegation,
            capacity=Capacity.HEAD,
            rank=rank,
            arrival_flight=kw.pop("flight", "VN18"),
            arrival_at=arrival or at(24, 10),
            arrival_airport=kw.pop("airport", "Nội Bài – VIP terminal A1"),
            departure_flight="VN19",
            departure_at=at(27, 15),
            departure_airport="Nội Bài – VIP terminal A1",
            hotel=kw.pop("hotel", "Sofitel Legend Metropole Hanoi"),
            **kw,
        )

    return make
