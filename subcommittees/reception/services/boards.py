"""The printed arrivals and departures boards."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.core.errors import Invalid
from hanoi_ceremony.core.pagecache import bump

from .. import permissions
from ..enums import Direction
from ..models import BoardPrint
from ._common import NAMESPACE

# --- Boards ---------------------------------------------------------------------------------------------


def board_print(*, day: datetime.date, direction: str, airport: str, by) -> BoardPrint:
    """Record what the board shows now (it is being printed), so later changes are flagged against it."""
    from ..selectors import board_rows

    if not permissions.can_view(by):
        raise PermissionDenied
    if direction not in Direction.values:
        raise Invalid({"direction": _("Arrivals or departures?")})
    rows = board_rows(day=day, direction=direction, airport=airport)
    snapshot = {str(r.member.pk): r.signature for r in rows}
    with transaction.atomic():
        printed = BoardPrint(day=day, direction=direction, airport=airport, snapshot=snapshot, printed_by=by)
        printed.save()
        audit_record(actor=by, action="boardprint.printed", target=printed, data={"rows": len(snapshot)})
        bump(NAMESPACE)
    return printed
