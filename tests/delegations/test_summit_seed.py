"""seed_demo above --scale 10 models a summit: large delegations bulk-created with their people."""

import pytest

from delegations.demo import _summit, _summit_sizes
from delegations.enums import Capacity, DelegationStatus
from delegations.models import Delegation, Member
from hanoi_ceremony.audit.models import AuditEntry


def test_no_delegation_is_larger_than_the_largest():
    sizes = _summit_sizes(55, 5_361, 484)  # scale 11 next to the scale-10 ceremony's 5,639 people

    assert sizes[0] == 484 and max(sizes) == 484
    assert abs(sum(sizes) - 5_361) <= 5


def test_sizes_fall_off_from_the_largest_and_add_up():
    sizes = _summit_sizes(500, 94_000, 4_400)

    assert len(sizes) == 500
    assert sizes[0] == 4_400
    assert all(a >= b for a, b in zip(sizes[1:], sizes[2:], strict=False))
    assert abs(sum(sizes) - 94_000) / 94_000 < 0.02
    assert min(sizes) >= 5


@pytest.mark.django_db
def test_summit_delegations_are_confirmed_with_history_and_people_and_seeded_once(make_user):
    organiser = make_user(username="organiser")

    created = _summit(3, organiser)

    assert created == 15
    summit = Delegation.objects.filter(name__startswith="Summit delegation ")
    assert summit.count() == 15
    assert set(summit.values_list("status", flat=True)) == {DelegationStatus.CONFIRMED}
    # ≈1,000 × scale wanted; with no ceremony delegations around, 15 × the largest (132) is the most there is
    assert Member.objects.count() == sum(_summit_sizes(15, 3_000, 132)) == 15 * 132
    largest = max(summit, key=lambda d: d.members.count())
    assert largest.members.count() == 44 * 3
    assert Member.objects.filter(capacity=Capacity.HEAD).count() == 15  # one head each
    assert AuditEntry.objects.filter(action="delegation.confirmed").count() == 15

    assert _summit(3, organiser) == 0  # idempotent
    assert summit.count() == 15
