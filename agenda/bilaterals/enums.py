from django.db import models
from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.core.transitions import StateMachine


class BilateralStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    COUNTER_PROPOSED = "counter_proposed", _("Another time proposed")
    ACCEPTED = "accepted", _("Accepted, awaiting a room")
    SCHEDULED = "scheduled", _("Scheduled")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")


class Side(models.TextChoices):
    REQUESTER = "requester", _("Requesting delegation")
    COUNTERPART = "counterpart", _("Invited delegation")


# Requests that still wait for an answer (they expire).
OPEN_STATUSES = (BilateralStatus.REQUESTED, BilateralStatus.COUNTER_PROPOSED)
# Requests that are still alive.
LIVE_STATUSES = (*OPEN_STATUSES, BilateralStatus.ACCEPTED, BilateralStatus.SCHEDULED)

S = BilateralStatus
BILATERAL_MACHINE = StateMachine(
    model="bilaterals.Bilateral",
    choices=BilateralStatus,
    allowed_from={
        S.COUNTER_PROPOSED: {S.REQUESTED, S.COUNTER_PROPOSED},
        S.ACCEPTED: {S.REQUESTED, S.COUNTER_PROPOSED},
        S.SCHEDULED: {S.ACCEPTED},
        S.DECLINED: {S.REQUESTED, S.COUNTER_PROPOSED},
        S.EXPIRED: {S.REQUESTED, S.COUNTER_PROPOSED},
        S.CANCELLED: {S.REQUESTED, S.COUNTER_PROPOSED, S.ACCEPTED, S.SCHEDULED},
    },
    changed_at_field="status_changed_at",
)
