"""A journalist whose badge photo is rejected is told by e-mail (in the language they applied in) and
sends a new one from the signed link, without an account."""

import pytest
from django.urls import reverse
from django.utils import translation

from delegations.accreditation.enums import PhotoState
from delegations.accreditation.services import media, vetting
from hanoi_ceremony.audit.models import AuditEntry
from hanoi_ceremony.notifications.models import OutboundEmail
from tests.accreditation.factories import CategoryFactory
from tests.accreditation.test_services import _apply
from tests.delegations.factories import photo_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def journalist(ceremony):
    CategoryFactory(code="MED", for_media=True)
    with translation.override("fr"):
        return _apply()


def _reject(accreditation, officer, capture):
    with capture(execute=True):
        vetting.photo_decide(
            accreditation=accreditation, approve=False, by=officer, reason="Fond trop sombre"
        )


def _link(email: OutboundEmail) -> str:
    import re

    return re.search(r"(/accreditation/media/photo/[^/\s]+/)", email.body_text).group(1)


def test_rejection_mails_the_journalist_in_their_language_with_a_link(
    journalist, officer, django_capture_on_commit_callbacks
):
    assert journalist.media.language == "fr"
    _reject(journalist, officer, django_capture_on_commit_callbacks)
    email = OutboundEmail.objects.get(to_address="minh@example.org")
    assert email.kind == "accreditation.photo_rejected"
    assert "Fond trop sombre" in email.body_text
    assert "photo" in email.subject.lower() and "Please" not in email.body_text  # French, not English
    assert _link(email)


def test_the_link_takes_a_new_photo_back_to_review_once(
    client, journalist, officer, django_capture_on_commit_callbacks
):
    _reject(journalist, officer, django_capture_on_commit_callbacks)
    url = _link(OutboundEmail.objects.get(to_address="minh@example.org"))
    page = client.get(url)
    assert page.status_code == 200 and "Fond trop sombre" in page.content.decode()
    assert client.post(url, {}).status_code == 400  # no file: told next to the field
    response = client.post(url, {"photo": photo_upload()})
    assert response.status_code == 302
    journalist.refresh_from_db()
    assert (journalist.photo_state, journalist.photo_reason) == (PhotoState.PENDING, "")
    assert AuditEntry.objects.filter(
        action="accreditation.photo_replaced", target_id=str(journalist.pk)
    ).exists()
    # Sending again: nothing is waiting any more (409), and the page says where things stand.
    assert client.post(url, {"photo": photo_upload()}).status_code == 409
    assert 'data-testid="photo-state"' in client.get(url).content.decode()


def test_altered_or_foreign_links_are_refused(client, journalist):
    url = media.media_photo_link(journalist)
    assert client.get(url[:-3] + "xx/").status_code == 400
    assert client.get(reverse("accreditation:media_photo", args=["nonsense"])).status_code == 400
