"""The language follows a signed-in person's saved preference, else the browser; the switcher saves it."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_signed_in_person_reads_their_saved_language_over_the_browser(client):
    user = UserFactory(language="vi")
    client.force_login(user)

    response = client.get(reverse("notifications:list"), HTTP_ACCEPT_LANGUAGE="fr")

    assert response["Content-Language"] == "vi"
    assert "Thông báo" in response.content.decode()


def test_anonymous_visitor_reads_the_browser_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response["Content-Language"] == "fr"


def test_switching_language_when_signed_in_saves_the_preference(client):
    user = UserFactory(language="en")
    client.force_login(user)

    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})

    user.refresh_from_db()
    assert response.status_code == 302
    assert user.language == "fr"


def test_switching_to_an_unknown_language_changes_nothing(client):
    user = UserFactory(language="vi")
    client.force_login(user)

    client.post(reverse("set_language"), {"language": "xx", "next": "/"})

    user.refresh_from_db()
    assert user.language == "vi"
