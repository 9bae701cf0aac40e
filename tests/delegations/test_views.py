import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from delegations import services
from delegations.enums import Capacity, DelegationStatus, ParticipantType, ProtocolRank
from delegations.models import Delegation, Member
from hanoi_ceremony.audit.models import AuditEntry
from tests.delegations.factories import DelegationFactory, MemberFactory, StateDelegationFactory, photo_upload

S = DelegationStatus


def _member_post(**overrides):
    data = {
        "family_name": "Martin",
        "given_names": "Paul",
        "capacity": Capacity.ADVISER,
        "rank": ProtocolRank.OTHER,
        "nationality": "FRA",
        "passport_number": "FR998877",
        "photo_upload": photo_upload(),
    }
    data.update(overrides)
    return data


def test_member_add_view_saves_and_redirects(liaison_client, delegation):
    response = liaison_client.post(reverse("delegations:member_add", args=[delegation.pk]), _member_post())

    assert response.status_code == 302
    assert delegation.members.get().family_name == "Martin"


def test_member_add_view_duplicate_passport_shows_message_next_to_field_and_keeps_input(
    liaison_client, delegation
):
    MemberFactory(nationality="FRA", passport_number="FR998877")

    response = liaison_client.post(reverse("delegations:member_add", args=[delegation.pk]), _member_post())

    assert response.status_code == 400
    assert response.context["form"].errors["passport_number"] == [
        "A person with this passport number and nationality is already registered."
    ]
    assert 'value="Martin"' in response.content.decode()
    assert delegation.members.count() == 0


def test_member_add_view_bad_photo_is_400(liaison_client, delegation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("x.png", b"<?php echo 1; ?>", content_type="image/png")

    response = liaison_client.post(
        reverse("delegations:member_add", args=[delegation.pk]), _member_post(photo_upload=bad)
    )

    assert response.status_code == 400
    assert response.context["form"].errors["photo_upload"] == [
        "This file is not a readable JPEG or PNG image."
    ]


def test_member_edit_view_by_organiser_keeps_passport(organiser_client, delegation):
    member = MemberFactory(delegation=delegation, passport_number="KEEP1234", family_name="Old")
    post = {
        k: v
        for k, v in _member_post(family_name="New", passport_number="••••234").items()
        if k != "photo_upload"
    }

    response = organiser_client.post(
        reverse("delegations:member_edit", args=[delegation.pk, member.pk]), post
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.family_name, member.passport_number) == ("New", "KEEP1234")


def test_member_edit_view_liaison_sees_passport_and_view_is_audited(liaison_client, delegation):
    member = MemberFactory(delegation=delegation, passport_number="SEEN1234")

    response = liaison_client.get(reverse("delegations:member_edit", args=[delegation.pk, member.pk]))

    assert "SEEN1234" in response.content.decode()
    assert AuditEntry.objects.filter(action="member.passport_viewed").count() == 1


def test_detail_view_shows_passport_masked(organiser_client, delegation):
    MemberFactory(delegation=delegation, passport_number="SECRET789")

    content = organiser_client.get(reverse("delegations:detail", args=[delegation.pk])).content.decode()

    assert "SECRET789" not in content
    assert "789" in content


def test_submit_view_twice_second_gives_message_and_one_audit(liaison_client, delegation):
    MemberFactory(delegation=delegation, capacity=Capacity.HEAD)
    url = reverse("delegations:submit", args=[delegation.pk])

    liaison_client.post(url)
    response = liaison_client.post(url, follow=True)

    assert "This delegation has already been submitted." in response.content.decode()
    assert AuditEntry.objects.filter(action="delegation.submitted").count() == 1


def test_submit_view_after_deadline_is_403(liaison_client, delegation, ceremony):
    import datetime

    ceremony.registration_deadline = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    ceremony.save()
    MemberFactory(delegation=delegation, capacity=Capacity.HEAD)

    response = liaison_client.post(reverse("delegations:submit", args=[delegation.pk]))

    assert response.status_code == 403
    delegation.refresh_from_db()
    assert delegation.status == S.REGISTERING


def test_review_view_request_changes_without_message_keeps_status(organiser_client, delegation):
    delegation.status = S.SUBMITTED
    delegation.save()

    response = organiser_client.post(
        reverse("delegations:review", args=[delegation.pk]),
        {"action": "request_changes", "message": ""},
        follow=True,
    )

    assert "Say what needs to change." in response.content.decode()
    delegation.refresh_from_db()
    assert delegation.status == S.SUBMITTED


def test_review_view_two_organisers_confirm_and_decline_second_is_told(organiser_client, delegation):
    delegation.status = S.SUBMITTED
    delegation.save()
    url = reverse("delegations:review", args=[delegation.pk])
    organiser_client.post(url, {"action": "confirm", "expected_status": "submitted"})

    response = organiser_client.post(
        url, {"action": "decline", "message": "No", "expected_status": "submitted"}, follow=True
    )

    assert "Someone else changed this delegation meanwhile" in response.content.decode()
    delegation.refresh_from_db()
    assert delegation.status == S.CONFIRMED


def test_bulk_view_confirms_ticked(organiser_client):
    ticked = StateDelegationFactory.create_batch(2, status=S.SUBMITTED)
    untouched = StateDelegationFactory(status=S.SUBMITTED)

    organiser_client.post(reverse("delegations:bulk"), {"ids": [d.pk for d in ticked], "decision": "confirm"})

    assert set(Delegation.objects.filter(status=S.CONFIRMED).values_list("pk", flat=True)) == {
        d.pk for d in ticked
    }
    untouched.refresh_from_db()
    assert untouched.status == S.SUBMITTED


def test_create_view_adds_state_and_sends_invitation(organiser_client):
    response = organiser_client.post(
        reverse("delegations:create"),
        {
            "participant_type": ParticipantType.MEMBER_STATE,
            "country_code": "VNM",
            "region": "international",
            "email": "fp@vn.example",
        },
    )

    delegation = Delegation.objects.get()
    assert response.status_code == 302
    assert (delegation.name, delegation.region, delegation.invitations.count()) == ("Viet Nam", "asia", 1)


def test_create_view_organisation_without_name_is_400(organiser_client):
    response = organiser_client.post(
        reverse("delegations:create"), {"participant_type": ParticipantType.IGO, "region": "international"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["name"] == ["Name the organisation."]


@pytest.mark.parametrize(
    ("state", "status", "heading"),
    [
        ("used", 410, "This invitation has already been used"),
        ("revoked", 410, "This invitation was withdrawn"),
        ("unknown", 404, "This invitation link is not valid"),
    ],
)
def test_invitation_page_dead_link_gets_clear_page(client, organiser, ceremony, state, status, heading):
    delegation = DelegationFactory(status=S.INVITED)
    invitation, token = services.invitation_create(
        delegation=delegation, email="fp@org.example", by=organiser
    )
    if state == "used":
        services.invitation_accept(token=token, first_name="A", last_name="B", password="a-long-secret-42")
    elif state == "revoked":
        services.invitation_revoke(invitation=invitation, by=organiser)
    elif state == "unknown":
        token = "not-a-real-token"

    response = client.get(reverse("delegations:invitation_accept", args=[token]))

    assert response.status_code == status
    assert heading in response.content.decode()


def test_invitation_page_accept_signs_in_and_opens_delegation(client, organiser, ceremony):
    delegation = DelegationFactory(status=S.INVITED)
    _invitation, token = services.invitation_create(
        delegation=delegation, email="fp@org.example", by=organiser
    )

    response = client.post(
        reverse("delegations:invitation_accept", args=[token]),
        {
            "first_name": "Ana",
            "last_name": "Silva",
            "password1": "a-long-secret-42",
            "password2": "a-long-secret-42",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("delegations:detail", args=[delegation.pk])
    assert client.get(response["Location"]).status_code == 200


def test_invitation_page_mismatched_passwords_is_400(client, organiser, ceremony):
    delegation = DelegationFactory(status=S.INVITED)
    _invitation, token = services.invitation_create(
        delegation=delegation, email="fp@org.example", by=organiser
    )

    response = client.post(
        reverse("delegations:invitation_accept", args=[token]),
        {
            "first_name": "Ana",
            "last_name": "Silva",
            "password1": "a-long-secret-42",
            "password2": "different-secret-42",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["password2"] == ["The two passwords differ."]


def test_document_add_view_non_pdf_is_400(liaison_client, delegation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = liaison_client.post(
        reverse("delegations:document_add", args=[delegation.pk]),
        {
            "kind": "note_verbale",
            "file": SimpleUploadedFile("x.pdf", b"GIF89a", content_type="application/pdf"),
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["file"] == ["Only PDF files are accepted."]


def test_list_view_filters_by_head_rank_and_search(organiser_client):
    minister = MemberFactory(capacity=Capacity.HEAD, rank=ProtocolRank.MINISTER).delegation
    MemberFactory(capacity=Capacity.HEAD, rank=ProtocolRank.AMBASSADOR)

    by_rank = organiser_client.get(reverse("delegations:list"), {"head_rank": ProtocolRank.MINISTER})
    by_search = organiser_client.get(reverse("delegations:list"), {"q": minister.name[:4]})

    assert [d.pk for d in by_rank.context["page"]] == [minister.pk]
    assert minister.pk in [d.pk for d in by_search.context["page"]]


def test_export_csv_and_xlsx_list_delegates_of_confirmed_delegations(organiser_client):
    confirmed = MemberFactory(
        delegation=StateDelegationFactory(status=S.CONFIRMED), family_name="=Hyperlink", hotel="Daewoo"
    )
    MemberFactory(delegation=StateDelegationFactory(status=S.REGISTERING), family_name="Hidden")

    csv_response = organiser_client.get(reverse("delegations:export", args=["csv"]))
    csv_text = b"".join(csv_response.streaming_content).decode("utf-8-sig")  # streamed
    xlsx = organiser_client.get(reverse("delegations:export", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    rows = list(workbook.active.values)

    assert "'=Hyperlink" in csv_text and "Daewoo" in csv_text and "Hidden" not in csv_text
    assert len(rows) == 2 and rows[1][3] == "=Hyperlink"  # typed as text in XLSX: shown as entered, never run
    assert confirmed.delegation.name in csv_text
    assert workbook.sheetnames == ["Delegates", "Hotels", "Airport pick-ups", "Badges"]
    assert list(workbook["Hotels"].values)[1][0] == "Daewoo"


def _populate(n):
    for _i in range(n):
        delegation = StateDelegationFactory(status=S.SUBMITTED)
        MemberFactory(delegation=delegation, capacity=Capacity.HEAD, rank=ProtocolRank.MINISTER)
        MemberFactory.create_batch(2, delegation=delegation, photo="")


def _without_csrf(content: bytes) -> bytes:
    """A page without its CSRF tokens (masked differently on every response)."""
    return re.sub(rb"[A-Za-z0-9]{64}", b"", content)


@pytest.mark.parametrize("size", [2, 12])
def test_list_view_query_count_is_constant(organiser_client, ceremony, django_assert_num_queries, size):
    _populate(size)

    url = reverse("delegations:list")

    with django_assert_num_queries(9):  # first visit: the body is rendered (and cached), the review count
        response = organiser_client.get(url)
    with django_assert_num_queries(4):  # then: session, user, the namespace's version, unread notifications
        warm = organiser_client.get(url)

    assert response.status_code == warm.status_code == 200
    assert _without_csrf(warm.content) == _without_csrf(response.content)


@pytest.mark.parametrize("members", [2, 15])
def test_detail_view_query_count_is_constant(liaison_client, delegation, django_assert_num_queries, members):
    head = MemberFactory(delegation=delegation, capacity=Capacity.HEAD, rank=ProtocolRank.AMBASSADOR)
    MemberFactory.create_batch(members, delegation=delegation)
    services.signatory_designate(member=head, by=delegation.liaisons.get().user)

    url = reverse("delegations:detail", args=[delegation.pk])

    with django_assert_num_queries(12):  # first visit: the body and the title are rendered (and cached)
        response = liaison_client.get(url)
    with django_assert_num_queries(5):  # then: session, user, the version (body, title), unread notifications
        warm = liaison_client.get(url)

    assert response.status_code == warm.status_code == 200
    assert _without_csrf(warm.content) == _without_csrf(response.content)


@pytest.mark.parametrize("size", [2, 12])
def test_report_view_query_count_is_constant(organiser_client, ceremony, django_assert_num_queries, size):
    _populate(size)

    url = reverse("delegations:report")

    with django_assert_num_queries(
        11
    ):  # first visit: the report is computed and the body cached (+ attendance, + review count)
        response = organiser_client.get(url, {"as_of": "2025-10-14"})
    with django_assert_num_queries(4):  # then: session, user, the namespace's version, unread notifications
        warm = organiser_client.get(url, {"as_of": "2025-10-14"})

    assert response.status_code == warm.status_code == 200
    assert _without_csrf(warm.content) == _without_csrf(response.content)


def test_report_view_bad_date_is_400(organiser_client, ceremony):
    response = organiser_client.get(reverse("delegations:report"), {"as_of": "14/14/2025"})

    assert response.status_code == 400


@pytest.mark.parametrize("size", [2, 12])
def test_export_query_count_is_constant(organiser_client, django_assert_num_queries, size):
    _populate(size)

    with django_assert_num_queries(3):
        organiser_client.get(reverse("delegations:export", args=["csv"]))


def test_member_removed_count_reflects(liaison_client, delegation):
    member = MemberFactory(delegation=delegation)

    liaison_client.post(reverse("delegations:member_remove", args=[delegation.pk, member.pk]))

    assert not Member.objects.filter(pk=member.pk).exists()


def test_admin_pages_open_for_organiser(organiser_client, delegation):
    member = MemberFactory(delegation=delegation, passport_number="ADMIN999")

    for url in (
        reverse("admin:delegations_delegation_changelist"),
        reverse("admin:delegations_delegation_change", args=[delegation.pk]),
        reverse("admin:delegations_member_change", args=[member.pk]),
        reverse("admin:delegations_participantquota_changelist"),
    ):
        response = organiser_client.get(url)
        assert response.status_code == 200, url
        assert "ADMIN999" not in response.content.decode()


def test_admin_confirm_action_goes_through_the_service(organiser_client, delegation):
    delegation.status = S.SUBMITTED
    delegation.save()

    organiser_client.post(
        reverse("admin:delegations_delegation_changelist"),
        {"action": "confirm_selected", "_selected_action": [delegation.pk]},
    )

    delegation.refresh_from_db()
    assert delegation.status == S.CONFIRMED
    assert AuditEntry.objects.filter(action="delegation.confirmed").count() == 1


def test_report_view_cache_follows_new_decisions(organiser_client, organiser):
    delegation = StateDelegationFactory(status=S.SUBMITTED)
    url = reverse("delegations:report")
    before = organiser_client.get(url).context["report"].totals["confirmed"]

    services.delegation_confirm(delegation=delegation, by=organiser)
    after = organiser_client.get(url).context["report"].totals["confirmed"]

    assert (before, after) == (0, 1)


def test_invitation_page_expired_link_gets_clear_page(client, organiser, ceremony):
    import datetime

    import time_machine

    _invitation, token = services.invitation_create(
        delegation=DelegationFactory(status=S.INVITED), email="fp@org.example", by=organiser
    )

    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)):
        response = client.get(reverse("delegations:invitation_accept", args=[token]))

    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()


def test_invitation_resend_and_revoke_views(organiser_client, organiser, ceremony, mailoutbox):
    delegation = DelegationFactory(status=S.INVITED)
    invitation, old_token = services.invitation_create(
        delegation=delegation, email="fp@org.example", by=organiser
    )

    organiser_client.post(
        reverse("delegations:invitation_action", args=[delegation.pk, invitation.pk, "resend"])
    )
    invitation.refresh_from_db()
    organiser_client.post(
        reverse("delegations:invitation_action", args=[delegation.pk, invitation.pk, "revoke"])
    )
    invitation.refresh_from_db()

    assert (invitation.sent_count, invitation.status) == (2, "revoked")
    assert services.invitation_lookup(old_token)[1] == services.InvitationState.UNKNOWN


def test_invitation_action_unknown_is_404(organiser_client, organiser, ceremony):
    delegation = DelegationFactory(status=S.INVITED)
    invitation, _token = services.invitation_create(
        delegation=delegation, email="fp@org.example", by=organiser
    )

    response = organiser_client.post(
        reverse("delegations:invitation_action", args=[delegation.pk, invitation.pk, "explode"])
    )

    assert response.status_code == 404


def test_full_powers_upload_view_receives_pdf_and_refuses_image(liaison_client, delegation, liaison):
    from tests.delegations.factories import pdf_upload

    member = MemberFactory(delegation=delegation, rank=ProtocolRank.AMBASSADOR)
    full_powers = services.signatory_designate(member=member, by=liaison)
    url = reverse("delegations:full_powers_upload", args=[delegation.pk, full_powers.pk])

    refused = liaison_client.post(url, {"file": photo_upload(name="fp.pdf")})
    accepted = liaison_client.post(url, {"file": pdf_upload("fp.pdf")})

    full_powers.refresh_from_db()
    assert (refused.status_code, accepted.status_code, full_powers.status) == (400, 302, "received")
    assert (
        liaison_client.get(
            reverse("delegations:full_powers", args=[delegation.pk, full_powers.pk])
        ).status_code
        == 200
    )


def test_signatory_view_names_the_signatory(liaison_client, delegation):
    member = MemberFactory(
        delegation=delegation, capacity=Capacity.HEAD, rank=ProtocolRank.HEAD_OF_GOVERNMENT
    )

    liaison_client.post(reverse("delegations:signatory", args=[delegation.pk, member.pk]))

    member.refresh_from_db()
    assert member.full_powers.status == "not_required"


def test_list_view_keeps_chosen_filter_selected(organiser_client):
    response = organiser_client.get(reverse("delegations:list"), {"status": "submitted"})

    assert '<option value="submitted" selected>' in response.content.decode()


def test_list_view_unknown_filter_value_is_ignored_not_500(organiser_client):
    StateDelegationFactory()

    response = organiser_client.get(reverse("delegations:list"), {"status": "bogus", "page": "999"})

    assert response.status_code == 200
    assert len(response.context["page"]) == 1


def test_list_view_filters_by_type_and_region(organiser_client):
    state = StateDelegationFactory(region="asia")
    DelegationFactory(region="asia")

    response = organiser_client.get(
        reverse("delegations:list"), {"participant_type": ParticipantType.MEMBER_STATE, "region": "asia"}
    )

    assert [d.pk for d in response.context["page"]] == [state.pk]


def test_mine_redirects_liaison_to_own_delegation(liaison_client, delegation):
    response = liaison_client.get(reverse("delegations:mine"))

    assert response["Location"] == reverse("delegations:detail", args=[delegation.pk])
