"""Everything check-in needs from accreditation (its badges, keys and revocation list), in one module, so
the rest of the app speaks only of `BadgeFacts` and holder cards."""

from dataclasses import dataclass

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


def verify(text: str) -> tuple[dict | None, str]:
    """(payload, "") for a QR text that verifies, else (None, reason)."""
    from delegations.accreditation.credentials import CredentialInvalid, credential_verify

    try:
        return credential_verify(text), ""
    except CredentialInvalid as exc:
        return None, CREDENTIAL_REASONS[exc.reason]


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
