import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from delegations.accreditation.enums import BadgeState, PhotoState, VettingState
from delegations.accreditation.models import Accreditation, Badge, MediaApplication, ZonePass
from delegations.accreditation.services import badges as badge_services
from delegations.accreditation.services import media, passes, vetting
from delegations.accreditation.services._common import passport_key
from delegations.enums import Capacity
from delegations.services import member_add, member_remove, member_update
from hanoi_ceremony.audit.models import AuditEntry
from tests.accreditation.factories import CategoryFactory, ZoneFactory
from tests.delegations.factories import pdf_upload, photo_upload

pytestmark = pytest.mark.django_db

GOOD_EXPIRY = datetime.date(2030, 1, 1)


def _member_data(**extra):
    data = {
        "family_name": "Dupont",
        "given_names": "Marie",
        "capacity": Capacity.REPRESENTATIVE,
        "rank": "other",
        "nationality": "FRA",
        "passport_number": "12AB34567",
        "passport_expiry": GOOD_EXPIRY,
    }
    data.update(extra)
    return data


def _media_data(**extra):
    data = {
        "family_name": "Tran",
        "given_names": "Minh",
        "nationality": "VNM",
        "passport_number": "C1234567",
        "passport_expiry": GOOD_EXPIRY,
        "email": "minh@example.org",
        "outlet": "Viet News",
        "outlet_country": "VNM",
        "role": "journalist",
        "press_card_number": "PC-1",
    }
    data.update(extra)
    return data


def _apply(**extra):
    return media.media_apply(
        data=_media_data(**extra),
        assignment_letter=pdf_upload(),
        press_card=pdf_upload(),
        photo=photo_upload(),
    )


def test_passport_key_normalises_spaces_and_case():
    assert passport_key("fra", "12 ab-345") == "FRA:12AB345"
    assert passport_key("FRA", " - ") is None


def test_member_add_opens_an_accreditation(delegation, liaison):
    member = member_add(delegation=delegation, by=liaison, data=_member_data(), photo=photo_upload())
    accreditation = Accreditation.objects.get(member=member)
    assert (accreditation.vetting, accreditation.photo_state, accreditation.passport_key) == (
        VettingState.NEW,
        PhotoState.PENDING,
        "FRA:12AB34567",
    )


def test_passport_expiring_on_the_last_day_is_refused(delegation, liaison, ceremony):
    with pytest.raises(ValidationError) as exc:
        member_add(
            delegation=delegation,
            by=liaison,
            data=_member_data(passport_expiry=ceremony.last_day),
            photo=photo_upload(),
        )
    assert "passport_expiry" in exc.value.error_dict
    assert not delegation.members.exists()


def test_short_passport_validity_warns(ceremony):
    assert vetting.passport_warning(ceremony.last_day + datetime.timedelta(days=30))
    assert vetting.passport_warning(GOOD_EXPIRY) is None


def test_second_accreditation_for_same_passport_is_refused(delegation, liaison):
    member_add(delegation=delegation, by=liaison, data=_member_data(), photo=photo_upload())
    with pytest.raises(ValidationError) as exc:
        _apply(nationality="FRA", passport_number="12ab 34567")
    assert "no one holds two accreditations" in " ".join(exc.value.error_dict["passport_number"][0].messages)
    assert MediaApplication.objects.count() == 0
    assert Accreditation.objects.count() == 1


def test_member_with_media_passport_is_refused_and_nothing_saved(delegation, liaison):
    _apply(nationality="FRA", passport_number="12AB34567")
    with pytest.raises(ValidationError):
        member_add(delegation=delegation, by=liaison, data=_member_data(), photo=photo_upload())
    assert not delegation.members.exists()


def test_media_application_is_new_with_pending_photo(ceremony):
    CategoryFactory(code="MED", for_media=True)
    accreditation = _apply()
    assert (
        accreditation.kind,
        accreditation.vetting,
        accreditation.photo_state,
        accreditation.category.code,
    ) == (
        "media",
        "new",
        "pending",
        "MED",
    )
    assert accreditation.media.assignment_letter.name.endswith(".pdf")


def test_media_application_without_letter_is_refused(ceremony):
    with pytest.raises(ValidationError) as exc:
        media.media_apply(
            data=_media_data(), assignment_letter=None, press_card=pdf_upload(), photo=photo_upload()
        )
    assert "assignment_letter" in exc.value.error_dict


def _approved_member(delegation, liaison, officer, **extra):
    member = member_add(delegation=delegation, by=liaison, data=_member_data(**extra), photo=photo_upload())
    accreditation = member.accreditation
    vetting.photo_decide(accreditation=accreditation, approve=True, by=officer)
    vetting.vetting_decide(accreditation=accreditation, to=VettingState.PRE_APPROVED, by=officer)
    vetting.vetting_decide(accreditation=accreditation, to=VettingState.APPROVED, by=officer)
    accreditation.refresh_from_db()
    return accreditation


def test_approval_issues_a_badge_and_liaison_can_no_longer_modify(delegation, liaison, officer):
    CategoryFactory(code="DEL", capacities=["representative"], zone_list=[ZoneFactory(code="P")])
    accreditation = _approved_member(delegation, liaison, officer)
    badge = Badge.objects.get(accreditation=accreditation)
    assert (badge.state, badge.category_code, badge.zone_codes) == (BadgeState.APPROVED, "DEL", ["P"])
    with pytest.raises(PermissionDenied):
        member_update(member=accreditation.member, by=liaison, data={"given_names": "Marie-Claire"})
    with pytest.raises(PermissionDenied):
        member_remove(member=accreditation.member, by=liaison)


def test_photo_rejection_needs_a_reason_and_notifies_liaison(
    delegation, liaison, officer, django_capture_on_commit_callbacks
):
    from hanoi_ceremony.notifications.models import Notification

    member = member_add(delegation=delegation, by=liaison, data=_member_data(), photo=photo_upload())
    with pytest.raises(ValidationError):
        vetting.photo_decide(accreditation=member.accreditation, approve=False, by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        vetting.photo_decide(
            accreditation=member.accreditation, approve=False, by=officer, reason="Not recent"
        )
    note = Notification.objects.get(recipient=liaison)
    assert note.kind == "accreditation.photo_rejected"
    # The liaison replaces the photo: back to review.
    member_update(member=member, by=liaison, data={}, photo=photo_upload())
    member.accreditation.refresh_from_db()
    assert member.accreditation.photo_state == PhotoState.PENDING


def test_exempt_dignitary_needs_no_photo(delegation, liaison):
    member = member_add(
        delegation=delegation,
        by=liaison,
        data=_member_data(capacity=Capacity.HEAD, rank="head_of_state"),
    )
    assert member.accreditation.photo_state == PhotoState.EXEMPT


def test_print_refused_before_approval(delegation, liaison, officer):
    CategoryFactory(code="DEL", capacities=["representative"])
    member = member_add(delegation=delegation, by=liaison, data=_member_data(), photo=photo_upload())
    with pytest.raises(ValidationError) as exc:
        badge_services.badge_issue(accreditation=member.accreditation, by=officer)
    assert "not approved by security" in exc.value.messages[0]
    assert not Badge.objects.exists()


def test_withdrawn_approval_revokes_the_badge(delegation, liaison, officer):
    CategoryFactory(code="DEL", capacities=["representative"])
    accreditation = _approved_member(delegation, liaison, officer)
    vetting.vetting_decide(accreditation=accreditation, to=VettingState.ON_HOLD, by=officer, reason="Check")
    badge = Badge.objects.get(accreditation=accreditation)
    assert (badge.state, badge.revoked_reason) == (BadgeState.REVOKED, "vetting")


def test_zone_pass_within_quota_then_refused_over_quota(delegation, liaison, officer):
    signing = ZoneFactory(code="SR", restricted=True, default_pass_quota=1)
    CategoryFactory(code="DEL", capacities=["representative"], zone_list=[ZoneFactory(code="P"), signing])
    first = _approved_member(delegation, liaison, officer)
    second = _approved_member(delegation, liaison, officer, family_name="Martin", passport_number="99XY")
    zone_pass = passes.zone_pass_issue(
        delegation_id=delegation.pk, zone=signing, holder_id=first.pk, by=liaison
    )
    assert zone_pass.number == 1
    live = Badge.objects.get(accreditation=first, state=BadgeState.APPROVED)
    assert live.zone_codes == ["P", "SR"]
    with pytest.raises(ValidationError) as exc:
        passes.zone_pass_issue(delegation_id=delegation.pk, zone=signing, holder_id=second.pk, by=liaison)
    assert "transfer one instead" in exc.value.messages[0]
    assert ZonePass.objects.count() == 1
    passes.zone_pass_transfer(zone_pass=zone_pass, holder_id=second.pk, by=liaison)
    assert Badge.objects.get(accreditation=second, state=BadgeState.APPROVED).zone_codes == ["P", "SR"]
    assert Badge.objects.get(accreditation=first, state=BadgeState.APPROVED).zone_codes == ["P"]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"zonepass.issued", "zonepass.transferred", "badge.revoked"} <= actions


def test_other_liaison_cannot_issue_passes(delegation, liaison, officer, other_liaison):
    signing = ZoneFactory(code="SR", restricted=True, default_pass_quota=2)
    CategoryFactory(code="DEL", capacities=["representative"], zone_list=[signing])
    first = _approved_member(delegation, liaison, officer)
    with pytest.raises(PermissionDenied):
        passes.zone_pass_issue(
            delegation_id=delegation.pk, zone=signing, holder_id=first.pk, by=other_liaison
        )


def test_removing_a_member_revokes_their_badge(delegation, liaison, officer, organiser):
    CategoryFactory(code="DEL", capacities=["representative"])
    accreditation = _approved_member(delegation, liaison, officer)
    badge = Badge.objects.get(accreditation=accreditation)
    member_remove(member=accreditation.member, by=organiser)
    badge.refresh_from_db()
    assert (badge.state, badge.accreditation_id) == (BadgeState.REVOKED, None)


def test_liaison_may_replace_a_rejected_photo_after_approval(delegation, liaison, officer):
    CategoryFactory(code="DEL", capacities=["representative"])
    accreditation = _approved_member(delegation, liaison, officer)
    vetting.photo_decide(accreditation=accreditation, approve=False, by=officer, reason="Not recent")
    assert Badge.objects.get(accreditation=accreditation).state == BadgeState.REVOKED
    member_update(member=accreditation.member, by=liaison, data={}, photo=photo_upload())
    accreditation.refresh_from_db()
    assert accreditation.photo_state == PhotoState.PENDING
    with pytest.raises(PermissionDenied):
        member_update(member=accreditation.member, by=liaison, data={"family_name": "Other"})
