"""The full-powers lifecycle (domain rule 1), in one place: OLA marks the instrument received, verifies or
rejects it; the delegation's liaisons are told. Every move goes through ``FULL_POWERS_MACHINE``.

Other apps react to a rejection through ``on_full_powers_rejected`` (the signing app withdraws the roster
confirmations that relied on the instrument), inside the same transaction.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.core.transitions import transition
from hanoi_ceremony.notifications.services import notify

from ..enums import FullPowersStatus
from ..machines import FULL_POWERS_MACHINE
from ..models import FullPowers, Liaison

F = FullPowersStatus
_REJECTION_HOOKS: list[Callable[[FullPowers], None]] = []


def on_full_powers_rejected(hook: Callable[[FullPowers], None]) -> None:
    """Register `hook(full_powers)`, called inside the rejecting transaction (from an AppConfig.ready)."""
    if hook not in _REJECTION_HOOKS:
        _REJECTION_HOOKS.append(hook)


def _tell_liaisons(*, fp: FullPowers, template: str, reason: str = "") -> None:
    """Tell the delegation's liaisons (in-app and e-mail, sent on commit)."""
    liaisons = Liaison.objects.filter(delegation_id=fp.member.delegation_id).select_related(
        "user", "delegation"
    )
    for liaison in liaisons:
        notify(
            recipient=liaison.user,
            kind=template,
            template=f"agenda/signing/notify/{template}",
            context={
                "member": str(fp.member),
                "delegation": str(liaison.delegation),
                "reason": reason,
                "url": "",
            },
        )


def _lock_full_powers(full_powers: FullPowers) -> FullPowers:
    return FullPowers.objects.select_for_update().select_related("member").get(pk=full_powers.pk)


def full_powers_mark_received(*, full_powers: FullPowers, by) -> FullPowers:
    """The instrument has arrived and awaits OLA's check. Side effects: audit, content areas, reminders."""
    with transaction.atomic():
        fp = _lock_full_powers(full_powers)
        if fp.status not in (F.AWAITED, F.REJECTED):
            raise ValidationError(_("Only awaited or rejected full powers can be marked received."))
        fp.received_at = timezone.now()
        fp.rejection_reason = ""
        transition(
            fp,
            machine=FULL_POWERS_MACHINE,
            to=F.RECEIVED,
            by=by,
            action="full_powers.received",
            fields=("received_at", "rejection_reason"),
        )
    return fp


def full_powers_verify(*, full_powers: FullPowers, by) -> FullPowers:
    """OLA verified the instrument (names the person and this convention, signed by a Head of State or
    Government or a Minister for Foreign Affairs). Side effects: audit, the delegation's liaisons told
    (in-app and e-mail on commit), content areas, reminders."""
    with transaction.atomic():
        fp = _lock_full_powers(full_powers)
        if fp.status != F.RECEIVED:
            raise ValidationError(
                _("Only received full powers can be verified: mark the instrument received first.")
            )
        fp.verified_at = timezone.now()
        fp.verified_by = by
        fp.rejection_reason = ""
        transition(
            fp,
            machine=FULL_POWERS_MACHINE,
            to=F.VERIFIED,
            by=by,
            action="full_powers.verified",
            fields=("verified_at", "verified_by", "rejection_reason"),
        )
        _tell_liaisons(fp=fp, template="full_powers_verified")
    return fp


def full_powers_reject(*, full_powers: FullPowers, reason: str, by) -> FullPowers:
    """OLA rejected the instrument, with the reason. Side effects: audit, the rejection hooks (the signing
    roster withdraws confirmations relying on it), the delegation's liaisons told with the reason (in-app
    and e-mail on commit), content areas, reminders."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for rejecting the full powers.")})
    with transaction.atomic():
        fp = _lock_full_powers(full_powers)
        if fp.status not in (F.RECEIVED, F.VERIFIED):
            raise ValidationError(_("Only received or verified full powers can be rejected."))
        fp.verified_at = None
        fp.verified_by = None
        fp.rejection_reason = reason
        transition(
            fp,
            machine=FULL_POWERS_MACHINE,
            to=F.REJECTED,
            by=by,
            action="full_powers.rejected",
            reason=reason,
            fields=("verified_at", "verified_by", "rejection_reason"),
        )
        for hook in _REJECTION_HOOKS:
            hook(fp)
        _tell_liaisons(fp=fp, template="full_powers_rejected", reason=reason)
    return fp
