"""Side-event proposals end to end (issue 14): the organisers may ask for changes and the proposers
resubmit; co-organisers see the proposal; the decision page shows the co-organisers and no forms once
decided; every proposal e-mail links to a page its reader can open, even before the programme is published."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agenda import services
from agenda.enums import ProposalStatus
from hanoi_ceremony.accounts.roles import forget_roles
from hanoi_ceremony.audit.models import AuditEntry
from hanoi_ceremony.core.errors import status_for
from hanoi_ceremony.notifications.models import Notification, OutboundEmail

from .factories import LiaisonFactory, SlotFactory, hanoi

pytestmark = pytest.mark.django_db


@pytest.fixture
def co(ceremony):
    link = LiaisonFactory()
    forget_roles(link.user)
    return link


@pytest.fixture
def proposal(liaison, co, organiser):
    return services.proposal_submit(
        delegation=liaison.delegation,
        by=liaison.user,
        title="Electronic evidence across borders",
        co_organisers=[co.delegation],
        expected_attendance=60,
    )


def _fields(**over):
    data = {
        "title": "Electronic evidence across borders (revised)",
        "description": "Panel, then questions",
        "co_organisers": [],
        "other_co_organisers": "",
        "speakers": "Dr A. Example, University of Hanoi",
        "logistics_needs": "",
        "expected_attendance": 80,
    }
    data.update(over)
    return data


def test_changes_asked_then_resubmitted_goes_back_to_the_organisers(proposal, liaison, co, organiser):
    with pytest.raises(ValidationError):
        services.proposal_request_changes(proposal=proposal, by=organiser, note=" ")
    services.proposal_request_changes(proposal=proposal, by=organiser, note="Add a speaker from Africa")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_note) == (
        ProposalStatus.CHANGES_REQUESTED,
        "Add a speaker from Africa",
    )
    told = Notification.objects.filter(kind="agenda.proposal_changes_requested")
    assert set(told.values_list("recipient_id", flat=True)) == {liaison.user_id, co.user_id}
    assert {n.url for n in told} == {reverse("agenda:proposal", args=[proposal.pk])}

    with pytest.raises(PermissionDenied):  # a co-organiser reads, the proposer changes
        services.proposal_resubmit(proposal=proposal, by=co.user, **_fields())
    services.proposal_resubmit(proposal=proposal, by=liaison.user, **_fields(co_organisers=[co.delegation]))
    proposal.refresh_from_db()
    assert (proposal.status, proposal.title, proposal.expected_attendance) == (
        ProposalStatus.SUBMITTED,
        "Electronic evidence across borders (revised)",
        80,
    )
    assert list(proposal.co_organisers.all()) == [co.delegation]
    assert Notification.objects.filter(recipient=organiser, kind="agenda.proposal_resubmitted").exists()
    actions = list(
        AuditEntry.objects.filter(target_id=str(proposal.pk)).order_by("pk").values_list("action", flat=True)
    )
    assert actions[-2:] == ["side_event_proposal.changes_requested", "side_event_proposal.resubmitted"]
    with pytest.raises(ValidationError) as exc:  # nothing awaits changes any more
        services.proposal_resubmit(proposal=proposal, by=liaison.user, **_fields())
    assert status_for(exc.value) == 409


def test_own_delegation_as_co_organiser_is_refused_with_a_message(liaison, organiser, ceremony):
    with pytest.raises(ValidationError) as exc:
        services.proposal_submit(
            delegation=liaison.delegation, by=liaison.user, title="Mine", co_organisers=[liaison.delegation]
        )
    assert "co_organisers" in exc.value.message_dict


def test_co_organisers_see_the_proposal_and_the_proposer_resubmits_from_its_page(
    client, proposal, liaison, co, organiser
):
    services.proposal_request_changes(proposal=proposal, by=organiser, note="Shorter title")
    url = reverse("agenda:proposal", args=[proposal.pk])
    client.force_login(co.user)
    page = client.get(url).content.decode()
    assert "Shorter title" in page and "Resubmit the proposal" not in page
    assert client.post(url, {"title": "Hijack"}).status_code == 302  # refused, nothing changed
    proposal.refresh_from_db()
    assert proposal.title == "Electronic evidence across borders"

    client.force_login(liaison.user)
    assert "Resubmit the proposal" in client.get(url).content.decode()
    bad = client.post(url, {"title": "", "expected_attendance": 0})
    assert bad.status_code == 400
    done = client.post(
        url, {"title": "Evidence", "expected_attendance": 40, "co_organisers": [co.delegation_id]}
    )
    assert done.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.title) == (ProposalStatus.SUBMITTED, "Evidence")


def test_decision_page_names_co_organisers_and_has_no_forms_once_decided(
    client, proposal, co, organiser, room
):
    client.force_login(organiser)
    url = reverse("agenda:proposal_decide", args=[proposal.pk])
    page = client.get(url).content.decode()
    assert str(co.delegation) in page and 'value="changes"' in page
    slot = SlotFactory(starts_at=hanoi(26, 12), ends_at=hanoi(26, 13, 15))
    services.proposal_accept(proposal=proposal, by=organiser, slot=slot, room=room)
    decided = client.get(url).content.decode()
    assert 'data-testid="decided"' in decided and 'value="accept"' not in decided
    again = client.post(url, {"action": "decline", "decline-note": "late"})
    assert again.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED


def test_accepted_link_opens_before_the_programme_is_published(client, proposal, liaison, organiser, room):
    slot = SlotFactory(starts_at=hanoi(26, 12), ends_at=hanoi(26, 13, 15))
    services.proposal_accept(proposal=proposal, by=organiser, slot=slot, room=room)
    note = Notification.objects.get(recipient=liaison.user, kind="agenda.proposal_accepted")
    client.force_login(liaison.user)
    page = client.get(note.url)
    assert page.status_code == 200 and 'data-testid="not-published"' in page.content.decode()
    email = OutboundEmail.objects.filter(kind="agenda.proposal_accepted", recipient=liaison.user).get()
    assert note.url in email.body_text
    for kind in ("agenda.proposal_submitted",):
        assert (
            reverse("agenda:proposal_decide", args=[proposal.pk])
            in OutboundEmail.objects.filter(kind=kind).first().body_text
        )
