import pytest

from hanoi_ceremony.accounts.roles import forget_roles

from .factories import LiaisonFactory, MemberFactory, RoomFactory, SessionFactory


@pytest.fixture
def room(db):
    return RoomFactory(name="Meeting room 1", capacity=80)


@pytest.fixture
def liaison(ceremony):
    """A liaison user of one delegation."""
    link = LiaisonFactory()
    forget_roles(link.user)
    return link


@pytest.fixture
def liaison_client(client, liaison):
    client.force_login(liaison.user)
    return client


@pytest.fixture
def delegate(liaison):
    return MemberFactory(delegation=liaison.delegation)


@pytest.fixture
def side_event(ceremony, room):
    return SessionFactory(room=room, capacity=2)
