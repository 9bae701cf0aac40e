import datetime

import pytest

from agenda.enums import SessionKind
from agenda.models import Room, Venue
from delegations.enums import Capacity, ProtocolRank
from hanoi_ceremony.accounts.roles import forget_roles
from tests.agenda.signing.factories import DelegationFactory, LiaisonFactory, MemberFactory, SessionFactory

HANOI = datetime.timezone(datetime.timedelta(hours=7))


def at(hour: int, minute: int = 0, day: int = 25) -> datetime.datetime:
    return datetime.datetime(2025, 10, day, hour, minute, tzinfo=HANOI)


@pytest.fixture
def venue(db):
    return Venue.objects.create(name="National Convention Centre")


@pytest.fixture
def rooms(venue):
    return [
        Room.objects.create(venue=venue, name="Bilateral room A", capacity=10, for_bilaterals=True),
        Room.objects.create(venue=venue, name="Bilateral room B", capacity=20, for_bilaterals=True),
    ]


@pytest.fixture
def block(db, rooms):
    """25 Oct 14:00–18:00: slots of 30 minutes with 15 minutes' turnover start 14:00, 14:45, 15:30, …"""
    return SessionFactory(
        kind=SessionKind.BILATERAL, title="Bilateral meetings", starts_at=at(14), ends_at=at(18)
    )


@pytest.fixture
def make_delegation(db):
    def make(name: str, code: str, *, rank=ProtocolRank.MINISTER, others: int = 1):
        delegation = DelegationFactory(name=name, country_code=code)
        head = MemberFactory(
            delegation=delegation,
            capacity=Capacity.HEAD,
            rank=rank,
            family_name=f"Head{code}",
            given_names="H",
        )
        extra = [
            MemberFactory(delegation=delegation, capacity=Capacity.ADVISER, family_name=f"Adv{code}{i}")
            for i in range(others)
        ]
        delegation.head = head
        delegation.extra = extra
        return delegation

    return make


@pytest.fixture
def kenya(make_delegation):
    return make_delegation("Kenya", "KEN")


@pytest.fixture
def chile(make_delegation):
    return make_delegation("Chile", "CHL")


@pytest.fixture
def japan(make_delegation):
    return make_delegation("Japan", "JPN")


@pytest.fixture
def make_liaison(make_user):
    def make(delegation, **kwargs):
        user = make_user(**kwargs)
        LiaisonFactory(user=user, delegation=delegation)
        forget_roles(user)
        return user

    return make
