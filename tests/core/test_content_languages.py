"""Content entered per language by organisers reads in the reader's language, with English as fallback."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.agenda.factories import RoomFactory

pytestmark = pytest.mark.django_db


def test_room_name_reads_in_the_readers_language_with_english_fallback():
    room = RoomFactory(name_en="Plenary Hall", name_vi="Hội trường Toàn thể", name_fr="")

    with translation.override("vi"):
        vi = room.name
    with translation.override("fr"):
        fr = room.name

    assert (vi, fr) == ("Hội trường Toàn thể", "Plenary Hall")


def test_organisers_enter_each_language_in_the_admin(organiser_client):
    room = RoomFactory(name_en="Press Centre")

    page = organiser_client.get(reverse("admin:agenda_room_change", args=[room.pk])).content.decode()

    assert 'name="name_vi"' in page
    assert 'name="name_fr"' in page


def test_demo_content_reads_in_vietnamese(client):
    import io

    from django.core.management import call_command

    call_command("seed_demo", quiet_logins=True, stdout=io.StringIO())

    page = client.get(reverse("agenda:programme"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    assert "Lễ ký Công ước Hà Nội" in page
