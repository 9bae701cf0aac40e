"""Exhibition booths: one exhibitor per booth."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from delegations.models import Delegation
from hanoi_ceremony.core.errors import field_conflict
from hanoi_ceremony.core.transitions import record

from ..models import Booth, BoothAllocation


def booth_allocate(
    *,
    booth: Booth,
    by,
    exhibitor_name: str,
    exhibitor_kind: str,
    contact_name: str,
    contact_email: str,
    setup_starts_at,
    setup_ends_at,
    delegation: Delegation | None = None,
    contact_phone: str = "",
    description: str = "",
    website: str = "",
) -> BoothAllocation:
    """Give a free booth to one exhibitor. Side effects: audit entry, exhibitor list invalidated."""
    with transaction.atomic():
        locked = Booth.objects.select_for_update().get(pk=booth.pk)
        if BoothAllocation.objects.filter(booth=locked).exists():
            raise field_conflict("booth", _("This booth is already allocated to an exhibitor."))
        allocation = BoothAllocation(
            booth=locked,
            exhibitor_name=exhibitor_name,
            exhibitor_kind=exhibitor_kind,
            delegation=delegation,
            contact_name=contact_name,
            contact_email=contact_email,
            contact_phone=contact_phone,
            setup_starts_at=setup_starts_at,
            setup_ends_at=setup_ends_at,
            description=description,
            website=website,
            allocated_by=by,
        )
        allocation.full_clean()
        try:
            with transaction.atomic():
                allocation.save()
        except IntegrityError as exc:
            raise field_conflict("booth", _("This booth is already allocated to an exhibitor.")) from exc
        record(locked, by=by, action="booth.allocated", data={"exhibitor": exhibitor_name})
    return allocation


def booth_release(*, booth: Booth, by, reason: str = "") -> None:
    """Free a booth. Side effects: audit entry, exhibitor list invalidated."""
    with transaction.atomic():
        locked = Booth.objects.select_for_update().get(pk=booth.pk)
        allocation = BoothAllocation.objects.filter(booth=locked).first()
        if allocation is None:
            raise ValidationError(_("This booth is not allocated."))
        record(
            locked,
            by=by,
            action="booth.released",
            data={"exhibitor": allocation.exhibitor_name},
            reason=reason,
        )
        allocation.delete()
