"""Documents (note verbale, credentials) and full powers for the intended signatory (domain rule 1)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hanoi_ceremony.core.transitions import record, transition
from hanoi_ceremony.core.uploads import files_delete_on_commit
from hanoi_ceremony.reminders.services import reminders_reconcile

from ..enums import (
    SIGNING_TYPES,
    FullPowersStatus,
)
from ..machines import FULL_POWERS_MACHINE
from ..models import (
    Delegation,
    DelegationDocument,
    FullPowers,
    Member,
)
from ..validators import clean_pdf
from ._common import (
    _check_may_edit,
    _lock,
    _now,
)


def document_upload(*, delegation: Delegation, kind: str, upload, by) -> DelegationDocument:
    """Attach a note verbale or credentials (PDF) to a delegation. Side effects: audit entry."""
    with transaction.atomic():
        delegation = _lock(delegation)
        _check_may_edit(delegation=delegation, by=by)
        try:
            stored = clean_pdf(upload)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from None
        document = DelegationDocument(
            delegation=delegation,
            kind=kind,
            file=stored,
            original_name=(getattr(upload, "name", "") or "document.pdf")[-200:],
            size=upload.size,
            uploaded_by=by,
        )
        document.full_clean()
        document.save()
        record(
            delegation,
            by=by,
            action="delegation.document_uploaded",
            data={"kind": kind, "name": document.original_name, "size": document.size},
        )
    return document


def signatory_designate(*, member: Member, by) -> FullPowers:
    """The liaison names the person intended to sign for a State or REIO (domain rules 1 and 2). Full powers
    are "not required" for a Head of State or Government or a Minister for Foreign Affairs, else "awaited".

    Side effects: a FullPowers row; audit entry."""
    with transaction.atomic():
        delegation = _lock(member.delegation)
        member = Member.objects.get(pk=member.pk, delegation=delegation)
        _check_may_edit(delegation=delegation, by=by)
        if delegation.participant_type not in SIGNING_TYPES:
            raise ValidationError(
                _("Only States and regional economic integration organisations sign."), code="not_signing"
            )
        existing = FullPowers.objects.filter(member__delegation=delegation).select_related("member").first()
        if existing is not None:
            raise ValidationError(
                _("%(name)s is already the intended signatory: a delegation signs once.")
                % {"name": existing.member},
                code="signatory_exists",
            )
        status = FullPowersStatus.NOT_REQUIRED if member.signs_by_function else FullPowersStatus.AWAITED
        full_powers = FullPowers(member=member, status=status)
        full_powers.full_clean()
        full_powers.save()
        reminders_reconcile(target=full_powers)
        record(
            delegation,
            by=by,
            action="delegation.signatory_designated",
            # the full-powers status is not a state of the delegation: it goes in the data
            data={"member_id": member.pk, "member": str(member), "full_powers": status},
        )
    return full_powers


def full_powers_upload(*, full_powers: FullPowers, upload, by) -> FullPowers:
    """The liaison uploads the instrument of full powers (PDF): awaited or rejected -> received, for OLA to
    check. Side effects: audit entry."""
    with transaction.atomic():
        delegation = _lock(full_powers.member.delegation)
        full_powers = FullPowers.objects.select_for_update().select_related("member").get(pk=full_powers.pk)
        _check_may_edit(delegation=delegation, by=by)
        if full_powers.status not in (
            FullPowersStatus.AWAITED,
            FullPowersStatus.REJECTED,
            FullPowersStatus.RECEIVED,
        ):
            raise ValidationError(
                _("Full powers that are %(status)s cannot be replaced.")
                % {"status": full_powers.get_status_display().lower()},
                code="full_powers_closed",
            )
        try:
            stored = clean_pdf(upload)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from None
        files_delete_on_commit(full_powers.document)
        full_powers.document = stored
        full_powers.received_at = _now()
        transition(
            full_powers,
            machine=FULL_POWERS_MACHINE,
            to=FullPowersStatus.RECEIVED,
            by=by,
            action="full_powers.received",
            data={"delegation_id": delegation.pk},
            fields=None,
        )
        record(
            delegation,
            by=by,
            action="delegation.full_powers_uploaded",
            data={"member": str(full_powers.member)},
        )
    return full_powers
