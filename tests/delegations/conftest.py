import pytest

from hanoi_ceremony.accounts.roles import Role
from tests.delegations.factories import LiaisonFactory


@pytest.fixture
def liaison(db, ceremony):
    """A liaison (user) of a France delegation that is registering."""
    return LiaisonFactory(delegation__country_code="FRA", delegation__name="France").user


@pytest.fixture
def delegation(liaison):
    return liaison.liaison.delegation


@pytest.fixture
def liaison_client(client, liaison):
    client.force_login(liaison)
    return client


@pytest.fixture
def other_liaison(db, ceremony):
    return LiaisonFactory(delegation__country_code="DEU", delegation__name="Germany").user


@pytest.fixture
def accreditation(make_user):
    return make_user(Role.ACCREDITATION, username="acc")
