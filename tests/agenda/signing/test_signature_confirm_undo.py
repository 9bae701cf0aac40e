"""Recording a signature takes an explicit confirmation; a mistaken one can be withdrawn, with the reason audited."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from agenda.signing import services
from agenda.signing.enums import SigningStatus
from agenda.signing.models import Ratification
from delegations.enums import ProtocolRank
from hanoi_ceremony.audit.models import AuditEntry

from .factories import HANOI, SigningEntryFactory

ON_DAY_ONE = datetime.datetime(2025, 10, 25, 10, 40, tzinfo=HANOI)


@pytest.fixture
def confirmed(roster, organiser):
    entry = SigningEntryFactory(roster=roster, signatory__rank=ProtocolRank.HEAD_OF_STATE)
    services.entry_confirm(entry=entry, by=organiser)
    return entry


def test_mark_signed_asks_for_confirmation_first(organiser_client, confirmed):
    url = reverse("signing:entry_signed", kwargs={"pk": confirmed.pk})
    with time_machine.travel(ON_DAY_ONE, tick=False):
        step = organiser_client.get(url)
        refused = organiser_client.post(url, {})
        done = organiser_client.post(url, {"confirm": "on"})

    assert step.status_code == 200 and "I confirm that this party" in step.content.decode()
    assert refused.status_code == 400
    assert done.status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.status == SigningStatus.SIGNED


def test_mistaken_signature_is_withdrawn_with_an_audited_reason(organiser_client, organiser, confirmed):
    with time_machine.travel(ON_DAY_ONE, tick=False):
        services.entry_mark_signed(entry=confirmed, by=organiser)
        without_reason = organiser_client.post(
            reverse("signing:entry_unsign", kwargs={"pk": confirmed.pk}), {}
        )
        response = organiser_client.post(
            reverse("signing:entry_unsign", kwargs={"pk": confirmed.pk}), {"reason": "Wrong row clicked."}
        )

    assert without_reason.status_code == 400
    assert response.status_code == 302
    confirmed.refresh_from_db()
    assert (confirmed.status, confirmed.signed_at, confirmed.place) == (SigningStatus.SCHEDULED, None, "")
    entry = AuditEntry.objects.get(action="signing_entry.signature_withdrawn")
    assert (entry.reason, entry.from_state, entry.to_state) == ("Wrong row clicked.", "signed", "scheduled")
    assert entry.data["signed_at"].startswith("2025-10-25T03:40")


def test_signature_with_a_ratification_cannot_be_withdrawn(organiser, confirmed):
    with time_machine.travel(ON_DAY_ONE, tick=False):
        services.entry_mark_signed(entry=confirmed, by=organiser)
    Ratification.objects.create(delegation=confirmed.delegation, deposited_on=datetime.date(2026, 3, 1))

    with pytest.raises(ValidationError):
        services.entry_undo_signature(entry=confirmed, reason="Oops", by=organiser)


def test_undo_is_for_organisers_only(client, make_user, confirmed, organiser):
    with time_machine.travel(ON_DAY_ONE, tick=False):
        services.entry_mark_signed(entry=confirmed, by=organiser)
    client.force_login(make_user(username="nobody"))

    response = client.post(reverse("signing:entry_unsign", kwargs={"pk": confirmed.pk}), {"reason": "x"})

    assert response.status_code in (403, 404)
    confirmed.refresh_from_db()
    assert confirmed.status == SigningStatus.SIGNED
