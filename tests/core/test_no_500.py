"""Inputs that used to answer 500: each now answers a 4xx (or a redirect with a message) and changes nothing
it should not."""

import pytest
from django.urls import reverse

from agenda import services as agenda_services
from delegations.models import Member
from tests.agenda.factories import SessionFactory
from tests.agenda.signing.factories import InscriptionFactory
from tests.delegations.factories import LiaisonFactory, MemberFactory


@pytest.mark.parametrize(
    "url",
    ["/programme/feeds/%00.ics", "/programme/?day=%00", "/signing/report/?as_of=2025-10-26%00"],
)
def test_nul_byte_in_the_address_is_400(client, ceremony, url):
    response = client.get(url)

    assert response.status_code == 400


def test_nul_byte_in_a_form_field_is_400_and_saves_nothing(organiser_client, ceremony):
    response = organiser_client.post(reverse("notifications:mark_read"), {"id": "1\x00"})

    assert response.status_code == 400


def test_removing_a_member_inscribed_on_a_speakers_list_is_refused_with_a_message(client, ceremony):
    link = LiaisonFactory(delegation__country_code="FRA", delegation__name="France")
    member = MemberFactory(delegation=link.delegation, family_name="Orateur")
    InscriptionFactory(delegation=link.delegation, speaker=member)
    client.force_login(link.user)

    response = client.post(
        reverse("delegations:member_remove", args=[link.delegation.pk, member.pk]), follow=True
    )

    assert response.status_code == 200
    assert Member.objects.filter(pk=member.pk).exists()
    text = response.content.decode()
    assert "cannot be removed" in text
    assert "inscription" in text


def _withdraw_setup(liaison):
    session = SessionFactory(capacity=3)
    member = MemberFactory(delegation=liaison.delegation)
    return agenda_services.session_register(session=session, member=member, by=liaison.user)


@pytest.mark.parametrize(
    ("next_value", "expected"),
    [
        ("foo", None),
        ("https://evil.example/phish", None),
        ("//evil.example/x", None),
        ("/programme/", "/programme/"),
    ],
)
def test_registration_withdraw_next_only_to_this_site(client, ceremony, next_value, expected):
    from tests.agenda.factories import LiaisonFactory as AgendaLiaisonFactory

    liaison = AgendaLiaisonFactory()
    registration = _withdraw_setup(liaison)
    client.force_login(liaison.user)

    response = client.post(reverse("agenda:withdraw", args=[registration.pk]), {"next": next_value})

    assert response.status_code == 302
    default = reverse("agenda:register", args=[registration.session_id])
    assert response["Location"] == (expected or default)


@pytest.mark.parametrize("next_value", ["foo", "https://evil.example/", "javascript:alert(1)"])
def test_notifications_read_next_only_to_this_site(client, make_user, next_value):
    from hanoi_ceremony.notifications.models import Notification

    user = make_user()
    mine = Notification.objects.create(recipient=user, kind="test", subject="Hello", url="/")
    client.force_login(user)

    response = client.post(reverse("notifications:mark_read"), {"id": mine.pk, "next": next_value})

    assert (response.status_code, response["Location"]) == (302, reverse("notifications:list"))
