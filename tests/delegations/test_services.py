import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from delegations import services
from delegations.countries import state_get, states
from delegations.enums import Capacity, DelegationStatus, FullPowersStatus, ParticipantType, ProtocolRank
from delegations.models import Delegation, Invitation, InvitationStatus, Liaison, Member, ParticipantQuota
from hanoi_ceremony.audit.models import AuditEntry
from hanoi_ceremony.notifications.models import Notification, OutboundEmail
from tests.delegations.factories import (
    DelegationFactory,
    MemberFactory,
    StateDelegationFactory,
    pdf_upload,
    photo_upload,
)

S = DelegationStatus


def _member_data(**overrides):
    data = {
        "family_name": "Dupont",
        "given_names": "Marie",
        "capacity": Capacity.REPRESENTATIVE,
        "rank": ProtocolRank.OTHER,
        "nationality": "FRA",
        "passport_number": "15AB12345",
    }
    data.update(overrides)
    return data


# --- country list -----------------------------------------------------------------------------------------


def test_states_list_has_193_members_and_2_observers():
    kinds = [s.participant_type for s in states().values()]

    assert (kinds.count(ParticipantType.MEMBER_STATE), kinds.count(ParticipantType.OBSERVER_STATE)) == (
        193,
        2,
    )


def test_state_get_gives_un_short_name_m49_and_region():
    viet_nam = state_get("vnm")

    assert (viet_nam.name, viet_nam.m49, viet_nam.region) == ("Viet Nam", "704", "asia")
    assert state_get("PSE").name == "State of Palestine"


def test_delegation_create_takes_state_name_from_the_list(organiser):
    delegation = services.delegation_create(
        participant_type=ParticipantType.MEMBER_STATE, country_code="KOR", by=organiser
    )

    assert (delegation.name, delegation.country_code, delegation.m49_code, delegation.region) == (
        "Republic of Korea",
        "KOR",
        "410",
        "asia",
    )


def test_delegation_create_refuses_unknown_state_code(organiser):
    with pytest.raises(ValidationError) as exc:
        services.delegation_create(
            participant_type=ParticipantType.MEMBER_STATE, country_code="XXX", by=organiser
        )

    assert "country_code" in exc.value.error_dict
    assert Delegation.objects.count() == 0


def test_delegation_create_refuses_observer_as_member_state(organiser):
    with pytest.raises(ValidationError):
        services.delegation_create(
            participant_type=ParticipantType.MEMBER_STATE, country_code="VAT", by=organiser
        )


def test_delegation_create_by_liaison_is_denied(liaison):
    with pytest.raises(PermissionDenied):
        services.delegation_create(participant_type=ParticipantType.IGO, name="INTERPOL", by=liaison)


# --- invitations --------------------------------------------------------------------------------------------


@pytest.fixture
def invited(organiser, ceremony, django_capture_on_commit_callbacks):
    delegation = services.delegation_create(
        participant_type=ParticipantType.MEMBER_STATE, country_code="CHL", by=organiser
    )
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invitation_create(
            delegation=delegation, email="Focal@Chile.example", by=organiser
        )
    return delegation, invitation, token


def test_invitation_create_stores_only_the_token_hash_and_emails_the_link(invited):
    delegation, invitation, token = invited

    assert token not in invitation.token_hash
    email = OutboundEmail.objects.get(kind="delegations.invitation")
    assert email.to_address == "focal@chile.example"
    assert token in email.body_text


def test_invitation_create_twice_is_refused_while_one_is_open(invited, organiser):
    delegation, _invitation, _token = invited

    with pytest.raises(ValidationError):
        services.invitation_create(delegation=delegation, email="other@chile.example", by=organiser)


def test_invitation_accept_creates_liaison_and_starts_registering(invited):
    delegation, invitation, token = invited

    user = services.invitation_accept(
        token=token, first_name="Ana", last_name="Rojas", password="a-long-secret-42"
    )

    delegation.refresh_from_db()
    invitation.refresh_from_db()
    assert Liaison.objects.get(user=user).delegation == delegation
    assert user.check_password("a-long-secret-42")
    assert (delegation.status, invitation.status) == (S.REGISTERING, InvitationStatus.ACCEPTED)
    assert (
        AuditEntry.objects.filter(action="delegation.registration_started", to_state=S.REGISTERING).count()
        == 1
    )


def test_invitation_used_twice_is_refused(invited):
    _delegation, _invitation, token = invited
    services.invitation_accept(token=token, first_name="Ana", last_name="Rojas", password="a-long-secret-42")

    with pytest.raises(ValidationError):
        services.invitation_accept(token=token, first_name="Eve", last_name="X", password="another-secret-42")

    assert services.invitation_lookup(token)[1] == services.InvitationState.USED


def test_invitation_expired_link_cannot_be_used(invited):
    _delegation, _invitation, token = invited

    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=15)):
        state = services.invitation_lookup(token)[1]
        with pytest.raises(ValidationError):
            services.invitation_accept(
                token=token, first_name="Ana", last_name="Rojas", password="a-long-secret-42"
            )

    assert state == services.InvitationState.EXPIRED


def test_invitation_resend_replaces_the_link(invited, organiser):
    _delegation, invitation, old_token = invited

    _invitation, new_token = services.invitation_resend(invitation=invitation, by=organiser)

    assert services.invitation_lookup(old_token)[1] == services.InvitationState.UNKNOWN
    assert services.invitation_lookup(new_token)[1] == services.InvitationState.VALID
    assert Invitation.objects.get().sent_count == 2


def test_invitation_revoke_shows_revoked(invited, organiser):
    _delegation, invitation, token = invited

    services.invitation_revoke(invitation=invitation, by=organiser)

    assert services.invitation_lookup(token)[1] == services.InvitationState.REVOKED


def test_invitation_accept_weak_password_changes_nothing(invited):
    _delegation, _invitation, token = invited

    with pytest.raises(ValidationError) as exc:
        services.invitation_accept(token=token, first_name="Ana", last_name="Rojas", password="123")

    assert "password1" in exc.value.error_dict
    assert Liaison.objects.count() == 0
    assert services.invitation_lookup(token)[1] == services.InvitationState.VALID


# --- members ---------------------------------------------------------------------------------------------------


def test_member_add_records_audit_entry(delegation, liaison):
    member = services.member_add(delegation=delegation, by=liaison, data=_member_data(), photo=photo_upload())

    entry = AuditEntry.objects.get(action="delegation.member_added")
    assert entry.data["member_id"] == member.pk
    assert "15AB12345" not in str(entry.data)


def test_member_add_same_passport_in_another_delegation_is_refused(delegation, liaison, other_liaison):
    MemberFactory(delegation=other_liaison.liaison.delegation, nationality="FRA", passport_number="15ab12345")

    with pytest.raises(ValidationError) as exc:
        services.member_add(delegation=delegation, by=liaison, data=_member_data(), photo=photo_upload())

    assert "passport_number" in exc.value.error_dict
    assert delegation.members.count() == 0


def test_member_add_without_photo_is_refused(delegation, liaison):
    with pytest.raises(ValidationError) as exc:
        services.member_add(delegation=delegation, by=liaison, data=_member_data())

    assert "photo" in exc.value.error_dict


def test_member_add_head_of_state_and_spouse_need_no_photo(delegation, liaison):
    services.member_add(
        delegation=delegation,
        by=liaison,
        data=_member_data(capacity=Capacity.HEAD, rank=ProtocolRank.HEAD_OF_STATE, passport_number="D1"),
    )
    spouse = services.member_add(
        delegation=delegation, by=liaison, data=_member_data(capacity=Capacity.SPOUSE, passport_number="D2")
    )

    assert not spouse.photo
    assert delegation.members.count() == 2


def test_member_add_text_file_as_photo_is_refused(delegation, liaison):
    fake = SimpleUploadedFile("photo.jpg", b"not an image at all", content_type="image/jpeg")

    with pytest.raises(ValidationError) as exc:
        services.member_add(delegation=delegation, by=liaison, data=_member_data(), photo=fake)

    assert exc.value.error_dict["photo"][0].messages == ["This file is not a readable JPEG or PNG image."]


def test_member_add_tiny_photo_is_refused(delegation, liaison):
    with pytest.raises(ValidationError) as exc:
        services.member_add(
            delegation=delegation, by=liaison, data=_member_data(), photo=photo_upload(size=(50, 60))
        )

    assert "50×60" in exc.value.error_dict["photo"][0].messages[0]


def test_member_add_second_head_is_refused(delegation, liaison):
    MemberFactory(delegation=delegation, capacity=Capacity.HEAD)

    with pytest.raises(ValidationError) as exc:
        services.member_add(
            delegation=delegation, by=liaison, data=_member_data(capacity=Capacity.HEAD), photo=photo_upload()
        )

    assert "capacity" in exc.value.error_dict


def test_member_add_by_other_liaison_is_denied(delegation, other_liaison):
    with pytest.raises(PermissionDenied):
        services.member_add(
            delegation=delegation, by=other_liaison, data=_member_data(), photo=photo_upload()
        )


def test_member_add_after_deadline_denied_to_liaison_but_not_organiser(
    delegation, liaison, organiser, ceremony
):
    ceremony.registration_deadline = datetime.datetime(2025, 10, 18, 16, 59, tzinfo=datetime.UTC)
    ceremony.save()

    with time_machine.travel(datetime.datetime(2025, 10, 20, tzinfo=datetime.UTC)):
        with pytest.raises(PermissionDenied):
            services.member_add(delegation=delegation, by=liaison, data=_member_data(), photo=photo_upload())
        services.member_add(delegation=delegation, by=organiser, data=_member_data(), photo=photo_upload())

    assert delegation.members.count() == 1


def test_member_update_of_confirmed_delegation_sends_it_back_for_review(delegation, liaison, organiser):
    member = MemberFactory(delegation=delegation, capacity=Capacity.HEAD, rank=ProtocolRank.MINISTER)
    delegation.status = S.SUBMITTED
    delegation.save()
    services.delegation_confirm(delegation=delegation, by=organiser)

    services.member_update(member=member, by=liaison, data={"hotel": "Sofitel Legend Metropole"})

    delegation.refresh_from_db()
    assert delegation.status == S.SUBMITTED
    entry = AuditEntry.objects.get(action="delegation.member_changed")
    assert entry.data["changes"] == {"hotel": ["", "Sofitel Legend Metropole"]}
    from delegations.selectors import changes_since_review, delegation_history

    assert changes_since_review(delegation=delegation, history=delegation_history(delegation=delegation)) == [
        entry
    ]


def test_member_remove_records_the_removal(delegation, liaison):
    member = MemberFactory(delegation=delegation)

    services.member_remove(member=member, by=liaison)

    assert delegation.members.count() == 0
    assert AuditEntry.objects.get(action="delegation.member_removed").data["member"] == str(member)


def test_member_passport_reveal_is_audited_for_liaison(delegation, liaison):
    member = MemberFactory(delegation=delegation, passport_number="X1234567")

    number = services.member_passport_reveal(member=member, by=liaison)

    assert number == "X1234567"
    assert AuditEntry.objects.filter(action="member.passport_viewed", actor=liaison).count() == 1


def test_member_passport_reveal_denied_to_organiser_without_accreditation(delegation, organiser):
    member = MemberFactory(delegation=delegation)

    with pytest.raises(PermissionDenied):
        services.member_passport_reveal(member=member, by=organiser)


def test_mask_passport_keeps_last_three():
    assert services.mask_passport("15AB12345") == "••••••345"


# --- submission and review ---------------------------------------------------------------------------------------


def test_delegation_submit_without_head_is_refused(delegation, liaison):
    MemberFactory(delegation=delegation)

    with pytest.raises(ValidationError) as exc:
        services.delegation_submit(delegation=delegation, by=liaison)

    assert exc.value.messages == ["Name a head of delegation."]
    delegation.refresh_from_db()
    assert delegation.status == S.REGISTERING


def test_delegation_submit_over_quota_is_refused(delegation, liaison):
    ParticipantQuota.objects.create(participant_type=ParticipantType.MEMBER_STATE, representatives=1)
    MemberFactory(delegation=delegation, capacity=Capacity.HEAD)
    MemberFactory.create_batch(2, delegation=delegation, capacity=Capacity.REPRESENTATIVE)

    with pytest.raises(ValidationError) as exc:
        services.delegation_submit(delegation=delegation, by=liaison)

    assert exc.value.messages == ["Too many representatives: 2 registered, at most 1 allowed."]


def test_delegation_submit_tells_the_liaison(delegation, liaison, django_capture_on_commit_callbacks):
    MemberFactory(delegation=delegation, capacity=Capacity.HEAD)

    with django_capture_on_commit_callbacks(execute=True):
        services.delegation_submit(delegation=delegation, by=liaison)

    delegation.refresh_from_db()
    assert delegation.status == S.SUBMITTED
    assert Notification.objects.get(recipient=liaison).subject == "France: registration received"


def test_delegation_submit_twice_is_refused(delegation, liaison):
    MemberFactory(delegation=delegation, capacity=Capacity.HEAD)
    services.delegation_submit(delegation=delegation, by=liaison)

    with pytest.raises(ValidationError) as exc:
        services.delegation_submit(delegation=delegation, by=liaison)

    assert exc.value.messages == ["This delegation has already been submitted."]
    assert AuditEntry.objects.filter(action="delegation.submitted").count() == 1


def test_request_changes_then_confirm_emails_the_liaison(
    delegation, liaison, organiser, django_capture_on_commit_callbacks
):
    MemberFactory(delegation=delegation, capacity=Capacity.HEAD)
    services.delegation_submit(delegation=delegation, by=liaison)

    with django_capture_on_commit_callbacks(execute=True):
        services.delegation_request_changes(delegation=delegation, by=organiser, message="Add the hotel.")
        services.delegation_submit(delegation=delegation, by=liaison)
        services.delegation_confirm(delegation=delegation, by=organiser)

    delegation.refresh_from_db()
    assert delegation.status == S.CONFIRMED
    kinds = list(
        OutboundEmail.objects.filter(recipient=liaison).order_by("id").values_list("kind", flat=True)
    )
    assert kinds == ["delegations.changes_requested", "delegations.submitted", "delegations.confirmed"]
    trail = list(
        AuditEntry.objects.filter(target_id=str(delegation.pk), to_state__gt="")
        .order_by("id")
        .values_list("to_state", flat=True)
    )
    assert trail == [S.SUBMITTED, S.CHANGES_REQUESTED, S.SUBMITTED, S.CONFIRMED]


def test_request_changes_without_message_is_refused(delegation, organiser):
    delegation.status = S.SUBMITTED
    delegation.save()

    with pytest.raises(ValidationError) as exc:
        services.delegation_request_changes(delegation=delegation, by=organiser, message="  ")

    assert "message" in exc.value.error_dict


def test_confirm_from_registering_is_refused(delegation, organiser):
    with pytest.raises(ValidationError) as exc:
        services.delegation_confirm(delegation=delegation, by=organiser)

    assert exc.value.messages == ["This delegation is registering: it cannot become confirmed."]


def test_confirm_with_stale_status_is_refused(delegation, organiser):
    delegation.status = S.SUBMITTED
    delegation.save()
    services.delegation_decline(delegation=delegation, by=organiser, reason="Not invited")

    with pytest.raises(ValidationError) as exc:
        services.delegation_confirm(delegation=delegation, by=organiser, expected_status=S.SUBMITTED)

    assert exc.value.code == "stale"


def test_confirm_by_liaison_is_denied(delegation, liaison):
    with pytest.raises(PermissionDenied):
        services.delegation_confirm(delegation=delegation, by=liaison)


def test_withdraw_from_confirmed(delegation, liaison):
    delegation.status = S.CONFIRMED
    delegation.save()

    services.delegation_withdraw(delegation=delegation, by=liaison, reason="Cannot travel")

    delegation.refresh_from_db()
    assert delegation.status == S.WITHDRAWN


def test_bulk_decide_confirms_submitted_and_reports_the_rest(organiser):
    ready = StateDelegationFactory.create_batch(2, status=S.SUBMITTED)
    not_ready = DelegationFactory(status=S.REGISTERING)

    result = services.delegations_bulk_decide(
        delegation_ids=[d.pk for d in [*ready, not_ready]], by=organiser, decision="confirm"
    )

    assert sorted(d.pk for d in result.done) == sorted(d.pk for d in ready)
    assert [d.pk for d, _why in result.failed] == [not_ready.pk]
    assert Delegation.objects.filter(status=S.CONFIRMED).count() == 2


def test_bulk_decline_without_reason_is_refused(organiser):
    delegation = StateDelegationFactory(status=S.SUBMITTED)

    with pytest.raises(ValidationError):
        services.delegations_bulk_decide(delegation_ids=[delegation.pk], by=organiser, decision="decline")


# --- documents and full powers -------------------------------------------------------------------------------------


def test_document_upload_accepts_pdf(delegation, liaison):
    document = services.document_upload(
        delegation=delegation, kind="note_verbale", upload=pdf_upload(), by=liaison
    )

    assert document.size > 0
    assert document.file.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (pdf_upload(body=b"PK\x03\x04 a zip file"), "Only PDF files are accepted."),
        (pdf_upload(content_type="text/plain"), "Only PDF files are accepted."),
        (pdf_upload(body=b"%PDF-" + b"0" * (10 * 1024 * 1024)), "The file is too large"),
    ],
    ids=["magic", "content-type", "size"],
)
def test_document_upload_bad_file_is_refused(delegation, liaison, upload, message):
    with pytest.raises(ValidationError) as exc:
        services.document_upload(delegation=delegation, kind="credentials", upload=upload, by=liaison)

    assert exc.value.error_dict["file"][0].messages[0].startswith(message)
    assert delegation.documents.count() == 0


def test_signatory_foreign_minister_needs_no_full_powers(delegation, liaison):
    member = MemberFactory(delegation=delegation, capacity=Capacity.HEAD, rank=ProtocolRank.FOREIGN_MINISTER)

    full_powers = services.signatory_designate(member=member, by=liaison)

    assert full_powers.status == FullPowersStatus.NOT_REQUIRED


def test_signatory_ambassador_awaits_full_powers_then_upload_receives(delegation, liaison):
    member = MemberFactory(delegation=delegation, rank=ProtocolRank.AMBASSADOR)
    full_powers = services.signatory_designate(member=member, by=liaison)

    full_powers = services.full_powers_upload(
        full_powers=full_powers, upload=pdf_upload("fp.pdf"), by=liaison
    )

    assert (full_powers.status, full_powers.received_at is not None) == (FullPowersStatus.RECEIVED, True)


def test_signatory_second_person_is_refused(delegation, liaison):
    services.signatory_designate(member=MemberFactory(delegation=delegation), by=liaison)

    with pytest.raises(ValidationError):
        services.signatory_designate(member=MemberFactory(delegation=delegation), by=liaison)


def test_signatory_for_organisation_is_refused(organiser):
    member = MemberFactory(delegation=DelegationFactory())

    with pytest.raises(ValidationError) as exc:
        services.signatory_designate(member=member, by=organiser)

    assert exc.value.code == "not_signing"


def test_member_passport_unique_constraint_refuses_direct_duplicate(db):
    first = MemberFactory(nationality="FRA", passport_number="ABC123")

    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.create(
            delegation=first.delegation,
            family_name="X",
            capacity="adviser",
            nationality="FRA",
            passport_number="abc123",
        )


def test_member_add_spouse_of_minister_needs_a_photo(delegation, liaison):
    MemberFactory(delegation=delegation, capacity=Capacity.HEAD, rank=ProtocolRank.MINISTER)

    with pytest.raises(ValidationError) as exc:
        services.member_add(delegation=delegation, by=liaison, data=_member_data(capacity=Capacity.SPOUSE))

    assert "photo" in exc.value.error_dict


def test_invitation_accept_for_existing_account_is_refused_clearly(invited, make_user):
    _delegation, _invitation, token = invited
    make_user(email="focal@chile.example")

    with pytest.raises(ValidationError) as exc:
        services.invitation_accept(
            token=token, first_name="Ana", last_name="Rojas", password="a-long-secret-42"
        )

    assert exc.value.code == "account_exists"
    assert Liaison.objects.count() == 0


def test_withdraw_revokes_open_invitation(invited, organiser):
    delegation, invitation, token = invited

    services.delegation_withdraw(delegation=delegation, by=organiser, reason="Will not attend")

    assert services.invitation_lookup(token)[1] == services.InvitationState.REVOKED
