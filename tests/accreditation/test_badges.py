import pytest
from django.db import IntegrityError, transaction

from delegations.accreditation.enums import BadgeState, RevocationReason, VettingState
from delegations.accreditation.models import Badge
from delegations.accreditation.selectors import revocation_version, revoked_serials
from delegations.accreditation.services import badges as badge_services
from hanoi_ceremony.core.errors import Invalid
from tests.accreditation.factories import AccreditationFactory, CategoryFactory, ZoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(ceremony):
    plenary, signing = ZoneFactory(code="P"), ZoneFactory(code="SR", restricted=True)
    category = CategoryFactory(code="DEL", zone_list=[plenary, signing])
    return AccreditationFactory(category=category)


def test_issue_snapshots_open_zones_only(approved, officer):
    badge = badge_services.badge_issue(accreditation=approved, by=officer)
    assert (badge.state, badge.category_code, badge.zone_codes) == (BadgeState.APPROVED, "DEL", ["P"])
    assert badge.valid_until > badge.valid_from


def test_issue_refused_before_security_approval(ceremony, officer):
    accreditation = AccreditationFactory(vetting=VettingState.PRE_APPROVED)
    with pytest.raises(Invalid) as exc:
        badge_services.badge_issue(accreditation=accreditation, by=officer)
    assert "not approved by security" in exc.value.messages[0]
    assert Badge.objects.count() == 0


def test_reissue_puts_old_serial_on_revocation_list(approved, officer):
    old = badge_services.badge_issue(accreditation=approved, by=officer)
    start = revocation_version()
    new = badge_services.badge_reissue(badge=old, by=officer, reason=RevocationReason.LOST)
    old.refresh_from_db()
    assert (old.state, old.revoked_reason, new.replaces_id) == (BadgeState.REVOKED, "lost", old.pk)
    assert new.serial != old.serial
    assert revoked_serials(since_version=start) == {"version": start + 1, "serials": [old.serial]}
    assert revoked_serials(since_version=start + 1) == {"version": start + 1, "serials": []}
    assert old.serial in revoked_serials()["serials"]


def test_category_change_revokes_and_reissues(approved, officer):
    old = badge_services.badge_issue(accreditation=approved, by=officer)
    approved.category = CategoryFactory(
        code="HOD", lapel_pin=True, zone_list=list(approved.category.zones.all())
    )
    approved.save()
    with transaction.atomic():
        new = badge_services.badge_sync(accreditation=approved, by=officer)
    old.refresh_from_db()
    assert (old.state, old.revoked_reason) == (BadgeState.REVOKED, RevocationReason.CHANGED)
    assert (new.category_code, new.zone_codes, new.replaces_id) == ("HOD", ["P", "SR"], old.pk)


def test_database_refuses_two_live_badges(approved, officer):
    badge = badge_services.badge_issue(accreditation=approved, by=officer)
    twin = Badge(
        accreditation=approved,
        serial=badge.serial + 1000,
        category=badge.category,
        category_code="DEL",
        valid_from=badge.valid_from,
        valid_until=badge.valid_until,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_organiser_editing_a_category_reissues_its_badges(approved, officer, admin_client):
    old = badge_services.badge_issue(accreditation=approved, by=officer)
    category = approved.category
    response = admin_client.post(
        f"/admin/accreditation/badgecategory/{category.pk}/change/",
        {
            "code": category.code,
            "name_en": category.name,  # one field per language (the others may stay empty)
            "printed_label": category.printed_label,
            "colour": "#000000",
            "text_colour": "#FFFFFF",
            "zones": [z.pk for z in category.zones.all()],
            "lapel_pin": "on",
            "capacities": "[]",
            "ranks": "[]",
            "valid_days_before": 2,
            "order": 0,
        },
    )
    assert response.status_code == 302
    old.refresh_from_db()
    new = Badge.objects.get(accreditation=approved, state=BadgeState.APPROVED)
    assert (old.state, new.zone_codes, new.replaces_id) == (BadgeState.REVOKED, ["P", "SR"], old.pk)


def test_database_refuses_a_second_accreditation_for_one_passport(ceremony):
    from delegations.accreditation.models import Accreditation
    from tests.delegations.factories import MemberFactory

    first = AccreditationFactory()
    other = MemberFactory()
    twin = Accreditation(
        kind="member", member=other, delegation=other.delegation, passport_key=first.passport_key
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_database_refuses_a_live_badge_without_person(approved, officer):
    badge = badge_services.badge_issue(accreditation=approved, by=officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Badge.objects.filter(pk=badge.pk).update(accreditation=None)
