import pytest

from hanoi_ceremony.accounts.roles import Role


@pytest.fixture
def officer(make_user):
    return make_user(Role.ACCREDITATION, username="officer")


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client
