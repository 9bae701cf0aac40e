import datetime
import json

import pytest
from django.utils import timezone

from delegations.checkin import services
from delegations.checkin.models import Scan
from tests.checkin.conftest import nonce

pytestmark = pytest.mark.django_db


def post(client, path, body, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post(
        f"/api/checkin/{path}", data=json.dumps(body), content_type="application/json", **headers
    )


def get(client, path, token):
    return client.get(f"/api/checkin/{path}", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_pair_returns_a_token_that_works_and_a_second_pairing_fails(client, gate, officer):
    _, code = services.device_create(gate=gate, name="Tablet", by=officer)
    first = post(client, "pair", {"code": code})
    second = post(client, "pair", {"code": code})
    token = first.json()["token"]
    assert first.status_code == 200
    assert [lst["code"] for lst in first.json()["device"]["lists"]] == ["plenary", "signing"]
    assert second.status_code == 400
    assert "code" in second.json()["fields"]
    assert get(client, "device", token).status_code == 200


def test_redeem_approved_then_already_inside_with_holder(client, paired, hall, make_badge, credential):
    _, token = paired
    badge = make_badge("DEL")
    body = {"list_id": hall.pk, "nonce": nonce(), "text": credential(badge)}
    first = post(client, "redeem", body, token).json()
    second = post(client, "redeem", {**body, "nonce": nonce()}, token).json()
    assert (first["result"], first["reason"], first["holder"]["serial"]) == ("accepted", "", badge.serial)
    assert first["holder"]["photo_url"] == f"/api/checkin/photos/{badge.pk}"
    assert (second["result"], second["reason"], second["reason_label"]) == (
        "rejected",
        "already_inside",
        "Already inside",
    )


def test_photo_is_served_to_the_gate_only_for_admitted_badges(client, paired, make_badge):
    _, token = paired
    admitted = make_badge("DEL")
    media = make_badge("MED")
    ok = get(client, f"photos/{admitted.pk}", token)
    assert (ok.status_code, ok["Content-Type"]) == (200, "image/jpeg")
    assert get(client, f"photos/{media.pk}", token).status_code == 404


def test_no_token_or_revoked_token_is_401(client, paired, hall, officer):
    device, token = paired
    body = {"list_id": hall.pk, "nonce": nonce(), "serial": 1}
    assert post(client, "redeem", body).status_code == 401
    services.device_revoke(device=device, by=officer)
    assert post(client, "redeem", body, token).status_code == 401


def test_bad_body_is_422_and_foreign_list_is_404(client, paired, make_badge, officer):
    from delegations.checkin.models import CheckinList

    _, token = paired
    other = services.checkin_list_save(
        checkin_list=CheckinList(name="VIP", code="vip", categories=["HOD"]), by=officer
    )
    assert post(client, "redeem", {"list_id": "x", "nonce": nonce()}, token).status_code == 422
    assert (
        post(client, "redeem", {"list_id": other.pk, "nonce": nonce(), "serial": 5}, token).status_code == 404
    )
    assert Scan.objects.count() == 0


def test_upload_twice_stores_once(client, paired, hall, make_badge, credential):
    _, token = paired
    when = (timezone.now() - datetime.timedelta(minutes=3)).isoformat()
    scans = [
        {
            "list_id": hall.pk,
            "nonce": nonce(),
            "device_time": when,
            "text": credential(make_badge("DEL")),
            "device_result": "accepted",
        }
        for _ in range(3)
    ]
    first = post(client, "scans", {"scans": scans}, token).json()
    again = post(client, "scans", {"scans": scans}, token).json()
    assert (first["stored"], first["accepted"], first["duplicates"]) == (3, 3, 0)
    assert (again["stored"], again["duplicates"]) == (0, 3)
    assert Scan.objects.filter(offline=True).count() == 3


def test_sync_gives_rules_revocations_keys_and_people_when_allowed(
    client, paired, gate, make_badge, credential, officer
):
    _, token = paired
    badge = make_badge("DEL")
    credential(badge)  # creates the signing key
    gone = make_badge("DEL")
    from delegations.accreditation.models import Counter

    Counter.objects.update_or_create(name="revocation", defaults={"value": 7})
    type(gone).objects.filter(pk=gone.pk).update(
        state="revoked", revoked_at=timezone.now(), revoked_reason="lost", revocation_version=7
    )
    data = get(client, "sync", token).json()
    assert data["revoked_serials"] == [gone.serial]
    assert data["revocation_version"] == 7
    assert [k["alg"] for k in data["keys"]] == ["Ed25519"]
    assert sorted(data["list_ids"]) == sorted(lst.pk for lst in gate.lists.all())
    assert data["people"] is None
    gate.offline_people = True
    gate.save()
    later = get(
        client, f"sync?rules_since={data['rules_version']}&revocations_since=7&people=true", token
    ).json()
    assert (later["lists"], later["revoked_serials"]) == ([], [])
    assert [p["serial"] for p in later["people"]] == [badge.serial]
    assert later["people"][0]["photo"].startswith("data:image/jpeg;base64,")


def test_list_status(client, paired, hall, make_badge, credential):
    _, token = paired
    post(
        client, "redeem", {"list_id": hall.pk, "nonce": nonce(), "text": credential(make_badge("DEL"))}, token
    )
    post(client, "redeem", {"list_id": hall.pk, "nonce": nonce(), "text": "junk"}, token)
    status = get(client, f"lists/{hall.pk}/status", token).json()
    assert (status["inside_now"], status["entries_today"], status["rejected_today"]) == (1, 1, 1)


def test_openapi_schema_and_docs_page(client):
    schema = client.get("/api/openapi.json").json()
    docs = client.get("/api/docs")
    assert "/api/checkin/redeem" in schema["paths"]
    assert docs.status_code == 200
    assert b"<script>" not in docs.content  # no inline script: strict CSP
