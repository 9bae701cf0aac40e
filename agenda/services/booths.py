"""Exhibition booths: one exhibitor per booth."""

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
    """Give a free booth to one exhibitor. Refused: a booth already taken (409); a set-up window outside
    the event's set-up days (400 next to the field). Side effects: audit entry, exhibitor list invalidated."""
    _check_setup_window(setup_starts_at, setup_ends_at)
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


def setup_window() -> tuple | None:
    """When exhibitors may set up: from BOOTH_SETUP_DAYS_BEFORE days before the ceremony's first day to the
    end of its first day (Hà Nội time); None without a ceremony."""
    import datetime

    from django.conf import settings

    from hanoi_ceremony.core.dates import CEREMONY_TZ
    from hanoi_ceremony.core.selectors import ceremony_get

    ceremony = ceremony_get()
    if ceremony is None:
        return None
    days = getattr(settings, "BOOTH_SETUP_DAYS_BEFORE", 7)
    opens = datetime.datetime.combine(
        ceremony.first_day - datetime.timedelta(days=days), datetime.time(0, 0), tzinfo=CEREMONY_TZ
    )
    closes = datetime.datetime.combine(ceremony.first_day, datetime.time(23, 59), tzinfo=CEREMONY_TZ)
    return opens, closes


def _check_setup_window(starts_at, ends_at) -> None:
    from django.utils import formats, timezone

    from hanoi_ceremony.core.errors import Invalid

    window = setup_window()
    if window is None or starts_at is None or ends_at is None:
        return
    opens, closes = window
    if starts_at < opens or ends_at > closes:
        when = {
            "opens": formats.date_format(timezone.localtime(opens), "DATETIME_FORMAT"),
            "closes": formats.date_format(timezone.localtime(closes), "DATETIME_FORMAT"),
        }
        field = "setup_starts_at" if starts_at < opens else "setup_ends_at"
        raise Invalid({field: _("Set-up takes place between %(opens)s and %(closes)s (Hà Nội time).") % when})


def booth_release(*, booth: Booth, by, reason: str) -> None:
    """Free a booth, saying why (the exhibitor withdrew, moved to another booth…). Refused: no reason (400);
    a booth already free (409). Side effects: audit entry with the reason, exhibitor list invalidated."""
    from hanoi_ceremony.core.errors import Conflict, Invalid

    if not (reason or "").strip():
        raise Invalid({"reason": _("Say why the booth is released.")})
    with transaction.atomic():
        locked = Booth.objects.select_for_update().get(pk=booth.pk)
        allocation = BoothAllocation.objects.filter(booth=locked).first()
        if allocation is None:
            raise Conflict(_("This booth is not allocated."))
        record(
            locked,
            by=by,
            action="booth.released",
            data={"exhibitor": allocation.exhibitor_name},
            reason=reason.strip(),
        )
        allocation.delete()
