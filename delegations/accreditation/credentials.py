"""The badge's QR code is a signed credential, not a database id (in the spirit of pretix's signed
ticket secrets): a scanner verifies it offline with the published public keys.

Format (the gate scanner's WebCrypto code relies on it byte for byte)::

    QR text       = "HC1:" + b64url(payload_bytes) + "." + b64url(signature)      (b64url: no padding)
    payload_bytes = UTF-8 JSON, keys sorted, separators (",", ":"), of
                    {"v": 1, "kid": str, "bid": int, "sn": int, "cat": str, "z": [str, ...],
                     "nbf": int, "exp": int}                                        (unix seconds)
    signature     = Ed25519 over payload_bytes

No personal data is in the payload. Keys: one active key per ceremony signs; on rotation the old key
becomes "retiring" and still verifies until it is retired. Private keys are stored encrypted (AES-GCM
with a key derived from SECRET_KEY by HKDF, the key id as associated data) and never leave the server.
"""

import base64
import binascii
import json
import re
import secrets
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.core.errors import Conflict, Invalid
from hanoi_ceremony.core.transitions import record_change, transition

from .enums import KEY_MACHINE, KeyState
from .models import SigningKey

PREFIX = "HC1:"
VERSION = 1
ALG = "Ed25519"
PAYLOAD_FIELDS = {"v": int, "kid": str, "bid": int, "sn": int, "cat": str, "z": list, "nbf": int, "exp": int}
REASONS = ("malformed", "unknown_key", "retired_key", "bad_signature")
MAX_QR_LENGTH = 2048


class CredentialInvalid(Exception):
    """A QR text that does not verify. `reason` is one of REASONS."""

    def __init__(self, reason: str):
        assert reason in REASONS, reason
        super().__init__(reason)
        self.reason = reason


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


_B64URL = re.compile(r"[A-Za-z0-9_-]+")


def b64url_decode(text: str) -> bytes:
    if not _B64URL.fullmatch(text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def payload_bytes(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


# --- private key storage -----------------------------------------------------------------------------


def _storage_key() -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"hanoi-ceremony/accreditation", info=b"badge-signing-key"
    ).derive(settings.SECRET_KEY.encode("utf-8"))


def _encrypt_private(raw: bytes, *, kid: str) -> str:
    nonce = secrets.token_bytes(12)
    return b64url(nonce + AESGCM(_storage_key()).encrypt(nonce, raw, kid.encode("utf-8")))


@lru_cache(maxsize=16)
def _private_key(kid: str, encrypted: str) -> Ed25519PrivateKey:
    blob = b64url_decode(encrypted)
    raw = AESGCM(_storage_key()).decrypt(blob[:12], blob[12:], kid.encode("utf-8"))
    return Ed25519PrivateKey.from_private_bytes(raw)


@lru_cache(maxsize=64)
def _public_key(public_key_b64: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(b64url_decode(public_key_b64))


# --- keys --------------------------------------------------------------------------------------------


def _new_key_row(*, ceremony) -> SigningKey:
    private = Ed25519PrivateKey.generate()
    raw_private = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    raw_public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    kid = f"k{timezone.now():%Y%m%d}-{secrets.token_hex(3)}"
    return SigningKey(
        ceremony=ceremony,
        kid=kid,
        public_key=b64url(raw_public),
        private_key_encrypted=_encrypt_private(raw_private, kid=kid),
        state=KeyState.ACTIVE,
    )


def signing_key_active(*, create: bool = True) -> SigningKey | None:
    """The ceremony's active key; the first call creates one (system action) when `create`."""
    from hanoi_ceremony.core.selectors import ceremony_get

    ceremony = ceremony_get()
    if ceremony is None:
        return None
    key = SigningKey.objects.filter(ceremony_id=ceremony.pk, state=KeyState.ACTIVE).first()
    if key is None and create:
        try:
            with transaction.atomic():
                key = record_change(
                    _new_key_row(ceremony=ceremony),
                    by=None,
                    action="signingkey.created",
                    created=True,
                    reconcile=False,
                )
        except IntegrityError:  # another process created it meanwhile
            key = SigningKey.objects.get(ceremony_id=ceremony.pk, state=KeyState.ACTIVE)
    return key


def signing_key_rotate(*, by) -> SigningKey:
    """A new active key; the old active key becomes "retiring" (it still verifies the badges it signed).

    Side effects: audit entries for both keys."""
    from hanoi_ceremony.core.models import Ceremony

    from .services._common import check_officer_or_organiser

    check_officer_or_organiser(by)
    from hanoi_ceremony.core.selectors import ceremony_get

    ceremony = ceremony_get()
    if ceremony is None:
        raise Invalid(_("Set up the ceremony first."))
    with transaction.atomic():
        Ceremony.objects.select_for_update(of=("self",)).get(pk=ceremony.pk)
        old = (
            SigningKey.objects.select_for_update(of=("self",))
            .filter(ceremony_id=ceremony.pk, state=KeyState.ACTIVE)
            .first()
        )
        if old is not None:
            old.retiring_at = timezone.now()
            transition(
                old,
                machine=KEY_MACHINE,
                to=KeyState.RETIRING,
                by=by,
                action="signingkey.retiring",
                fields=("retiring_at",),
            )
        return record_change(
            _new_key_row(ceremony=ceremony), by=by, action="signingkey.created", created=True, reconcile=False
        )


def signing_key_retire(*, key: SigningKey, by, expected: str | None = None) -> SigningKey:
    """Stop a key from verifying. The active key cannot be retired without a successor (rotate first).

    Side effects: audit entry. Badges signed with it no longer verify: reprint them."""
    from .services._common import check_officer_or_organiser

    check_officer_or_organiser(by)
    with transaction.atomic():
        key = SigningKey.objects.select_for_update(of=("self",)).get(pk=key.pk)
        if key.state == KeyState.ACTIVE:
            raise Conflict(
                _("This key signs new badges: rotate to a new key before retiring it."), code="active"
            )
        key.retired_at = timezone.now()
        transition(
            key,
            machine=KEY_MACHINE,
            to=KeyState.RETIRED,
            by=by,
            action="signingkey.retired",
            expected=expected,
            fields=("retired_at",),
        )
    return key


def published_keys() -> dict:
    """What `/accreditation/keys.json` serves: every key that still verifies, and the retired ones marked."""
    return {
        "keys": [
            {"kid": k.kid, "alg": ALG, "public_key": k.public_key, "status": k.state}
            for k in SigningKey.objects.order_by("created_at", "id").only("kid", "public_key", "state")
        ]
    }


# --- credentials -------------------------------------------------------------------------------------


def badge_payload(badge, *, kid: str) -> dict:
    return {
        "v": VERSION,
        "kid": kid,
        "bid": int(badge.pk),
        "sn": int(badge.serial),
        "cat": str(badge.category_code),
        "z": [str(z) for z in badge.zone_codes],
        "nbf": int(badge.valid_from.timestamp()),
        "exp": int(badge.valid_until.timestamp()),
    }


def badge_credential(badge, *, key: SigningKey | None = None) -> str:
    """The QR text for `badge`, signed with the active key (or `key`, for bulk rendering)."""
    key = key or signing_key_active()
    if key is None:
        raise Invalid(_("Set up the ceremony first."))
    body = payload_bytes(badge_payload(badge, kid=key.kid))
    signature = _private_key(key.kid, key.private_key_encrypted).sign(body)
    return f"{PREFIX}{b64url(body)}.{b64url(signature)}"


def credential_parse(text: str) -> tuple[dict, bytes, bytes]:
    """(payload, payload_bytes, signature) of a QR text, checking only its shape."""
    if not isinstance(text, str) or len(text) > MAX_QR_LENGTH or not text.startswith(PREFIX):
        raise CredentialInvalid("malformed")
    parts = text[len(PREFIX) :].split(".")
    if len(parts) != 2:
        raise CredentialInvalid("malformed")
    try:
        body, signature = b64url_decode(parts[0]), b64url_decode(parts[1])
        payload = json.loads(body.decode("utf-8"))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise CredentialInvalid("malformed") from None
    if not isinstance(payload, dict) or set(payload) != set(PAYLOAD_FIELDS) or len(signature) != 64:
        raise CredentialInvalid("malformed")
    for name, kind in PAYLOAD_FIELDS.items():
        value = payload[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise CredentialInvalid("malformed")
    if payload["v"] != VERSION or not all(isinstance(z, str) for z in payload["z"]):
        raise CredentialInvalid("malformed")
    return payload, body, signature


def credential_verify(text: str) -> dict:
    """The payload of a QR text whose signature verifies with a published, unretired key.

    Raises ``CredentialInvalid`` with reason "malformed", "unknown_key", "retired_key" or "bad_signature".
    Validity window and revocation are the scanner's checks (the payload carries nbf/exp and sn)."""
    payload, body, signature = credential_parse(text)
    key = SigningKey.objects.filter(kid=payload["kid"]).only("kid", "public_key", "state").first()
    if key is None:
        raise CredentialInvalid("unknown_key")
    if key.state == KeyState.RETIRED:
        raise CredentialInvalid("retired_key")
    try:
        _public_key(key.public_key).verify(signature, body)
    except InvalidSignature:
        raise CredentialInvalid("bad_signature") from None
    return payload
