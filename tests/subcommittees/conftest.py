import pytest
import time_machine

from hanoi_ceremony.accounts.roles import Role
from subcommittees.enums import MembershipRole

from .factories import MembershipFactory, MilestoneFactory, SubcommitteeFactory, hanoi


@pytest.fixture(autouse=True)
def _clock():
    """Preparations are seen from 14 October 2025, 09:00 in Hà Nội (before the milestones)."""
    with time_machine.travel(hanoi(10, 14, 9), tick=False):
        yield


@pytest.fixture
def content(db):
    return SubcommitteeFactory(name="Content", slug="content")


@pytest.fixture
def reception(db):
    return SubcommitteeFactory(name="Reception", slug="reception")


@pytest.fixture
def lead(make_user, content):
    user = make_user(username="lead_content")
    MembershipFactory(user=user, subcommittee=content, role=MembershipRole.LEAD)
    return user


@pytest.fixture
def member(make_user, content):
    user = make_user(username="member_content")
    MembershipFactory(user=user, subcommittee=content, role=MembershipRole.MEMBER)
    return user


@pytest.fixture
def other_member(make_user, reception):
    user = make_user(username="member_reception")
    MembershipFactory(user=user, subcommittee=reception, role=MembershipRole.MEMBER)
    return user


@pytest.fixture
def other_lead(make_user, reception):
    user = make_user(username="lead_reception")
    MembershipFactory(user=user, subcommittee=reception, role=MembershipRole.LEAD)
    return user


@pytest.fixture
def approver(make_user):
    return make_user(Role.STEERING, username="approver")


@pytest.fixture
def steering(make_user):
    return make_user(Role.STEERING, username="steer")


@pytest.fixture
def secretariat(make_user):
    return make_user(Role.SECRETARIAT, username="secr")


@pytest.fixture
def review(make_user):
    return MilestoneFactory(title="Preliminary review", at=hanoi(10, 20, 9))
