"""One-time pairing codes and device tokens. Both are random with enough entropy that a plain SHA-256 is the
right stored form (a slow password hash would add nothing against guessing 160+ bits and would cost every
scan a few milliseconds)."""

import hashlib
import secrets

# No 0/O, 1/I/L: the code is read off one screen and typed on another.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def pairing_code_new() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def pairing_code_normalise(code: str) -> str:
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return f"{cleaned[:4]}-{cleaned[4:]}" if len(cleaned) == CODE_LENGTH else ""


DEVICE_TOKEN_PREFIX = "hcd_"


def device_token_new() -> str:
    return DEVICE_TOKEN_PREFIX + secrets.token_urlsafe(32)


def device_token_shaped(token: str) -> bool:
    """Whether `token` looks like a device token (not whether a device holds it)."""
    return bool(token) and token.startswith(DEVICE_TOKEN_PREFIX) and len(token) <= 100
