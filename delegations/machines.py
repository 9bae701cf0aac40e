"""The delegations' state machines: one allowed-from table each (target state -> states it may come from).

Services move objects only through ``hanoi_ceremony.core.transitions.transition`` with these machines.
"""

from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.core.transitions import StateMachine

from .enums import DelegationStatus, FullPowersStatus

S = DelegationStatus

DELEGATION_MACHINE = StateMachine(
    model="delegations.Delegation",
    choices=DelegationStatus,
    allowed_from={
        S.REGISTERING: {S.INVITED},
        S.SUBMITTED: {S.REGISTERING, S.CHANGES_REQUESTED, S.CONFIRMED},  # confirmed: a membership change
        S.CHANGES_REQUESTED: {S.SUBMITTED},
        S.CONFIRMED: {S.SUBMITTED},
        S.DECLINED: {S.INVITED, S.REGISTERING, S.SUBMITTED, S.CHANGES_REQUESTED},
        S.WITHDRAWN: {S.INVITED, S.REGISTERING, S.SUBMITTED, S.CHANGES_REQUESTED, S.CONFIRMED, S.DECLINED},
    },
    changed_at_field="status_changed_at",
    stale_message=_("Someone else changed this delegation meanwhile: it is now %(state)s. Reload and check."),
    refusal_message=_("This delegation is %(state)s: it cannot become %(target)s."),
)
# What a liaison's submission may come from (a confirmed delegation goes back to review by itself).
SUBMITTABLE = {S.REGISTERING, S.CHANGES_REQUESTED}

F = FullPowersStatus
FULL_POWERS_MACHINE = StateMachine(
    model="delegations.FullPowers",
    choices=FullPowersStatus,
    allowed_from={
        F.RECEIVED: {F.AWAITED, F.REJECTED, F.RECEIVED},  # a liaison may replace a received instrument
        F.VERIFIED: {F.RECEIVED},
        F.REJECTED: {F.RECEIVED, F.VERIFIED},
    },
)
