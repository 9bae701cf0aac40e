"""Reads that cross relations, shaped so the pages stay query-count-constant."""

from .enums import BadgeState
from .models import Badge, Counter

REVOCATION_COUNTER = "revocation"


def revocation_version() -> int:
    """The revocation list's current version: it grows by one with every revoked badge, never shrinks."""
    return Counter.objects.filter(name=REVOCATION_COUNTER).values_list("value", flat=True).first() or 0


def revoked_serials(since_version: int | None = None) -> dict:
    """Serials revoked after `since_version` (all when None), for scanners that fetch the list:
    ``{"version": int, "serials": [int, ...]}``. A scanner stores `version` and asks for what came since."""
    version = revocation_version()
    rows = Badge.objects.filter(state=BadgeState.REVOKED, revocation_version__isnull=False)
    if since_version is not None:
        rows = rows.filter(revocation_version__gt=int(since_version))
    serials = list(rows.order_by("revocation_version").values_list("serial", flat=True))
    return {"version": version, "serials": serials}
