"""Roles are cached per user; every change they depend on must be seen on the next request."""

import pytest
from django.contrib.auth.models import Group

from hanoi_ceremony.accounts.roles import Role, roles_of

pytestmark = pytest.mark.django_db


def fresh(user):
    return type(user).objects.get(pk=user.pk)


def test_joining_a_group_is_seen_at_once(make_user):
    user = make_user()
    assert roles_of(fresh(user)) == frozenset()

    user.groups.add(Group.objects.get(name="Steering Committee"))

    assert roles_of(fresh(user)) == {Role.STEERING}


def test_a_group_losing_its_members_is_seen_at_once(make_user):
    user = make_user(Role.ACCREDITATION)
    assert roles_of(fresh(user)) == {Role.ACCREDITATION}

    Group.objects.get(name="Accreditation officers").user_set.clear()

    assert roles_of(fresh(user)) == frozenset()


def test_becoming_and_ceasing_to_be_a_liaison_is_seen_at_once(make_user):
    from delegations.models import Delegation, Liaison

    user = make_user()
    delegation = Delegation.objects.create(
        name="Viet Nam", participant_type="member_state", country_code="VNM"
    )
    assert roles_of(fresh(user)) == frozenset()

    liaison = Liaison.objects.create(user=user, delegation=delegation)
    assert roles_of(fresh(user)) == {Role.LIAISON}

    liaison.delete()
    assert roles_of(fresh(user)) == frozenset()


def test_deactivating_a_user_removes_every_role(make_user):
    user = make_user(Role.ORGANISER)
    assert Role.ORGANISER in roles_of(fresh(user))

    user.is_active = False
    user.save()

    assert roles_of(fresh(user)) == frozenset()


def test_signing_in_leaves_the_roles_in_the_cache(client, make_user, django_assert_num_queries):
    user = make_user(Role.STEERING)
    client.force_login(user)
    loaded = fresh(user)

    with django_assert_num_queries(0):
        assert roles_of(loaded) == {Role.STEERING}
