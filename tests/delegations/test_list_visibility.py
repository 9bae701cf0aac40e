"""Consent for the published list of participants: each person's visibility, set by their liaison."""

from django.urls import reverse

from delegations.enums import Capacity, ListVisibility, ProtocolRank
from delegations.models import Member
from tests.delegations.factories import MemberFactory, photo_upload


def _post(**overrides):
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


def test_member_list_visibility_defaults_to_participants_only(liaison_client, delegation):
    response = liaison_client.post(reverse("delegations:member_add", args=[delegation.pk]), _post())

    assert response.status_code == 302
    assert delegation.members.get().list_visibility == ListVisibility.PARTICIPANTS


def test_member_list_visibility_liaison_sets_public_and_it_is_audited(liaison_client, delegation):
    member = MemberFactory(delegation=delegation, family_name="Martin", nationality="FRA")
    post = {k: v for k, v in _post(list_visibility="public").items() if k != "photo_upload"}

    response = liaison_client.post(reverse("delegations:member_edit", args=[delegation.pk, member.pk]), post)

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.list_visibility == ListVisibility.PUBLIC
    from hanoi_ceremony.audit.models import AuditEntry

    entry = AuditEntry.objects.get(action="delegation.member_changed")
    assert entry.data["changes"]["list_visibility"] == ["participants", "public"]


def test_member_list_visibility_not_sent_keeps_the_choice(liaison_client, delegation):
    member = MemberFactory(
        delegation=delegation, family_name="Martin", nationality="FRA", list_visibility="nobody"
    )
    post = {k: v for k, v in _post().items() if k != "photo_upload"}

    liaison_client.post(reverse("delegations:member_edit", args=[delegation.pk, member.pk]), post)

    assert Member.objects.get(pk=member.pk).list_visibility == ListVisibility.NOBODY


def test_member_list_visibility_unknown_value_is_400(liaison_client, delegation):
    response = liaison_client.post(
        reverse("delegations:member_add", args=[delegation.pk]), _post(list_visibility="everyone")
    )

    assert response.status_code == 400
    assert "list_visibility" in response.context["form"].errors
