"""Access matrix of every programme page: anonymous, wrong role, other delegation's object, right role."""

import pytest
from django.urls import reverse

from agenda import services
from hanoi_ceremony.accounts.roles import Role

from .factories import BoothFactory, LiaisonFactory, MemberFactory, SessionFactory


@pytest.fixture
def objects(ceremony, liaison):
    session = SessionFactory(capacity=5)
    other = LiaisonFactory()
    other_member = MemberFactory(delegation=other.delegation)
    other_reg = services.session_register(session=session, member=other_member, by=other.user)
    proposal = services.proposal_submit(delegation=other.delegation, by=other.user, title="Theirs")
    return {"session": session, "other_reg": other_reg, "proposal": proposal, "booth": BoothFactory()}


PUBLIC = [
    lambda o: reverse("agenda:programme"),
    lambda o: reverse("agenda:session", args=[o["session"].pk]),
    lambda o: reverse("agenda:session_ics", args=[o["session"].pk]),
    lambda o: reverse("agenda:programme_ics"),
    lambda o: reverse("agenda:exhibitors"),
    lambda o: reverse("agenda:changelog"),
]
LIAISON_PAGES = [
    lambda o: reverse("agenda:mine"),
    lambda o: reverse("agenda:proposals"),
    lambda o: reverse("agenda:proposal_new"),
    lambda o: reverse("agenda:register", args=[o["session"].pk]),
]
ORGANISER_PAGES = [
    lambda o: reverse("agenda:manage"),
    lambda o: reverse("agenda:session_new"),
    lambda o: reverse("agenda:session_edit", args=[o["session"].pk]),
    lambda o: reverse("agenda:proposal_decide", args=[o["proposal"].pk]),
    lambda o: reverse("agenda:session_people", args=[o["session"].pk]),
    lambda o: reverse("agenda:booths"),
    lambda o: reverse("agenda:booth_allocate", args=[o["booth"].pk]),
]


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_answer_everyone(client, objects, url):
    assert client.get(url(objects)).status_code == 200


@pytest.mark.parametrize("url", LIAISON_PAGES + ORGANISER_PAGES)
def test_signed_in_pages_send_anonymous_to_login(client, objects, url):
    response = client.get(url(objects))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("url", LIAISON_PAGES + ORGANISER_PAGES)
def test_signed_in_pages_refuse_wrong_role(client, make_user, objects, url):
    client.force_login(make_user(Role.STEERING))

    assert client.get(url(objects)).status_code == 403


@pytest.mark.parametrize("url", LIAISON_PAGES)
def test_liaison_pages_answer_liaison(liaison_client, objects, url):
    assert liaison_client.get(url(objects)).status_code == 200


@pytest.mark.parametrize("url", ORGANISER_PAGES)
def test_organiser_pages_refuse_liaison(liaison_client, objects, url):
    assert liaison_client.get(url(objects)).status_code == 403


@pytest.mark.parametrize("url", ORGANISER_PAGES + LIAISON_PAGES[:2] + LIAISON_PAGES[3:])
def test_organiser_pages_answer_organiser(organiser_client, objects, url):
    assert organiser_client.get(url(objects)).status_code == 200


def test_organiser_without_delegation_cannot_propose(organiser_client, objects):
    assert organiser_client.get(reverse("agenda:proposal_new")).status_code == 403


def test_withdrawing_other_delegations_registration_is_404(liaison_client, objects):
    response = liaison_client.post(reverse("agenda:withdraw", args=[objects["other_reg"].pk]))

    assert response.status_code == 404
    objects["other_reg"].refresh_from_db()


def test_other_delegations_proposal_is_not_listed_to_liaison(liaison_client, objects):
    assert "Theirs" not in liaison_client.get(reverse("agenda:proposals")).content.decode()


def test_liaison_cannot_publish_or_cancel(liaison_client, objects):
    assert liaison_client.post(reverse("agenda:publish")).status_code == 403
    assert (
        liaison_client.post(reverse("agenda:session_cancel", args=[objects["session"].pk])).status_code == 403
    )


def test_register_page_for_session_without_registration_is_404(liaison_client, ceremony):
    session = SessionFactory(capacity=None)

    assert liaison_client.get(reverse("agenda:register", args=[session.pk])).status_code == 404
