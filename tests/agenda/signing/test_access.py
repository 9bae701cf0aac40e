"""Access matrix for every signing page: anonymous → login, wrong role → 403, another delegation → 404,
right role → 200. Public pages answer 200 to everyone."""

import pytest
from django.urls import reverse

from hanoi_ceremony.accounts.roles import Role

from .factories import (
    DelegationFactory,
    FullPowersFactory,
    InscriptionFactory,
    MemberFactory,
    SigningEntryFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(roster, plenary, make_user, make_liaison):
    entry = SigningEntryFactory(roster=roster)
    own = DelegationFactory(name="Own State")
    other = DelegationFactory(name="Other State")
    MemberFactory(delegation=own)
    InscriptionFactory(speakers_list=plenary)
    FullPowersFactory(member=entry.signatory)
    return {
        "entry": entry,
        "plenary": plenary,
        "own": own,
        "other": other,
        "liaison": make_liaison(own, username="liaison"),
        "stranger": make_user(Role.STEERING, username="steering"),
    }


ORGANISER_PAGES = [
    ("signing:roster", lambda w: {}),
    ("signing:entry", lambda w: {"pk": w["entry"].pk}),
    ("signing:full_powers", lambda w: {}),
    ("signing:chair", lambda w: {"pk": w["plenary"].pk}),
]
PUBLIC_PAGES = [
    ("signing:board", lambda w: {}),
    ("signing:board_json", lambda w: {}),
    ("signing:report", lambda w: {}),
    ("signing:report_csv", lambda w: {}),
    ("signing:speakers", lambda w: {}),
    ("signing:speakers_detail", lambda w: {"pk": w["plenary"].pk}),
]


@pytest.mark.parametrize(("name", "kwargs"), ORGANISER_PAGES)
def test_organiser_page_access_matrix(client, world, organiser, name, kwargs):
    url = reverse(name, kwargs=kwargs(world))

    anonymous = client.get(url)
    client.force_login(world["stranger"])
    steering = client.get(url)
    client.force_login(world["liaison"])
    liaison = client.get(url)
    client.force_login(organiser)
    allowed = client.get(url)

    assert (anonymous.status_code, steering.status_code, liaison.status_code, allowed.status_code) == (
        302,
        403,
        403,
        200,
    )
    assert anonymous["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_PAGES)
def test_public_page_answers_everyone(client, world, organiser, name, kwargs):
    url = reverse(name, kwargs=kwargs(world))

    anonymous = client.get(url)
    client.force_login(world["liaison"])
    liaison = client.get(url)
    client.force_login(organiser)
    org = client.get(url)

    assert (anonymous.status_code, liaison.status_code, org.status_code) == (200, 200, 200)


def test_inscribe_page_access_matrix(client, world, organiser):
    own_url = reverse(
        "signing:inscribe", kwargs={"pk": world["plenary"].pk, "delegation_id": world["own"].pk}
    )
    other_url = reverse(
        "signing:inscribe", kwargs={"pk": world["plenary"].pk, "delegation_id": world["other"].pk}
    )

    anonymous = client.get(own_url)
    client.force_login(world["stranger"])
    steering = client.get(own_url)
    client.force_login(world["liaison"])
    liaison_own = client.get(own_url)
    liaison_other = client.get(other_url)
    liaison_mine = client.get(reverse("signing:speakers_mine"))
    liaison_withdraw_other = client.post(
        reverse(
            "signing:inscription_withdraw",
            kwargs={"pk": world["plenary"].pk, "delegation_id": world["other"].pk},
        )
    )
    client.force_login(organiser)
    organiser_other = client.get(other_url)

    assert (
        anonymous.status_code,
        steering.status_code,
        liaison_own.status_code,
        liaison_other.status_code,
        liaison_mine.status_code,
        liaison_withdraw_other.status_code,
        organiser_other.status_code,
    ) == (302, 403, 200, 404, 200, 404, 200)


def test_liaison_cannot_post_an_inscription_for_another_delegation(client, world):
    other_member = MemberFactory(delegation=world["other"])
    url = reverse("signing:inscribe", kwargs={"pk": world["plenary"].pk, "delegation_id": world["other"].pk})
    client.force_login(world["liaison"])

    response = client.post(url, {"speaker": other_member.pk})

    assert response.status_code == 404
    assert world["plenary"].inscriptions.filter(delegation=world["other"]).count() == 0


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("signing:roster_add", lambda w: {}),
        ("signing:roster_rule", lambda w: {}),
        ("signing:entry_confirm", lambda w: {"pk": w["entry"].pk}),
        ("signing:entry_signed", lambda w: {"pk": w["entry"].pk}),
        ("signing:entry_move", lambda w: {"pk": w["entry"].pk}),
        ("signing:entry_release", lambda w: {"pk": w["entry"].pk}),
        ("signing:chair_next", lambda w: {"pk": w["plenary"].pk}),
        ("signing:chair_reply", lambda w: {"pk": w["plenary"].pk}),
        ("signing:chair_inscribe", lambda w: {"pk": w["plenary"].pk}),
        (
            "signing:inscription_time",
            lambda w: {"pk": w["plenary"].pk, "inscription_pk": w["plenary"].inscriptions.first().pk},
        ),
        (
            "signing:inscription_place",
            lambda w: {"pk": w["plenary"].pk, "inscription_pk": w["plenary"].inscriptions.first().pk},
        ),
        ("signing:roster_open", lambda w: {}),
        ("signing:entry_status", lambda w: {"pk": w["entry"].pk}),
        ("signing:entry_signatory", lambda w: {"pk": w["entry"].pk}),
        (
            "signing:full_powers_action",
            lambda w: {"pk": w["entry"].signatory.full_powers.pk, "action": "verify"},
        ),
    ],
)
def test_organiser_actions_refuse_a_liaison(client, world, name, kwargs):
    client.force_login(world["liaison"])

    response = client.post(reverse(name, kwargs=kwargs(world)), {})

    assert response.status_code == 403
