import datetime
import uuid

import pytest
from django.utils import timezone

from hanoi_ceremony.accounts.roles import Role


@pytest.fixture
def officer(make_user):
    return make_user(Role.ACCREDITATION, username="gate-officer")


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def categories(db):
    from tests.accreditation.factories import CategoryFactory

    return {
        "HOD": CategoryFactory(code="HOD", name="Head of delegation", colour="#B8860B"),
        "DEL": CategoryFactory(code="DEL", name="Delegate", colour="#1F4E79"),
        "MED": CategoryFactory(code="MED", name="Media", colour="#6F42C1"),
    }


@pytest.fixture
def hall(db, officer):
    from delegations.checkin.models import CheckinList
    from delegations.checkin.services import checkin_list_save

    return checkin_list_save(
        checkin_list=CheckinList(name="Plenary hall", code="plenary", categories=["HOD", "DEL"], zone="PLEN"),
        by=officer,
    )


@pytest.fixture
def signing_room(db, officer):
    from delegations.checkin.models import CheckinList
    from delegations.checkin.services import checkin_list_save

    return checkin_list_save(
        checkin_list=CheckinList(name="Signing room", code="signing", categories=["HOD"], zone="SIGN"),
        by=officer,
    )


@pytest.fixture
def gate(db, officer, hall, signing_room):
    from delegations.checkin.models import Gate
    from delegations.checkin.services import gate_save

    return gate_save(gate=Gate(name="North gate", code="north"), lists=[hall, signing_room], by=officer)


@pytest.fixture
def paired(gate, officer):
    """(device, token) of a device paired at the north gate."""
    from delegations.checkin.services import device_create, device_pair

    device, code = device_create(gate=gate, name="Phone 1", by=officer)
    return device_pair(code=code)


@pytest.fixture
def make_badge(ceremony, categories):
    from tests.accreditation.factories import BadgeFactory

    def make(category="DEL", zones=(), **kwargs):
        cat = categories[category]
        return BadgeFactory(
            accreditation__category=cat,
            category=cat,
            category_code=category,
            zone_codes=list(zones),
            **kwargs,
        )

    return make


@pytest.fixture
def credential():
    from delegations.accreditation.credentials import badge_credential

    return badge_credential


def nonce() -> str:
    return uuid.uuid4().hex


def now():
    return timezone.now()


def hours(n: float) -> datetime.timedelta:
    return datetime.timedelta(hours=n)


@pytest.fixture(autouse=True)
def _fresh_keys():
    from delegations.checkin.badges import forget_keys

    forget_keys()
    yield
    forget_keys()
