import pytest

from hanoi_ceremony.accounts.roles import forget_roles

from .factories import DelegationFactory, LiaisonFactory, RosterFactory, SpeakersListFactory


@pytest.fixture
def roster(db, ceremony):
    return RosterFactory()


@pytest.fixture
def plenary(db, ceremony):
    return SpeakersListFactory()


@pytest.fixture
def host(db):
    return DelegationFactory(name="Viet Nam", country_code="VNM")


@pytest.fixture
def make_liaison(make_user):
    def make(delegation=None, **kwargs):
        user = make_user(**kwargs)
        LiaisonFactory(user=user, delegation=delegation or DelegationFactory())
        forget_roles(user)
        return user

    return make
