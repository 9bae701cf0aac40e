"""Organisers create speakers' lists from the pages (and the admin), and open or close inscription from the
chair's page."""

import pytest
from django.urls import reverse

from agenda.enums import SessionKind
from agenda.signing.enums import SpeakersListKind
from agenda.signing.models import SpeakersList
from hanoi_ceremony.audit.models import AuditEntry
from hanoi_ceremony.audit.selectors import history_for

from .factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_organiser_opens_a_list_for_a_high_level_session(organiser_client, ceremony):
    session = SessionFactory(kind=SessionKind.HIGH_LEVEL, title="International cooperation")
    SessionFactory(kind=SessionKind.WORKSHOP, title="Workshop")
    page = organiser_client.get(reverse("signing:speakers_new"))
    assert [s.title for s in page.context["form"].fields["session"].queryset] == ["International cooperation"]
    response = organiser_client.post(reverse("signing:speakers_new"), {"session": session.pk, "minutes": 4})
    speakers_list = SpeakersList.objects.get()
    assert response.url == reverse("signing:chair", args=[speakers_list.pk])
    assert (speakers_list.kind, speakers_list.default_time_limit_seconds) == (
        SpeakersListKind.HIGH_LEVEL,
        240,
    )


def test_a_workshop_cannot_get_a_list(organiser_client, ceremony):
    workshop = SessionFactory(kind=SessionKind.WORKSHOP)
    response = organiser_client.post(reverse("signing:speakers_new"), {"session": workshop.pk, "minutes": 5})
    assert response.status_code == 400
    assert not SpeakersList.objects.exists()


def test_chair_closes_and_reopens_inscription_with_audit(organiser_client, plenary):
    url = reverse("signing:chair_inscription", args=[plenary.pk])
    organiser_client.post(url, {"open": "0"})
    plenary.refresh_from_db()
    assert plenary.is_open is False
    organiser_client.post(url, {"open": "1"})
    plenary.refresh_from_db()
    assert plenary.is_open is True
    assert [row["label"] for row in history_for(target=plenary)][:2] == [
        "Inscription opened",
        "Inscription closed",
    ]
    assert organiser_client.post(url, {"open": "x"}).status_code == 400


def test_liaisons_cannot_create_or_close_lists(client, plenary, make_user):
    client.force_login(make_user())
    assert (
        client.post(reverse("signing:chair_inscription", args=[plenary.pk]), {"open": "0"}).status_code == 403
    )
    assert client.get(reverse("signing:speakers_new")).status_code == 403


def test_admin_adds_a_list_through_the_service(client, make_user, ceremony):
    from hanoi_ceremony.accounts.roles import Role

    client.force_login(make_user(Role.ORGANISER, username="ola", is_staff=True, is_superuser=True))
    session = SessionFactory(kind=SessionKind.PLENARY, title="Plenary")
    response = client.post(
        reverse("admin:signing_speakerslist_add"), {"session": session.pk, "default_time_limit_seconds": 300}
    )
    assert response.status_code == 302
    assert SpeakersList.objects.get().kind == SpeakersListKind.PLENARY
    assert AuditEntry.objects.filter(action="speakers_list.opened").count() == 1
