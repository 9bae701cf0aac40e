"""The one refusal vocabulary of the product.

A service refuses with one of three kinds of exception, and every view turns it into the same answer:

- bad input (``Invalid``, or Django's ``ValidationError``): **400**, the message next to the field it names;
- not allowed (``NotAllowed`` = Django's ``PermissionDenied``): **403**; a row the user may not even know
  exists is hidden behind ``Http404`` by the app's permission selector;
- the state moved meanwhile (``Conflict``): **409**, with a hint to reload;
- no valid credential (``Unauthorized``, the device API's bearer token): **401**.

``Conflict`` subclasses ``ValidationError`` so that code catching ``ValidationError`` still catches it and
forms still show its message; ``status_for`` tells the two apart.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _

Invalid = ValidationError
NotAllowed = PermissionDenied
NotFound = Http404

RELOAD_HINT = _("Someone else changed this meanwhile. Reload the page to see the current state.")


class Conflict(ValidationError):
    """The object is no longer in the state the user saw (a stale form, a race with another user)."""

    def __init__(self, message=None, code="stale", params=None):
        super().__init__(message or RELOAD_HINT, code=code, params=params)


class Unauthorized(Exception):  # noqa: N818 (the vocabulary's word, like NotFound)
    """The credential is unknown or withdrawn (a device token no active device holds)."""


# Error codes that mean "moved meanwhile" when a plain ValidationError carries them (older services).
CONFLICT_CODES = frozenset({"stale", "conflict", "transition", "taken", "full"})


def field_conflict(field: str, message, params=None) -> ValidationError:
    """A refusal shown next to `field` that answers 409: the thing asked for is taken by someone else (a
    room booked, a booth allocated, a seat given) rather than badly typed."""
    return ValidationError({field: ValidationError(message, code="taken", params=params)})


def is_conflict(exc: Exception) -> bool:
    if isinstance(exc, Conflict):
        return True
    if isinstance(exc, ValidationError):
        codes = {getattr(e, "code", None) for e in exc.error_list} if hasattr(exc, "error_list") else set()
        if hasattr(exc, "error_dict"):
            codes = {getattr(e, "code", None) for errs in exc.error_dict.values() for e in errs}
        return bool(codes) and codes <= CONFLICT_CODES
    return False


def status_for(exc: Exception) -> int:
    """The HTTP status a refusal answers with."""
    if isinstance(exc, Unauthorized):
        return 401
    if isinstance(exc, Http404):
        return 404
    if isinstance(exc, PermissionDenied):
        return 403
    if is_conflict(exc):
        return 409
    return 400


def messages_of(exc: Exception) -> list[str]:
    """The refusal's messages, for a flash message or a JSON body."""
    if isinstance(exc, ValidationError):
        return [str(m) for m in exc.messages]
    text = str(exc)
    return [text] if text else []
