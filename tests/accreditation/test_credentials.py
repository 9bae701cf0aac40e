import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db import IntegrityError, transaction

from delegations.accreditation import credentials
from delegations.accreditation.credentials import CredentialInvalid, badge_credential, credential_verify
from delegations.accreditation.enums import KeyState
from delegations.accreditation.models import SigningKey
from tests.accreditation.factories import BadgeFactory

pytestmark = pytest.mark.django_db


def _b64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@pytest.fixture
def badge(ceremony):
    return BadgeFactory(zone_codes=["P", "SR"])


def test_credential_format_is_exactly_the_published_one(badge):
    text = badge_credential(badge)
    assert text.startswith("HC1:") and "=" not in text
    body_b64, sig_b64 = text[4:].split(".")
    body = _b64(body_b64)
    payload = json.loads(body)
    key = SigningKey.objects.get(state=KeyState.ACTIVE)
    assert payload == {
        "v": 1,
        "kid": key.kid,
        "bid": badge.pk,
        "sn": badge.serial,
        "cat": badge.category_code,
        "z": ["P", "SR"],
        "nbf": int(badge.valid_from.timestamp()),
        "exp": int(badge.valid_until.timestamp()),
    }
    assert body == json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    # Verifiable with nothing but the published raw public key (what a scanner does).
    published = credentials.published_keys()["keys"][0]
    assert published == {"kid": key.kid, "alg": "Ed25519", "public_key": key.public_key, "status": "active"}
    Ed25519PublicKey.from_public_bytes(_b64(published["public_key"])).verify(_b64(sig_b64), body)
    assert credential_verify(text) == payload


def test_credential_holds_no_personal_data(badge):
    text = badge_credential(badge)
    body = _b64(text[4:].split(".")[0]).decode()
    member = badge.accreditation.member
    assert member.family_name not in body and member.passport_number not in body


def test_altered_payload_is_refused(badge):
    text = badge_credential(badge)
    body_b64, sig_b64 = text[4:].split(".")
    payload = json.loads(_b64(body_b64))
    payload["z"] = ["P", "SR", "VIP"]
    forged = "HC1:" + credentials.b64url(credentials.payload_bytes(payload)) + "." + sig_b64
    with pytest.raises(CredentialInvalid) as exc:
        credential_verify(forged)
    assert exc.value.reason == "bad_signature"


@pytest.mark.parametrize(
    "text",
    ["", "HC1:", "HC2:abc.def", "HC1:abc", "HC1:a.b.c", "HC1:!!!.abc", "HC1:e30.AAAA", "not a credential"],
)
def test_malformed_texts_are_refused(ceremony, text):
    with pytest.raises(CredentialInvalid) as exc:
        credential_verify(text)
    assert exc.value.reason == "malformed"


def test_payload_with_wrong_types_is_malformed(badge):
    text = badge_credential(badge)
    body_b64, sig_b64 = text[4:].split(".")
    payload = json.loads(_b64(body_b64))
    payload["sn"] = str(payload["sn"])
    bad = "HC1:" + credentials.b64url(credentials.payload_bytes(payload)) + "." + sig_b64
    with pytest.raises(CredentialInvalid) as exc:
        credential_verify(bad)
    assert exc.value.reason == "malformed"


def test_foreign_key_is_unknown(badge):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    payload = credentials.badge_payload(badge, kid="forger")
    body = credentials.payload_bytes(payload)
    forged = (
        "HC1:" + credentials.b64url(body) + "." + credentials.b64url(Ed25519PrivateKey.generate().sign(body))
    )
    with pytest.raises(CredentialInvalid) as exc:
        credential_verify(forged)
    assert exc.value.reason == "unknown_key"


def test_rotation_keeps_old_badges_verifying_until_retired(badge, organiser):
    old_text = badge_credential(badge)
    old_key = SigningKey.objects.get(state=KeyState.ACTIVE)
    new_key = credentials.signing_key_rotate(by=organiser)
    old_key.refresh_from_db()
    assert (old_key.state, new_key.state) == (KeyState.RETIRING, KeyState.ACTIVE)
    new_text = badge_credential(badge)
    assert credential_verify(new_text)["kid"] == new_key.kid
    assert credential_verify(old_text)["kid"] == old_key.kid
    credentials.signing_key_retire(key=old_key, by=organiser)
    with pytest.raises(CredentialInvalid) as exc:
        credential_verify(old_text)
    assert exc.value.reason == "retired_key"
    assert credential_verify(new_text)["sn"] == badge.serial
    statuses = {k["kid"]: k["status"] for k in credentials.published_keys()["keys"]}
    assert statuses == {old_key.kid: "retired", new_key.kid: "active"}


def test_active_key_cannot_be_retired(badge, organiser):
    key = credentials.signing_key_active()
    from hanoi_ceremony.core.errors import Conflict

    with pytest.raises(Conflict):
        credentials.signing_key_retire(key=key, by=organiser)


def test_database_refuses_two_active_keys(ceremony):
    key = credentials.signing_key_active()
    duplicate = credentials._new_key_row(ceremony=ceremony)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    assert SigningKey.objects.filter(state=KeyState.ACTIVE).get() == key


def test_private_key_is_encrypted_at_rest(ceremony, settings):
    key = credentials.signing_key_active()
    raw = credentials._private_key(key.kid, key.private_key_encrypted).private_bytes_raw()
    assert credentials.b64url(raw) not in key.private_key_encrypted
    credentials._private_key.cache_clear()
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    from cryptography.exceptions import InvalidTag

    with pytest.raises(InvalidTag):
        credentials._private_key(key.kid, key.private_key_encrypted)
    credentials._private_key.cache_clear()


def test_keys_json_publishes_the_public_keys(client, badge):
    key = credentials.signing_key_active()
    response = client.get("/accreditation/keys.json")
    assert response.status_code == 200
    assert response.json() == {
        "keys": [{"kid": key.kid, "alg": "Ed25519", "public_key": key.public_key, "status": "active"}]
    }
    assert "private" not in response.content.decode()
    assert response["Access-Control-Allow-Origin"] == "*"
    again = client.get("/accreditation/keys.json", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again["Access-Control-Allow-Origin"] == "*"


def test_keys_json_follows_every_rotation_and_retirement(client, badge, organiser):
    from hanoi_ceremony.core.pagecache import forget_local

    old_key = credentials.signing_key_active()
    first = client.get("/accreditation/keys.json")

    new_key = credentials.signing_key_rotate(by=organiser)
    forget_local()  # another process's memory: only the version may tell it
    rotated = client.get("/accreditation/keys.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert rotated.status_code == 200
    assert {k["kid"]: k["status"] for k in rotated.json()["keys"]} == {
        old_key.kid: "retiring",
        new_key.kid: "active",
    }

    credentials.signing_key_retire(key=old_key, by=organiser)
    retired = client.get("/accreditation/keys.json")
    assert {k["kid"]: k["status"] for k in retired.json()["keys"]}[old_key.kid] == "retired"
