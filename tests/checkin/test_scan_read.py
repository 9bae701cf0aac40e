"""The scan's one hand-written read (list rules + badge + holder card) gives what the ORM gives."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from delegations.checkin import badges
from delegations.checkin.rules import ListRules
from delegations.checkin.services.redeem import _read
from hanoi_ceremony.core.errors import NotFound

from .conftest import nonce

pytestmark = pytest.mark.django_db


def _orm_card(badge_id):
    return badges.holder(badges.badges_with_holder().get(pk=badge_id))


def test_member_card_and_facts_match_the_orm_in_each_language(gate, hall, make_badge, categories):
    categories["DEL"].name_vi = "Đại biểu"
    categories["DEL"].save()
    badge = make_badge("DEL", zones=("PLEN",))
    badge.accreditation.member.capacity = "head"
    badge.accreditation.member.save()
    for language in ("en", "vi", "fr"):
        with translation.override(language):
            rules, facts, card = _read(gate_id=gate.pk, list_id=hall.pk, badge_id=badge.pk)
            assert card == _orm_card(badge.pk)
    with translation.override("vi"):
        _, _, card = _read(gate_id=gate.pk, list_id=hall.pk, badge_id=badge.pk)
        assert card.category == "Đại biểu"
        assert card.delegation == badge.accreditation.delegation.display_name
    with translation.override("fr"):
        assert (
            _read(gate_id=gate.pk, list_id=hall.pk, badge_id=badge.pk)[2].category == "Delegate"
        )  # fallback
    assert card.is_head and card.has_photo
    assert card.name.endswith(badge.accreditation.member.family_name.upper())
    assert rules == ListRules.of(hall)
    assert facts == badges.facts(badge)
    assert isinstance(facts.valid_from, datetime.datetime) and timezone.is_aware(facts.valid_from)
    assert facts.zones == frozenset({"PLEN"})
    with translation.override("vi"):
        by_serial = _read(gate_id=gate.pk, list_id=hall.pk, serial=badge.serial)
    assert by_serial[1:] == (facts, card)


def test_media_card_names_the_outlet(gate, hall, make_badge, categories):
    from delegations.accreditation.models import MediaApplication

    media = MediaApplication.objects.create(
        family_name="Tran",
        given_names="Mai",
        nationality="VNM",
        passport_number="M1234567",
        passport_expiry=datetime.date(2031, 1, 1),
        email="mai@example.org",
        outlet="Vietnam News Agency",
        outlet_country="VNM",
        role="journalist",
        press_card_number="PC-1",
    )
    badge = make_badge("MED")
    accreditation = badge.accreditation
    member = accreditation.member
    accreditation.kind, accreditation.member, accreditation.media, accreditation.delegation = (
        "media",
        None,
        media,
        None,
    )
    accreditation.save()
    member.delete()
    _, _, card = _read(gate_id=gate.pk, list_id=hall.pk, badge_id=badge.pk)
    assert card == _orm_card(badge.pk)
    assert card.delegation == "Vietnam News Agency"
    assert card.name == "Mai TRAN" and not card.has_photo and not card.is_head


def test_badge_without_accreditation_reads_without_a_person(gate, hall, make_badge):
    badge = make_badge(
        "DEL", state="revoked", revoked_at=timezone.now(), revoked_reason="lost", revocation_version=1
    )
    type(badge).objects.filter(pk=badge.pk).update(accreditation=None)
    _, facts, card = _read(gate_id=gate.pk, list_id=hall.pk, badge_id=badge.pk)
    assert facts.state == "revoked"
    assert card.name == "" and card.delegation == "" and not card.has_photo


def test_unknown_badge_and_foreign_list(gate, hall, make_badge, officer):
    from delegations.checkin.models import CheckinList
    from delegations.checkin.services import checkin_list_save

    rules, facts, card = _read(gate_id=gate.pk, list_id=hall.pk, badge_id=0)
    assert rules.id == hall.pk and facts is None and card is None
    other = checkin_list_save(checkin_list=CheckinList(name="Lounge", code="lounge", zone="VIP"), by=officer)
    with pytest.raises(NotFound):
        _read(gate_id=gate.pk, list_id=other.pk, badge_id=0)
    hall.is_active = False
    hall.save()
    with pytest.raises(NotFound):
        _read(gate_id=gate.pk, list_id=hall.pk, badge_id=0)


@pytest.mark.postgres
def test_a_first_entry_costs_two_statements_then_one_on_postgresql(
    client, paired, hall, make_badge, credential
):
    """The device check with the scan's read, then the write; once the process knows the list's rules, both
    in one statement. The same at every data size (the PREPAREs come once per connection)."""
    import json

    from delegations.checkin.services import redeem

    redeem._RULES_SEEN.clear()
    _, token = paired
    badges = [make_badge("DEL") for _ in range(3)]
    texts = {badge.pk: credential(badge) for badge in badges}

    def scan(badge):
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(
                "/api/checkin/redeem",
                json.dumps({"list_id": hall.pk, "nonce": nonce(), "text": texts[badge.pk]}),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )
        assert response.json()["result"] == "accepted"
        # The test's own transaction adds savepoints; a gate's request runs in autocommit.
        return [
            q["sql"].split()[1].rsplit("_", 1)[0]
            for q in ctx.captured_queries
            if q["sql"].startswith("EXECUTE")
        ]

    assert scan(badges[0]) == ["hc_device_scan_read_id", "hc_first_entry"]
    assert scan(badges[1]) == ["hc_device_scan_enter"]
    assert scan(badges[2]) == ["hc_device_scan_enter"]


def test_the_scan_read_checks_the_device_token(client, paired, hall, make_badge, credential, officer):
    """Through the API the device is checked in the scan's own read: a revoked device, a closed gate or an
    unknown token answer 401 before anything is recorded; another gate's list 404."""
    import json

    from delegations.checkin.models import CheckinList, Scan
    from delegations.checkin.services import checkin_list_save, device_create, device_pair, device_revoke

    device, token = paired
    text = credential(make_badge("DEL"))

    def scan(with_token, list_id=None):
        return client.post(
            "/api/checkin/redeem",
            json.dumps({"list_id": list_id or hall.pk, "nonce": nonce(), "text": text}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {with_token}",
        )

    other = checkin_list_save(checkin_list=CheckinList(name="Lounge", code="lounge", zone="VIP"), by=officer)
    assert scan(token, other.pk).status_code == 404
    assert scan("hcd_" + "x" * 43).status_code == 401
    assert scan("not-a-device-token").status_code == 401
    second, code = device_create(gate=device.gate, name="Phone 2", by=officer)
    _, second_token = device_pair(code=code)
    gate = device.gate
    gate.is_active = False
    gate.save()
    assert scan(token).status_code == 401
    gate.is_active = True
    gate.save()
    device_revoke(device=device, by=officer)
    assert scan(token).status_code == 401
    assert Scan.objects.count() == 0
    response = scan(second_token)
    assert response.status_code == 200 and response.json()["result"] == "accepted"
    assert Scan.objects.get().device_id == second.pk
