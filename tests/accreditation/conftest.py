import pytest

from hanoi_ceremony.accounts.roles import Role


@pytest.fixture
def officer(make_user):
    return make_user(Role.ACCREDITATION, username="officer")


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def liaison(db, ceremony):
    """A liaison (user) of a France delegation that is registering."""
    from tests.delegations.factories import LiaisonFactory

    return LiaisonFactory(delegation__country_code="FRA", delegation__name="France").user


@pytest.fixture
def delegation(liaison):
    return liaison.liaison.delegation


@pytest.fixture
def other_liaison(db, ceremony):
    from tests.delegations.factories import LiaisonFactory

    return LiaisonFactory(delegation__country_code="DEU", delegation__name="Germany").user
