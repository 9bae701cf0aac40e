"""The cached delegation pages: every service that changes what they show bumps "delegations", a change made
through a service is visible on the next request, and a cached body is never shown to the wrong visitor."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from delegations import services
from delegations.enums import Capacity, DelegationStatus, ParticipantType, ProtocolRank
from delegations.models import Invitation, ParticipantQuota
from hanoi_ceremony.accounts.roles import Role
from hanoi_ceremony.core.models import ContentVersion
from tests.delegations.factories import (
    DelegationFactory,
    LiaisonFactory,
    MemberFactory,
    StateDelegationFactory,
    pdf_upload,
    photo_upload,
)

S = DelegationStatus


def _version() -> int:
    return (
        ContentVersion.objects.filter(namespace="delegations").values_list("version", flat=True).first() or 0
    )


@pytest.fixture
def submitted(delegation):
    MemberFactory(delegation=delegation, capacity=Capacity.HEAD, rank=ProtocolRank.AMBASSADOR)
    delegation.status = S.SUBMITTED
    delegation.save()
    return delegation


@pytest.fixture
def invited(organiser, ceremony):
    delegation = services.delegation_create(
        participant_type=ParticipantType.MEMBER_STATE, country_code="CHL", by=organiser
    )
    invitation, token = services.invitation_create(
        delegation=delegation, email="focal@chile.example", by=organiser
    )
    return delegation, invitation, token


# --- every service bumps the namespace ---------------------------------------------------------------------


def _create(organiser, **_):
    services.delegation_create(participant_type=ParticipantType.IGO, name="Interpol", by=organiser)


def _invite(organiser, delegation, **_):
    services.invitation_create(delegation=delegation, email="x@france.example", by=organiser)


def _submit(liaison, delegation, **_):
    MemberFactory(delegation=delegation, capacity=Capacity.HEAD)
    services.delegation_submit(delegation=delegation, by=liaison)


def _request_changes(organiser, submitted, **_):
    services.delegation_request_changes(delegation=submitted, by=organiser, message="Add the head's photo.")


def _confirm(organiser, submitted, **_):
    services.delegation_confirm(delegation=submitted, by=organiser)


def _bulk_confirm(organiser, submitted, **_):
    services.delegations_bulk_decide(delegation_ids=[submitted.pk], by=organiser, decision="confirm")


def _decline(organiser, submitted, **_):
    services.delegation_decline(delegation=submitted, by=organiser, reason="Not invited.")


def _withdraw(liaison, delegation, **_):
    services.delegation_withdraw(delegation=delegation, by=liaison)


def _member_add(liaison, delegation, **_):
    services.member_add(
        delegation=delegation,
        by=liaison,
        data={
            "family_name": "Roux",
            "given_names": "Lea",
            "capacity": Capacity.ADVISER,
            "nationality": "FRA",
        },
        photo=photo_upload(),
    )


def _member_update(liaison, delegation, **_):
    member = MemberFactory(delegation=delegation)
    services.member_update(member=member, by=liaison, data={"hotel": "Lotte"})


def _member_remove(liaison, delegation, **_):
    member = MemberFactory(delegation=delegation)
    services.member_remove(member=member, by=liaison)


def _document_upload(liaison, delegation, **_):
    services.document_upload(delegation=delegation, kind="note_verbale", upload=pdf_upload(), by=liaison)


def _signatory(liaison, delegation, **_):
    head = MemberFactory(delegation=delegation, capacity=Capacity.HEAD, rank=ProtocolRank.AMBASSADOR)
    services.signatory_designate(member=head, by=liaison)


def _full_powers_upload(liaison, delegation, **_):
    head = MemberFactory(delegation=delegation, capacity=Capacity.HEAD, rank=ProtocolRank.AMBASSADOR)
    full_powers = services.signatory_designate(member=head, by=liaison)
    before = _version()
    services.full_powers_upload(full_powers=full_powers, upload=pdf_upload(), by=liaison)
    assert _version() > before


SERVICES = [
    _create,
    _invite,
    _submit,
    _request_changes,
    _confirm,
    _bulk_confirm,
    _decline,
    _withdraw,
    _member_add,
    _member_update,
    _member_remove,
    _document_upload,
    _signatory,
    _full_powers_upload,
]


@pytest.mark.parametrize("change", SERVICES, ids=lambda f: f.__name__.strip("_"))
def test_delegation_service_bumps_the_namespace(change, organiser, liaison, delegation, request):
    kwargs = {"organiser": organiser, "liaison": liaison, "delegation": delegation}
    if "submitted" in change.__code__.co_varnames[: change.__code__.co_argcount]:
        kwargs["submitted"] = request.getfixturevalue("submitted")
    before = _version()

    change(**kwargs)

    assert _version() > before


def test_invitation_services_bump_the_namespace(invited, organiser):
    _delegation, invitation, token = invited
    versions = [_version()]

    invitation, token = services.invitation_resend(invitation=invitation, by=organiser)
    versions.append(_version())
    services.invitation_accept(token=token, first_name="Ana", last_name="Rojas", password="a-long-secret-42")
    versions.append(_version())

    assert versions[0] < versions[1] < versions[2]


def test_invitation_revoke_bumps_the_namespace(invited, organiser):
    _delegation, invitation, _token = invited
    before = _version()

    services.invitation_revoke(invitation=invitation, by=organiser)

    assert _version() > before


def test_refused_service_leaves_the_namespace_alone(organiser, delegation):
    before = _version()

    with pytest.raises(Exception):  # noqa: B017, PT011 - any refusal
        services.delegation_confirm(delegation=delegation, by=organiser)  # registering: not allowed

    assert _version() == before


def test_admin_liaison_and_quota_changes_bump_the_namespace(organiser_client, delegation, make_user):
    user = make_user()
    versions = [_version()]

    organiser_client.post(
        reverse("admin:delegations_liaison_add"), {"user": user.pk, "delegation": delegation.pk}
    )
    versions.append(_version())
    organiser_client.post(
        reverse("admin:delegations_participantquota_add"),
        {
            "participant_type": ParticipantType.MEMBER_STATE,
            "representatives": 1,
            "alternates": 1,
            "advisers": 1,
            "total": 3,
        },
    )
    versions.append(_version())

    assert ParticipantQuota.objects.filter(participant_type=ParticipantType.MEMBER_STATE).exists()
    assert versions[0] < versions[1] < versions[2]


# --- a change through a service is visible on the next request -------------------------------------------


def test_list_page_shows_new_delegation_after_create(organiser_client, organiser, ceremony):
    url = reverse("delegations:list")
    first = organiser_client.get(url).content.decode()

    services.delegation_create(participant_type=ParticipantType.IGO, name="Interpol", by=organiser)
    second = organiser_client.get(url).content.decode()

    assert "Interpol" not in first
    assert "Interpol" in second


def test_list_page_shows_new_status_after_confirm(organiser_client, organiser, submitted):
    url = reverse("delegations:list")
    organiser_client.get(url)

    services.delegation_confirm(delegation=submitted, by=organiser)
    body = organiser_client.get(url).content.decode()

    assert f"status-{S.CONFIRMED}" in body and f"status-{S.SUBMITTED}" not in body


def test_report_page_shows_new_confirmation(organiser_client, organiser, submitted):
    url = reverse("delegations:report")
    first = organiser_client.get(url).content.decode()

    services.delegation_confirm(delegation=submitted, by=organiser)
    second = organiser_client.get(url).content.decode()

    assert 'data-testid="total-confirmed">0<' in first
    assert 'data-testid="total-confirmed">1<' in second


def test_detail_page_shows_member_added_by_the_liaison(liaison_client, liaison, delegation):
    url = reverse("delegations:detail", args=[delegation.pk])
    first = liaison_client.get(url).content.decode()

    _member_add(liaison=liaison, delegation=delegation)
    second = liaison_client.get(url).content.decode()

    assert "ROUX" not in first
    assert "ROUX" in second


def test_detail_page_shows_changes_requested_to_the_liaison(client, liaison, organiser, submitted):
    client.force_login(liaison)
    url = reverse("delegations:detail", args=[submitted.pk])
    client.get(url)

    services.delegation_request_changes(delegation=submitted, by=organiser, message="Add the head's photo.")
    body = client.get(url).content.decode()

    assert 'data-testid="review-message"' in body and "Add the head&#x27;s photo." in body


# --- a cached body is never shown to the wrong visitor -------------------------------------------------------


def test_list_page_bulk_controls_only_for_organisers_even_when_cached(
    client, organiser, make_user, submitted
):
    steering = make_user(Role.STEERING, username="steer")
    url = reverse("delegations:list")
    client.force_login(organiser)
    as_organiser = client.get(url).content.decode()

    client.force_login(steering)
    as_steering = client.get(url).content.decode()

    assert 'name="ids"' in as_organiser
    assert 'name="ids"' not in as_steering
    assert submitted.name in as_steering


def test_list_page_filters_are_cached_separately(organiser_client, submitted):
    other = DelegationFactory(name="Zeta organisation", status=S.REGISTERING)
    url = reverse("delegations:list")

    everything = organiser_client.get(url).content.decode()
    only_submitted = organiser_client.get(url, {"status": S.SUBMITTED}).content.decode()

    assert other.name in everything and submitted.name in everything
    assert other.name not in only_submitted and submitted.name in only_submitted
    assert '<option value="submitted" selected>' in only_submitted
    assert '<option value="submitted" selected>' not in everything


def test_list_page_pages_are_cached_separately(organiser_client):
    from delegations.views._common import PAGE_SIZE

    for n in range(PAGE_SIZE + 1):
        DelegationFactory(name=f"Organisation {n:03d}")
    url = reverse("delegations:list")

    first = organiser_client.get(url).content.decode()
    second = organiser_client.get(url, {"page": "2"}).content.decode()

    last = f"Organisation {PAGE_SIZE:03d}"
    assert "Organisation 000" in first and last not in first
    assert last in second and "Organisation 000" not in second


def test_detail_page_review_form_only_for_organisers_even_when_cached(client, organiser, liaison, submitted):
    url = reverse("delegations:detail", args=[submitted.pk])
    client.force_login(organiser)
    as_organiser = client.get(url).content.decode()

    client.force_login(liaison)
    as_liaison = client.get(url).content.decode()

    review = reverse("delegations:review", args=[submitted.pk])
    assert review in as_organiser
    assert review not in as_liaison


def test_detail_page_passports_unmasked_only_for_those_allowed(
    client, liaison, accreditation, make_user, delegation
):
    MemberFactory(delegation=delegation, passport_number="FR123456789")
    steering = make_user(Role.STEERING, username="steer")
    url = reverse("delegations:detail", args=[delegation.pk])
    show = "/passport/"

    client.force_login(steering)
    as_steering = client.get(url).content.decode()
    client.force_login(accreditation)
    as_accreditation = client.get(url).content.decode()
    client.force_login(liaison)
    as_liaison = client.get(url).content.decode()

    assert show not in as_steering
    assert show in as_accreditation and show in as_liaison


def test_detail_page_other_liaison_still_gets_404_after_caching(client, liaison, other_liaison, delegation):
    url = reverse("delegations:detail", args=[delegation.pk])
    client.force_login(liaison)
    assert client.get(url).status_code == 200

    client.force_login(other_liaison)
    response = client.get(url)

    assert response.status_code == 404
    assert delegation.name.encode() not in response.content


def test_detail_page_forms_carry_each_visitors_csrf_token(liaison, delegation):
    import re

    from django.test import Client

    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(liaison)
    second.force_login(liaison)
    url = reverse("delegations:detail", args=[delegation.pk])
    first.get(url)  # renders and caches the body

    body = second.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    response = second.post(
        reverse("delegations:member_add", args=[delegation.pk]), {"csrfmiddlewaretoken": token}
    )

    assert "__csrf_token_placeholder" not in body
    assert response.status_code == 400  # the form's own error, not a CSRF 403


def test_detail_page_invitation_expiry_follows_the_clock(organiser_client, invited):
    delegation, invitation, _token = invited
    url = reverse("delegations:detail", args=[delegation.pk])
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=invitation.created_at + datetime.timedelta(minutes=30)
    )
    fresh = organiser_client.get(url).content.decode()

    with time_machine.travel(invitation.created_at + datetime.timedelta(hours=1)):
        later = organiser_client.get(url).content.decode()

    assert "(expired)" not in fresh
    assert "(expired)" in later


def test_detail_page_registration_deadline_closes_editing_for_the_liaison(
    liaison_client, delegation, ceremony
):
    from hanoi_ceremony.core.selectors import ceremony_forget

    ceremony.registration_deadline = timezone.now() + datetime.timedelta(days=1)
    ceremony.save()
    ceremony_forget()
    url = reverse("delegations:detail", args=[delegation.pk])
    add = reverse("delegations:member_add", args=[delegation.pk])
    before = liaison_client.get(url).content.decode()

    with time_machine.travel(ceremony.registration_deadline + datetime.timedelta(days=1)):
        after = liaison_client.get(url).content.decode()

    assert add in before
    assert add not in after


def test_other_liaison_of_the_same_delegation_sees_it(client, delegation):
    second = LiaisonFactory(delegation=delegation).user
    client.force_login(second)

    response = client.get(reverse("delegations:detail", args=[delegation.pk]))

    assert response.status_code == 200 and delegation.name in response.content.decode()


def test_list_page_as_reviewer_shows_state_delegations(client, make_user):
    state = StateDelegationFactory()
    client.force_login(make_user(Role.ACCREDITATION, username="acc2"))

    body = client.get(reverse("delegations:list")).content.decode()

    assert state.name in body


def test_detail_page_unknown_delegation_is_404_for_organiser(organiser_client, delegation):
    response = organiser_client.get(reverse("delegations:detail", args=[delegation.pk + 1000]))

    assert response.status_code == 404


def test_detail_page_title_follows_the_delegation(organiser_client, delegation):
    response = organiser_client.get(reverse("delegations:detail", args=[delegation.pk]))

    assert f"<title>{delegation.name}" in response.content.decode()
