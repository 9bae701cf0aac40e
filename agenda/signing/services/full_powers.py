"""The signing roster's side of full powers: a rejected instrument withdraws the confirmations of the
roster entries that relied on it. The lifecycle itself (received, verified, rejected) lives in
``delegations.services.full_powers``; its services stay importable from here."""

from delegations.models import FullPowers
from delegations.services.full_powers import (  # noqa: F401  (kept importable from the signing app)
    full_powers_mark_received,
    full_powers_reject,
    full_powers_verify,
)

from ..enums import SigningStatus
from ..models import SigningEntry


def confirmations_withdraw(full_powers: FullPowers) -> int:
    """Withdraw the confirmation of every unsigned entry whose signatory relied on `full_powers` (called
    inside the rejecting transaction). Returns how many entries lost their confirmation."""
    from hanoi_ceremony.core.pagecache import bump_for

    withdrawn = (
        SigningEntry.objects.filter(signatory=full_powers.member, confirmed_at__isnull=False)
        .exclude(status=SigningStatus.SIGNED)
        .update(confirmed_at=None, confirmed_by=None)
    )
    if withdrawn:
        bump_for(SigningEntry)  # a bulk write: its content areas by declaration
    return withdrawn
