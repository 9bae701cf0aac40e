"""Instruments of ratification: the road to entry into force."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from delegations.enums import ParticipantType
from delegations.models import Delegation
from hanoi_ceremony.core.transitions import record

from ..models import Ratification

# --- Ratifications ---------------------------------------------------------------------------------


def ratification_record(*, delegation: Delegation, deposited_on: datetime.date, by) -> Ratification:
    """Record a deposited instrument (once per party; only signing parties). Side effects: audit, bump."""
    if not delegation.may_sign:
        raise ValidationError(
            {"delegation": _("Only States and regional economic integration organisations ratify.")}
        )
    with transaction.atomic():
        if Ratification.objects.filter(delegation=delegation).exists():
            raise ValidationError({"delegation": _("This party has already deposited its instrument.")})
        ratification = Ratification(
            delegation=delegation,
            deposited_on=deposited_on,
            is_reio=delegation.participant_type == ParticipantType.REIO,
        )
        ratification.full_clean()
        ratification.save()
        record(
            ratification,
            by=by,
            action="ratification.recorded",
            data={"deposited_on": deposited_on.isoformat()},
        )
    return ratification
