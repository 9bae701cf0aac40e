"""Everything check-in needs from accreditation (its badges, keys and revocation list), in one module, so
the rest of the app speaks only of `BadgeFacts` and holder cards."""

import threading
import time
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from .rules import BadgeFacts

# How a credential refusal reads at the gate. A retired key no longer vouches for what it signed: the
# badge was withdrawn, so the guard reads "revoked"; an unknown key or a bad signature is a forgery.
CREDENTIAL_REASONS = {
    "malformed": "unknown",
    "unknown_key": "forged",
    "bad_signature": "forged",
    "retired_key": "revoked",
}


def badge_model():
    from delegations.accreditation.models import Badge

    return Badge


KEY_CACHE_SECONDS = 5.0
_keys: dict = {"at": -1e9, "by_kid": {}}
_key_lock = threading.Lock()


def _key_of(kid: str):
    """(state, public key) of a signing key, from a per-process copy of the key table at most
    KEY_CACHE_SECONDS old (a kid not in the copy reloads it): one query fewer on every scan. A key retired
    meanwhile is refused within those seconds."""
    from delegations.accreditation.models import SigningKey

    now = time.monotonic()
    with _key_lock:
        fresh = now - _keys["at"] < KEY_CACHE_SECONDS
        if fresh and kid in _keys["by_kid"]:
            return _keys["by_kid"][kid]
    rows = {k.kid: (k.state, k.public_key) for k in SigningKey.objects.only("kid", "state", "public_key")}
    with _key_lock:
        _keys.update(at=now, by_kid=rows)
    return rows.get(kid)


def forget_keys() -> None:
    with _key_lock:
        _keys.update(at=-1e9, by_kid={})


@lru_cache(maxsize=64)
def _public(public_key_b64: str) -> Ed25519PublicKey:
    from delegations.accreditation.credentials import b64url_decode

    return Ed25519PublicKey.from_public_bytes(b64url_decode(public_key_b64))


def verify(text: str) -> tuple[dict | None, str]:
    """(payload, "") for a QR text that verifies, else (None, reason). The same checks as accreditation's
    `credential_verify` (shape, known and unretired key, Ed25519 signature), with the key table memoised."""
    from delegations.accreditation.credentials import CredentialInvalid, credential_parse

    try:
        payload, body, signature = credential_parse(text)
    except CredentialInvalid as exc:
        return None, CREDENTIAL_REASONS[exc.reason]
    key = _key_of(payload["kid"])
    if key is None:
        return None, CREDENTIAL_REASONS["unknown_key"]
    state, public_key = key
    if state == "retired":
        return None, CREDENTIAL_REASONS["retired_key"]
    try:
        _public(public_key).verify(signature, body)
    except InvalidSignature:
        return None, CREDENTIAL_REASONS["bad_signature"]
    return payload, ""


HOLDER_RELATED = (
    "category",
    "accreditation__member",
    "accreditation__media",
    "accreditation__delegation",
)


def badges_with_holder():
    return badge_model().objects.select_related(*HOLDER_RELATED)


def facts(badge) -> BadgeFacts:
    return BadgeFacts(
        id=badge.pk,
        serial=badge.serial,
        state=badge.state,
        category=badge.category_code,
        zones=frozenset(badge.zone_codes or ()),
        valid_from=badge.valid_from,
        valid_until=badge.valid_until,
    )


@dataclass(frozen=True)
class Holder:
    badge_id: int
    serial: int
    name: str
    delegation: str
    category: str
    category_code: str
    colour: str
    text_colour: str
    is_head: bool
    has_photo: bool


def holder(badge) -> Holder:
    accreditation = badge.accreditation
    person = accreditation.member if accreditation.kind == "member" else accreditation.media
    name = f"{person.given_names} {person.family_name.upper()}".strip() if person else ""
    if accreditation.delegation_id:
        delegation = accreditation.delegation.name
    else:
        delegation = getattr(person, "outlet", "") or ""
    return Holder(
        badge_id=badge.pk,
        serial=badge.serial,
        name=name,
        delegation=delegation,
        category=badge.category.name,
        category_code=badge.category_code,
        colour=badge.category.colour,
        text_colour=badge.category.text_colour,
        is_head=bool(accreditation.member_id and accreditation.member.capacity == "head"),
        has_photo=bool(person and person.photo),
    )


def photo_of(badge):
    accreditation = badge.accreditation
    person = accreditation.member if accreditation.kind == "member" else accreditation.media
    return person.photo if person and person.photo else None


def revocations_since(version: int) -> tuple[list[int], int]:
    """Serials revoked after `version`, and the revocation list's current version."""
    from delegations.accreditation.selectors import revoked_serials

    found = revoked_serials(since_version=version or None)
    return found["serials"], found["version"]


def public_keys() -> list[dict]:
    """Every published key; a retired one is marked so a device refuses what it signed."""
    from delegations.accreditation.credentials import published_keys

    return published_keys()["keys"]
