"""A later registration deadline for one delegation (invited late, or given more time by the organisers)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hanoi_ceremony.audit.registry import register
from hanoi_ceremony.core.transitions import record_change

from ..models import Delegation
from ._common import NAMESPACE, _check_organiser, _lock, _now, _on_commit_notify, registration_deadline_for

register(
    "delegation.deadline_extended",
    gettext_lazy("Registration deadline extended"),
    gettext_lazy("%(actor)s gave %(target)s until %(until)s to register."),
)


def delegation_extend_deadline(
    *, delegation: Delegation, until: datetime.datetime | None, by, reason: str = ""
) -> Delegation:
    """An organiser gives one delegation a later registration deadline than the ceremony's (or, with
    ``until=None``, takes the extension back). The moment must lie ahead.

    Side effects: audit entry; the delegation's pages refresh; its liaison(s) are told on commit."""
    _check_organiser(by)
    if until is not None and until <= _now():
        raise ValidationError({"until": _("Choose a moment in the future.")}, code="past")
    with transaction.atomic():
        delegation = _lock(delegation)
        delegation.registration_deadline_extended_to = until
        shown = (
            formats.date_format(timezone.localtime(until), "DATETIME_FORMAT") if until is not None else "—"
        )
        record_change(
            delegation,
            by=by,
            action="delegation.deadline_extended",
            fields=["registration_deadline_extended_to"],
            reason=reason,
            data={"until": shown},
            reconcile=True,
        )
        from hanoi_ceremony.core.pagecache import bump

        bump(NAMESPACE)
        if until is not None:
            _on_commit_notify(
                delegation, "deadline_extended", {"deadline": registration_deadline_for(delegation)}
            )
    return delegation
