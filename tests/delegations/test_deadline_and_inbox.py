"""A delegation invited late gets its own deadline; organisers hear of every registration to review."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from delegations import services
from delegations.enums import Capacity, DelegationStatus, ProtocolRank
from hanoi_ceremony.audit.selectors import history_for
from hanoi_ceremony.notifications.models import Notification, OutboundEmail
from hanoi_ceremony.notifications.services import in_app_body
from tests.delegations.factories import MemberFactory, StateDelegationFactory, photo_upload

S = DelegationStatus
DEADLINE = datetime.datetime(2025, 10, 18, 16, 59, tzinfo=datetime.UTC)
AFTER = datetime.datetime(2025, 10, 20, 3, 0, tzinfo=datetime.UTC)


def _member_data():
    return {
        "family_name": "Dupont",
        "given_names": "Marie",
        "capacity": Capacity.REPRESENTATIVE,
        "rank": ProtocolRank.OTHER,
        "nationality": "FRA",
        "passport_number": "15AB12345",
    }


@pytest.fixture
def closed(ceremony):
    ceremony.registration_deadline = DEADLINE
    ceremony.save()
    return ceremony


def test_extended_deadline_lets_the_liaison_register_after_the_ceremony_deadline(
    delegation, liaison, organiser, closed, django_capture_on_commit_callbacks
):
    with time_machine.travel(AFTER, tick=False):
        with pytest.raises(PermissionDenied):
            services.member_add(delegation=delegation, by=liaison, data=_member_data(), photo=photo_upload())

        with django_capture_on_commit_callbacks(execute=True):
            services.delegation_extend_deadline(
                delegation=delegation,
                until=AFTER + datetime.timedelta(days=3),
                by=organiser,
                reason="Invited late",
            )
        services.member_add(delegation=delegation, by=liaison, data=_member_data(), photo=photo_upload())

    assert delegation.members.count() == 1
    delegation.refresh_from_db()
    assert services.registration_deadline_for(delegation) == AFTER + datetime.timedelta(days=3)
    sentences = [str(entry["sentence"]) for entry in history_for(target=delegation)]
    assert any("until" in s and "to register" in s for s in sentences)
    assert Notification.objects.filter(recipient=liaison, kind="delegations.deadline_extended").count() == 1


def test_extension_into_the_past_is_refused_next_to_the_field(delegation, organiser, closed):
    with time_machine.travel(AFTER, tick=False):
        with pytest.raises(ValidationError) as refused:
            services.delegation_extend_deadline(delegation=delegation, until=DEADLINE, by=organiser)

    assert list(refused.value.message_dict) == ["until"]


def test_extension_is_for_organisers_only(delegation, liaison, closed):
    with pytest.raises(PermissionDenied):
        services.delegation_extend_deadline(
            delegation=delegation, until=AFTER + datetime.timedelta(days=1), by=liaison
        )


def test_invitation_states_the_deadline_and_late_invite_warns_the_organiser(organiser_client, closed):
    late = StateDelegationFactory(country_code="KEN", name="Kenya", status=S.INVITED)

    with time_machine.travel(AFTER, tick=False):
        response = organiser_client.post(
            reverse("delegations:invite", args=[late.pk]), {"email": "focal@ken.example"}, follow=True
        )

    mail = OutboundEmail.objects.get(to_address="focal@ken.example")
    assert "Register and submit the delegation by 18 October 2025, 23:59" in " ".join(mail.body_text.split())
    texts = [str(m) for m in response.context["messages"]]
    assert any("registration deadline has passed" in t for t in texts)


def test_refused_extension_redirects_to_the_page_with_the_message(organiser_client, delegation, closed):
    with time_machine.travel(AFTER, tick=False):
        response = organiser_client.post(
            reverse("delegations:deadline", args=[delegation.pk]), {"until": "2025-10-01T10:00"}
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("delegations:detail", args=[delegation.pk])


def test_changes_requested_after_the_deadline_may_be_made_and_page_does_not_contradict(
    delegation, liaison, liaison_client, organiser, closed
):
    MemberFactory(delegation=delegation, capacity=Capacity.HEAD, rank=ProtocolRank.MINISTER)
    delegation.status = S.SUBMITTED
    delegation.save()
    with time_machine.travel(AFTER, tick=False):
        services.delegation_request_changes(delegation=delegation, by=organiser, message="Add the flights.")
        services.member_add(delegation=delegation, by=liaison, data=_member_data(), photo=photo_upload())
        page = liaison_client.get(reverse("delegations:detail", args=[delegation.pk])).content.decode()

    assert 'data-testid="review-message"' in page
    assert "only the organisers can change" not in page


def test_submission_tells_the_organisers_and_fills_the_review_inbox_oldest_first(
    organiser, organiser_client, liaison, delegation, django_capture_on_commit_callbacks
):
    older = StateDelegationFactory(country_code="KEN", name="Kenya", status=S.SUBMITTED)
    older.status_changed_at = datetime.datetime(2025, 10, 1, tzinfo=datetime.UTC)
    older.save()
    MemberFactory(delegation=delegation, capacity=Capacity.HEAD, rank=ProtocolRank.MINISTER)

    with django_capture_on_commit_callbacks(execute=True):
        services.delegation_submit(delegation=delegation, by=liaison)

    note = Notification.objects.get(recipient=organiser, kind="delegations.review_waiting")
    assert note.url == reverse("delegations:detail", args=[delegation.pk])
    page = organiser_client.get(reverse("delegations:inbox"))
    rows = [row.name for row in page.context["rows"]]
    assert rows == ["Kenya", "France"]
    assert 'data-testid="review-count">2<' in page.content.decode()


def test_review_inbox_is_for_organisers(liaison_client):
    assert liaison_client.get(reverse("delegations:inbox")).status_code == 403


def test_in_app_body_drops_raw_links_but_keeps_the_message():
    text = "The organisers ask for changes.\n\nAdd flights.\n\nMake the changes: http://127.0.0.1:8000/d/1/\nhttps://x.example/a"

    assert in_app_body(text) == "The organisers ask for changes.\n\nAdd flights."


def test_liaison_notification_in_the_centre_has_no_raw_url(
    delegation, liaison, organiser, django_capture_on_commit_callbacks
):
    delegation.status = S.SUBMITTED
    delegation.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.delegation_request_changes(delegation=delegation, by=organiser, message="Add the flights.")

    note = Notification.objects.get(recipient=liaison, kind="delegations.changes_requested")
    assert "http" not in note.body
    assert "Add the flights." in note.body


def test_passport_expiring_before_the_ceremony_ends_is_refused(delegation, liaison, ceremony):
    data = _member_data() | {"passport_expiry": datetime.date(2025, 10, 25)}

    with pytest.raises(ValidationError) as refused:
        services.member_add(delegation=delegation, by=liaison, data=data, photo=photo_upload())

    assert list(refused.value.message_dict) == ["passport_expiry"]
    assert "26 October 2025" in refused.value.message_dict["passport_expiry"][0]
    assert delegation.members.count() == 0


def test_add_delegation_form_offers_no_state_already_invited_and_refuses_once(organiser_client, delegation):
    url = reverse("delegations:create")
    page = organiser_client.get(url).content.decode()
    response = organiser_client.post(
        url, {"participant_type": "member_state", "country_code": "FRA", "region": "international"}
    )

    assert 'value="FRA"' not in page and 'value="DEU"' in page
    assert response.status_code == 400
    errors = [e for errors in response.context["form"].errors.values() for e in errors]
    assert len(errors) == 1
