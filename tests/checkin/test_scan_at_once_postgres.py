"""Real PostgreSQL: a device's scan decided on the badge's signed facts and the list's rules as last read,
read and written in one statement, and written only when the database holds exactly those facts
(delegations/checkin/services/redeem.py, "the gate scan in one statement")."""

import datetime
import json
import uuid

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from delegations.checkin import services
from delegations.checkin.models import CheckinList, Presence, Scan
from delegations.checkin.services import redeem as redeem_module
from tests.checkin.conftest import nonce

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def scan(token, lst, text, *, key=None, direction="entry"):
    return services.scan_redeem(
        token=token,
        list_id=lst.pk,
        direction=direction,
        nonce=key or nonce(),
        device_time=timezone.now(),
        text=text,
    )


@pytest.fixture
def known(paired, hall, make_badge, credential):
    """The hall's rules read by this process (a first scan), as at a gate after its first badges."""
    _, token = paired
    for _ in range(2):  # the second scan prepares the one statement on this connection
        assert scan(token, hall, credential(make_badge("DEL"))).accepted
    assert hall.pk in redeem_module._RULES_SEEN
    return token


@pytest.mark.django_db(transaction=True)  # autocommit, as a request runs: no savepoint around the statement
def test_a_first_entry_is_one_statement_once_the_list_is_known(known, paired, hall, make_badge, credential):
    device, _ = paired
    badge = make_badge("DEL")
    text = credential(badge)

    with CaptureQueriesContext(connection) as queries:
        outcome = scan(known, hall, text)

    assert len(queries.captured_queries) == 1
    assert outcome.accepted and not outcome.duplicate
    assert outcome.holder.serial == badge.serial
    stored = Scan.objects.get(pk=outcome.scan.pk)
    assert (stored.gate_id, stored.device_id, stored.checkin_list_id, stored.badge_id) == (
        device.gate_id,
        device.pk,
        hall.pk,
        badge.pk,
    )
    assert (stored.badge_serial, stored.direction, stored.result, stored.reason, stored.offline) == (
        badge.serial,
        "entry",
        "accepted",
        "",
        False,
    )
    presence = Presence.objects.get(checkin_list=hall, badge=badge)
    assert (presence.inside, presence.entries, presence.last_gate_id) == (True, 1, device.gate_id)


def test_a_badge_revoked_since_it_was_printed_is_refused(known, hall, make_badge, credential, officer):
    from delegations.accreditation.services.badges import badge_revoke

    badge = make_badge("DEL")
    text = credential(badge)
    badge_revoke(badge=badge, by=officer, reason="lost")

    outcome = scan(known, hall, text)

    assert (outcome.scan.result, outcome.scan.reason) == ("rejected", "revoked")
    assert not Presence.objects.filter(badge=badge).exists()


def test_zones_taken_away_since_printing_are_judged_as_stored(known, hall, make_badge, credential):
    """Printed with the hall's zone (a media badge the hall admits by zone only), the zone removed since."""
    badge = make_badge("MED", zones=["PLEN"])
    text = credential(badge)
    type(badge).objects.filter(pk=badge.pk).update(zone_codes=[])

    outcome = scan(known, hall, text)

    assert (outcome.scan.result, outcome.scan.reason) == ("rejected", "wrong_zone")
    assert not Presence.objects.filter(badge=badge).exists()


def test_a_list_changed_since_it_was_read_is_judged_as_stored(known, hall, make_badge, credential):
    """Even a change made behind the services' back (no new rules version): the stored rules decide."""
    CheckinList.objects.filter(pk=hall.pk).update(categories=["HOD"], zone="")

    first = scan(known, hall, credential(make_badge("DEL")))
    second = scan(known, hall, credential(make_badge("DEL")))
    head = scan(known, hall, credential(make_badge("HOD")))

    assert (first.scan.reason, second.scan.reason) == ("wrong_zone", "wrong_zone")
    assert redeem_module._RULES_SEEN[hall.pk].categories == frozenset({"HOD"})
    assert head.accepted


def test_a_closed_list_window_refuses(known, hall, make_badge, credential):
    CheckinList.objects.filter(pk=hall.pk).update(valid_until=timezone.now() - datetime.timedelta(minutes=1))

    outcome = scan(known, hall, credential(make_badge("DEL")))

    assert (outcome.scan.result, outcome.scan.reason) == ("rejected", "outside_window")


def test_a_badge_valid_from_less_than_a_second_ago_is_let_in(known, hall, make_badge, credential):
    """The QR states its window in whole seconds; the assumed window is narrowed, never widened, so a
    badge whose stored window has just opened goes the two-step way and is accepted there."""
    badge = make_badge("DEL", valid_from=timezone.now() - datetime.timedelta(milliseconds=300))

    outcome = scan(known, hall, credential(badge))

    assert outcome.accepted


def test_the_assumed_window_lies_inside_the_stored_one(make_badge):
    from delegations.accreditation.credentials import badge_payload

    start = timezone.now().replace(microsecond=999_999)
    badge = make_badge("DEL", valid_from=start, valid_until=start + datetime.timedelta(hours=2))

    assumed = redeem_module._badge_as_printed(badge_payload(badge, kid="k"))

    assert badge.valid_from <= assumed.valid_from
    assert assumed.valid_until <= badge.valid_until


def test_already_inside_and_a_replayed_nonce(known, hall, make_badge, credential):
    badge = make_badge("DEL")
    text = credential(badge)
    key = nonce()

    first = scan(known, hall, text, key=key)
    replay = scan(known, hall, text, key=key)
    again = scan(known, hall, text)

    assert first.accepted
    assert (replay.duplicate, replay.scan.pk) == (True, first.scan.pk)
    assert (again.scan.result, again.scan.reason) == ("rejected", "already_inside")
    assert Presence.objects.get(badge=badge).entries == 1


def test_a_nonce_used_before_for_another_badge_stores_nothing_new(known, hall, make_badge, credential):
    key = nonce()
    first = scan(known, hall, credential(make_badge("DEL")), key=key)
    other = make_badge("DEL")

    replay = scan(known, hall, credential(other), key=key)

    assert (replay.duplicate, replay.scan.pk) == (True, first.scan.pk)
    assert not Presence.objects.filter(badge=other).exists()
    assert Scan.objects.filter(nonce=key).count() == 1


def test_a_revoked_device_is_refused_at_once(known, paired, hall, make_badge, credential, officer):
    from hanoi_ceremony.core.errors import Unauthorized

    device, _ = paired
    services.device_revoke(device=device, by=officer)

    with pytest.raises(Unauthorized):
        scan(known, hall, credential(make_badge("DEL")))


def test_through_the_api(client, known, hall, make_badge, credential):
    badge = make_badge("DEL")
    body = {"list_id": hall.pk, "nonce": nonce(), "text": credential(badge)}

    response = client.post(
        "/api/checkin/redeem",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {known}",
    )

    answer = response.json()
    assert response.status_code == 200
    assert (answer["result"], answer["holder"]["badge_id"], answer["nonce"]) == (
        "accepted",
        badge.pk,
        body["nonce"],
    )
    assert answer["scan_id"] == Scan.objects.get(nonce=body["nonce"]).pk


@pytest.mark.django_db(transaction=True)
def test_four_devices_scanning_the_same_badges_let_each_in_once(
    ceremony, officer, categories, hall, credential
):
    from delegations.accreditation.credentials import signing_key_active
    from tests.checkin.test_concurrency_postgres import _badges, _paired, _run_gates

    badges = _badges(150, categories["DEL"])
    key = signing_key_active()
    texts = [credential(b, key=key) for b in badges]
    tokens = [token for _, token in _paired(officer, [hall], 4)]

    def gate_worker(token):
        for text in texts:
            scan(token, hall, text, key=uuid.uuid4().hex)

    errors = _run_gates(tokens, gate_worker)

    assert errors == []
    accepted = Scan.objects.filter(result="accepted").values("badge_id").annotate(n=Count("id"))
    assert sorted(row["n"] for row in accepted) == [1] * len(badges)
    assert Scan.objects.filter(reason="already_inside").count() == 3 * len(badges)
    assert set(Presence.objects.values_list("entries", flat=True)) == {1}
