"""A scheduled bilateral gives its listed participants the bilateral-suite pass (issue 15 meets issue 12):
outside the delegation's quota, gone when the meeting is cancelled, and the holders' badges follow."""

import pytest
from django.core.exceptions import ValidationError

from agenda.bilaterals import services
from delegations.accreditation.models import ZonePass
from delegations.accreditation.services import badges as badge_services
from delegations.accreditation.services import passes
from delegations.accreditation.services.badges import zones_for
from tests.accreditation.factories import AccreditationFactory, CategoryFactory, ZoneFactory

from .conftest import at
from .helpers import accepted, schedule

pytestmark = pytest.mark.django_db


def accredit(member, category):
    return AccreditationFactory(member=member, category=category, passport_key=f"KEY:{member.pk}")


@pytest.fixture
def suite(ceremony):
    plenary = ZoneFactory(code="PLN")
    bil = ZoneFactory(code="BIL", restricted=True, default_pass_quota=0)
    delegate = CategoryFactory(code="DEL", zone_list=[plenary, bil])
    pinned = CategoryFactory(code="HOS", zone_list=[plenary, bil], lapel_pin=True)
    return {"zone": bil, "delegate": delegate, "pinned": pinned, "plenary": plenary}


def test_scheduled_meeting_gives_listed_people_the_suite_pass_and_cancel_takes_it(
    kenya, chile, rooms, block, suite, organiser, make_user
):
    head = accredit(kenya.head, suite["delegate"])
    other_head = accredit(chile.head, suite["delegate"])
    from hanoi_ceremony.accounts.roles import Role

    badge = badge_services.badge_issue(accreditation=head, by=make_user(Role.ACCREDITATION))
    assert badge.zone_codes == ["PLN"]

    bilateral = accepted(kenya, chile)
    schedule(bilateral, rooms[0], at(14), by=organiser)
    held = ZonePass.objects.filter(bilateral=bilateral)
    assert set(held.values_list("holder_id", flat=True)) == {head.pk, other_head.pk}
    assert all(p.number is None for p in held)
    assert zones_for(head) == ["BIL", "PLN"]
    badge.refresh_from_db()
    assert badge.state == "revoked"  # the signed QR names the zones: a new badge carries the suite
    assert head.badges.exclude(pk=badge.pk).get().zone_codes == ["BIL", "PLN"]

    services.bilateral_cancel(bilateral=bilateral, by=None, side=None, organiser=True)
    assert not ZonePass.objects.filter(bilateral=bilateral).exists()
    assert zones_for(head) == ["PLN"]


def test_meeting_passes_stay_outside_the_quota_and_cannot_be_moved_by_hand(
    kenya, chile, rooms, block, suite, organiser
):
    head = accredit(kenya.head, suite["delegate"])
    adviser = accredit(kenya.extra[0], suite["delegate"])
    accredit(chile.head, suite["delegate"])
    bilateral = accepted(kenya, chile)
    schedule(bilateral, rooms[0], at(14), by=organiser)
    meeting_pass = ZonePass.objects.get(bilateral=bilateral, holder=head)

    # Quota 0: the meeting pass does not count, and it does not stand in for a quota pass either.
    with pytest.raises(ValidationError) as exc:
        passes.zone_pass_issue(delegation_id=kenya.pk, zone=suite["zone"], holder_id=adviser.pk, by=organiser)
    assert "All 0" in exc.value.messages[0]
    with pytest.raises(ValidationError) as exc:
        passes.zone_pass_transfer(zone_pass=meeting_pass, holder_id=adviser.pk, by=organiser)
    assert "comes with a bilateral meeting" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        passes.zone_pass_withdraw(zone_pass=meeting_pass, by=organiser)
    assert ZonePass.objects.filter(pk=meeting_pass.pk, holder=head).exists()


def test_people_whose_category_does_not_open_the_suite_or_wear_the_pin_get_no_pass(
    kenya, chile, rooms, block, suite, organiser
):
    accredit(kenya.head, suite["pinned"])
    AccreditationFactory(
        member=chile.head, category=CategoryFactory(code="MED", zone_list=[suite["plenary"]])
    )
    bilateral = accepted(kenya, chile)
    schedule(bilateral, rooms[0], at(14), by=organiser)
    assert not ZonePass.objects.filter(bilateral=bilateral).exists()


def test_the_suite_pass_change_is_in_the_history(kenya, chile, rooms, block, suite, organiser):
    from hanoi_ceremony.audit.models import AuditEntry

    accredit(kenya.head, suite["delegate"])
    bilateral = accepted(kenya, chile)
    schedule(bilateral, rooms[0], at(14), by=organiser)
    services.bilateral_cancel(bilateral=bilateral, by=None, side=None, organiser=True)
    actions = list(
        AuditEntry.objects.filter(action__startswith="zonepass.meeting")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["zonepass.meeting_issued", "zonepass.meeting_withdrawn"]
