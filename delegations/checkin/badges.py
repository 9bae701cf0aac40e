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


def _facts(*, id, serial, state, category_code, zone_codes, valid_from, valid_until) -> BadgeFacts:  # noqa: A002
    return BadgeFacts(
        id=id,
        serial=serial,
        state=state,
        category=category_code,
        zones=frozenset(zone_codes or ()),
        valid_from=valid_from,
        valid_until=valid_until,
    )


def facts(badge) -> BadgeFacts:
    return _facts(
        id=badge.pk,
        serial=badge.serial,
        state=badge.state,
        category_code=badge.category_code,
        zone_codes=badge.zone_codes,
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


def _holder(
    *, badge_id, serial, category, category_code, colour, text_colour, kind, person, delegation
) -> Holder:
    """The card the guard compares with the face. `person` is a dict of given_names, family_name, capacity,
    outlet and photo (None without one); `delegation` a (name, country_code) pair or None."""
    from delegations.countries import local_name

    name = f"{person['given_names']} {person['family_name'].upper()}".strip() if person else ""
    if delegation is not None:
        where = local_name(delegation[1] or "", delegation[0])  # the reader's language, like every page
    else:
        where = (person or {}).get("outlet") or ""
    return Holder(
        badge_id=badge_id,
        serial=serial,
        name=name,
        delegation=where,
        category=category,
        category_code=category_code,
        colour=colour,
        text_colour=text_colour,
        is_head=bool(kind == "member" and person and person.get("capacity") == "head"),
        has_photo=bool(person and person.get("photo")),
    )


def _person_of(accreditation):
    if accreditation is None:
        return None
    return accreditation.member if accreditation.kind == "member" else accreditation.media


def holder(badge) -> Holder:
    """The holder card of a badge loaded with `badges_with_holder()`."""
    accreditation = badge.accreditation
    person = _person_of(accreditation)
    delegation = (
        accreditation.delegation if accreditation is not None and accreditation.delegation_id else None
    )
    return _holder(
        badge_id=badge.pk,
        serial=badge.serial,
        category=badge.category.name,
        category_code=badge.category_code,
        colour=badge.category.colour,
        text_colour=badge.category.text_colour,
        kind=accreditation.kind if accreditation is not None else "",
        person=None
        if person is None
        else {
            "given_names": person.given_names,
            "family_name": person.family_name,
            "capacity": getattr(person, "capacity", ""),
            "outlet": getattr(person, "outlet", ""),
            "photo": person.photo.name if person.photo else "",
        },
        delegation=None if delegation is None else (delegation.name, delegation.country_code),
    )


# --- the scan's one read -----------------------------------------------------------------------------
# A scan needs the badge's facts and its holder card: six tables. Written out once here (see
# hanoi_ceremony/core/rawsql.py for why not through the ORM); `holder()` above is the same card from
# loaded models, for the pages that list many.


_PERSON_FIELDS = ("given_names", "family_name", "capacity", "outlet", "photo")
_FACT_FIELDS = ("id", "serial", "state", "category_code", "zone_codes", "valid_from", "valid_until")


@lru_cache(maxsize=1)
def _holder_columns():
    from django.conf import settings
    from modeltranslation.utils import build_localized_fieldname

    from delegations.accreditation.models import Accreditation, Badge, BadgeCategory, MediaApplication
    from delegations.models import Delegation, Member
    from hanoi_ceremony.core.rawsql import Columns

    names = [
        (f"category_{lang}", "hc", BadgeCategory, build_localized_fieldname("name", lang))
        for lang in settings.MODELTRANSLATION_LANGUAGES
    ]
    return Columns(
        ("id", "hb", Badge, "id"),
        ("serial", "hb", Badge, "serial"),
        ("state", "hb", Badge, "state"),
        ("category_code", "hb", Badge, "category_code"),
        ("zone_codes", "hb", Badge, "zone_codes"),
        ("valid_from", "hb", Badge, "valid_from"),
        ("valid_until", "hb", Badge, "valid_until"),
        ("colour", "hc", BadgeCategory, "colour"),
        ("text_colour", "hc", BadgeCategory, "text_colour"),
        *names,
        ("kind", "ha", Accreditation, "kind"),
        ("delegation_id", "ha", Accreditation, "delegation"),
        ("m_given_names", "hm", Member, "given_names"),
        ("m_family_name", "hm", Member, "family_name"),
        ("m_capacity", "hm", Member, "capacity"),
        ("m_photo", "hm", Member, "photo"),
        ("p_given_names", "hp", MediaApplication, "given_names"),
        ("p_family_name", "hp", MediaApplication, "family_name"),
        ("p_outlet", "hp", MediaApplication, "outlet"),
        ("p_photo", "hp", MediaApplication, "photo"),
        ("d_name", "hd", Delegation, "name"),
        ("d_country_code", "hd", Delegation, "country_code"),
    )


@lru_cache(maxsize=1)
def _holder_joins() -> str:
    """`badge hb` and everything the card needs, LEFT JOINed (a badge may have lost its accreditation)."""
    from delegations.accreditation.models import Accreditation, Badge, BadgeCategory, MediaApplication
    from delegations.models import Delegation, Member

    def table(model):
        return f'"{model._meta.db_table}"'

    def column(model, name):
        return f'"{model._meta.get_field(name).column}"'

    return (
        f"{table(Badge)} hb "
        f"LEFT JOIN {table(BadgeCategory)} hc ON hc.id = hb.{column(Badge, 'category')} "
        f"LEFT JOIN {table(Accreditation)} ha ON ha.id = hb.{column(Badge, 'accreditation')} "
        f"LEFT JOIN {table(Member)} hm ON hm.id = ha.{column(Accreditation, 'member')} "
        f"LEFT JOIN {table(MediaApplication)} hp ON hp.id = ha.{column(Accreditation, 'media')} "
        f"LEFT JOIN {table(Delegation)} hd ON hd.id = ha.{column(Accreditation, 'delegation')}"
    )


def holder_select() -> tuple[str, str]:
    """(select list, FROM clause with the alias `hb` for the badge) for a caller's one-statement read."""
    return _holder_columns().sql, _holder_joins()


def holder_from_row(row, start: int = 0, *, facts: bool = True) -> tuple[BadgeFacts | None, Holder] | None:
    """The facts and card from `row[start:]` of a `holder_select()` read; None if no badge matched. With
    `facts=False` only the card (the facts' columns may then be NULL): (None, card)."""
    from django.utils.translation import get_language
    from modeltranslation.utils import resolution_order

    v = _holder_columns().as_dict(row, start)
    if v["id"] is None:
        return None
    category = ""
    for lang in resolution_order(get_language() or "en"):
        category = v.get(f"category_{lang}") or ""
        if category:
            break
    # Members' columns are read as m_…, media applicants' as p_… (capacity and outlet: one kind each).
    prefix = {"member": "m_", "media": "p_"}.get(v["kind"])
    person = None
    if prefix is not None and v[prefix + "family_name"] is not None:
        person = {name: v.get(prefix + name, "") for name in _PERSON_FIELDS}
    found = _facts(**{name: v[name] for name in _FACT_FIELDS}) if facts else None
    card = _holder(
        badge_id=v["id"],
        serial=v["serial"],
        category=category,
        category_code=v["category_code"],
        colour=v["colour"] or "",
        text_colour=v["text_colour"] or "",
        kind=v["kind"] or "",
        person=person,
        delegation=(v["d_name"], v["d_country_code"]) if v["delegation_id"] is not None else None,
    )
    return found, card


def photo_of(badge):
    person = _person_of(badge.accreditation)
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
