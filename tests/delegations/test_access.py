"""Access matrix: every delegations page per role (anonymous -> login, wrong role -> 403, another
delegation's object -> 404, right role -> 200)."""

import pytest
from django.urls import reverse

from hanoi_ceremony.accounts.roles import Role
from tests.delegations.factories import MemberFactory


@pytest.fixture
def member(delegation):
    return MemberFactory(delegation=delegation, passport_number="PX123456")


def _pages(delegation, member):
    pk = delegation.pk
    return {
        "list": reverse("delegations:list"),
        "report": reverse("delegations:report"),
        "export_csv": reverse("delegations:export", args=["csv"]),
        "export_xlsx": reverse("delegations:export", args=["xlsx"]),
        "create": reverse("delegations:create"),
        "detail": reverse("delegations:detail", args=[pk]),
        "member_add": reverse("delegations:member_add", args=[pk]),
        "member_edit": reverse("delegations:member_edit", args=[pk, member.pk]),
        "member_passport": reverse("delegations:member_passport", args=[pk, member.pk]),
        "member_photo": reverse("delegations:member_photo", args=[pk, member.pk]),
        "document_add": reverse("delegations:document_add", args=[pk]),
    }


ORGANISER_ONLY = {"create"}
REVIEWER_PAGES = {"list", "report", "export_csv", "export_xlsx"}
LIAISON_PAGES = {"detail", "member_add", "member_edit", "member_passport", "member_photo", "document_add"}


@pytest.mark.parametrize("name", sorted(ORGANISER_ONLY | REVIEWER_PAGES | LIAISON_PAGES))
def test_page_anonymous_redirects_to_login(client, delegation, member, name):
    response = client.get(_pages(delegation, member)[name])

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", sorted(ORGANISER_ONLY | REVIEWER_PAGES))
def test_organiser_page_liaison_gets_403(liaison_client, delegation, member, name):
    assert liaison_client.get(_pages(delegation, member)[name]).status_code == 403


@pytest.mark.parametrize("name", sorted(LIAISON_PAGES))
def test_liaison_page_other_delegation_gets_404(client, other_liaison, delegation, member, name):
    client.force_login(other_liaison)

    assert client.get(_pages(delegation, member)[name]).status_code == 404


@pytest.mark.parametrize("name", sorted(LIAISON_PAGES))
def test_liaison_page_own_delegation_gets_200(liaison_client, delegation, member, name):
    assert liaison_client.get(_pages(delegation, member)[name]).status_code == 200


@pytest.mark.parametrize(
    "name", sorted(ORGANISER_ONLY | REVIEWER_PAGES | (LIAISON_PAGES - {"member_passport"}))
)
def test_page_organiser_gets_200(organiser_client, delegation, member, name):
    assert organiser_client.get(_pages(delegation, member)[name]).status_code == 200


def test_passport_page_organiser_without_accreditation_gets_403(organiser_client, delegation, member):
    response = organiser_client.get(_pages(delegation, member)["member_passport"])

    assert response.status_code == 403


@pytest.mark.parametrize(
    "name", ["list", "report", "detail", "member_passport", "member_photo", "export_csv"]
)
def test_page_accreditation_officer_gets_200(client, accreditation, delegation, member, name):
    client.force_login(accreditation)

    assert client.get(_pages(delegation, member)[name]).status_code == 200


@pytest.mark.parametrize("name", ["create", "member_add", "member_edit", "document_add"])
def test_write_page_accreditation_officer_gets_403(client, accreditation, delegation, member, name):
    client.force_login(accreditation)

    assert client.get(_pages(delegation, member)[name]).status_code == 403


def test_page_user_without_role_gets_403(client, make_user, delegation, member):
    client.force_login(make_user())

    for name in ("list", "detail", "report"):
        assert client.get(_pages(delegation, member)[name]).status_code == 403, name


@pytest.mark.parametrize(
    "action",
    ["submit", "withdraw", "member_remove", "signatory"],
)
def test_liaison_post_on_other_delegation_gets_404_and_changes_nothing(
    client, other_liaison, delegation, member, action
):
    client.force_login(other_liaison)
    args = [delegation.pk, member.pk] if action in ("member_remove", "signatory") else [delegation.pk]

    response = client.post(reverse(f"delegations:{action}", args=args))

    assert response.status_code == 404
    delegation.refresh_from_db()
    assert (delegation.status, delegation.members.count()) == ("registering", 1)


def test_review_post_by_liaison_gets_403(liaison_client, delegation):
    response = liaison_client.post(reverse("delegations:review", args=[delegation.pk]), {"action": "confirm"})

    assert response.status_code == 403


def test_steering_member_reads_list(client, make_user, delegation):
    client.force_login(make_user(Role.STEERING))

    assert client.get(reverse("delegations:list")).status_code == 200
