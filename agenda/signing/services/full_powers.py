"""Full powers (domain rule 1), checked by OLA: received, verified or rejected; liaisons are told."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.enums import FullPowersStatus
from delegations.models import FullPowers, Liaison
from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.core.pagecache import bump
from hanoi_ceremony.notifications.services import notify
from hanoi_ceremony.reminders.services import reminders_reconcile

from ..enums import (
    SigningStatus,
)
from ..models import SigningEntry
from ._common import NAMESPACE

# --- Full powers (checked by OLA) ------------------------------------------------------------------


def _tell_liaisons(*, fp: FullPowers, template: str, reason: str = "") -> None:
    """Tell the delegation's liaisons (in-app and e-mail, sent on commit)."""
    liaisons = Liaison.objects.filter(delegation_id=fp.member.delegation_id).select_related(
        "user", "delegation"
    )
    for liaison in liaisons:
        notify(
            recipient=liaison.user,
            kind=template,
            template=f"signing/notify/{template}",
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
    """The instrument has arrived and awaits OLA's check. Side effects: audit, bump."""
    with transaction.atomic():
        fp = _lock_full_powers(full_powers)
        if fp.status not in (FullPowersStatus.AWAITED, FullPowersStatus.REJECTED):
            raise ValidationError(_("Only awaited or rejected full powers can be marked received."))
        previous = fp.status
        fp.status = FullPowersStatus.RECEIVED
        fp.received_at = timezone.now()
        fp.rejection_reason = ""
        fp.save()
        reminders_reconcile(target=fp)
        audit_record(
            actor=by,
            action="signing.full_powers_received",
            target=fp,
            from_state=previous,
            to_state=fp.status,
        )
        bump(NAMESPACE)
        bump("delegations")  # the delegation page shows the full powers status
    return fp


def full_powers_verify(*, full_powers: FullPowers, by) -> FullPowers:
    """OLA verified the instrument (names the person and this convention, signed by a Head of State or
    Government or a Minister for Foreign Affairs). Side effects: audit, the delegation's liaisons told
    (in-app and e-mail on commit), bump."""
    with transaction.atomic():
        fp = _lock_full_powers(full_powers)
        if fp.status != FullPowersStatus.RECEIVED:
            raise ValidationError(
                _("Only received full powers can be verified: mark the instrument received first.")
            )
        previous = fp.status
        fp.status = FullPowersStatus.VERIFIED
        fp.verified_at = timezone.now()
        fp.verified_by = by
        fp.rejection_reason = ""
        fp.save()
        reminders_reconcile(target=fp)
        audit_record(
            actor=by,
            action="signing.full_powers_verified",
            target=fp,
            from_state=previous,
            to_state=fp.status,
        )
        _tell_liaisons(fp=fp, template="full_powers_verified")
        bump(NAMESPACE)
        bump("delegations")  # the delegation page shows the full powers status
    return fp


def full_powers_reject(*, full_powers: FullPowers, reason: str, by) -> FullPowers:
    """OLA rejected the instrument, with the reason; any confirmation of an entry relying on it is withdrawn.
    Side effects: audit, the delegation's liaisons told with the reason (in-app and e-mail on commit), bump."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for rejecting the full powers.")})
    with transaction.atomic():
        fp = _lock_full_powers(full_powers)
        if fp.status not in (FullPowersStatus.RECEIVED, FullPowersStatus.VERIFIED):
            raise ValidationError(_("Only received or verified full powers can be rejected."))
        previous = fp.status
        fp.status = FullPowersStatus.REJECTED
        fp.verified_at = None
        fp.verified_by = None
        fp.rejection_reason = reason
        fp.save()
        reminders_reconcile(target=fp)
        SigningEntry.objects.filter(signatory=fp.member, confirmed_at__isnull=False).exclude(
            status=SigningStatus.SIGNED
        ).update(confirmed_at=None, confirmed_by=None)
        audit_record(
            actor=by,
            action="signing.full_powers_rejected",
            target=fp,
            from_state=previous,
            to_state=fp.status,
            reason=reason,
        )
        _tell_liaisons(fp=fp, template="full_powers_rejected", reason=reason)
        bump(NAMESPACE)
        bump("delegations")  # the delegation page shows the full powers status
    return fp
