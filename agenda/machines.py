"""The programme's state machines: one allowed-from table each (target state -> states it may come from).

A booth has no state of its own (an allocation row exists or not), so it has no machine.
"""

from hanoi_ceremony.core.transitions import StateMachine

from .enums import ProposalStatus, RegistrationStatus, SessionStatus

SESSION_MACHINE = StateMachine(
    model="agenda.Session",
    choices=SessionStatus,
    allowed_from={
        SessionStatus.PUBLISHED: {SessionStatus.DRAFT},
        SessionStatus.CANCELLED: {SessionStatus.DRAFT, SessionStatus.PUBLISHED},
    },
)

PROPOSAL_MACHINE = StateMachine(
    model="agenda.SideEventProposal",
    choices=ProposalStatus,
    allowed_from={
        ProposalStatus.ACCEPTED: {ProposalStatus.SUBMITTED},
        ProposalStatus.DECLINED: {ProposalStatus.SUBMITTED, ProposalStatus.CHANGES_REQUESTED},
        ProposalStatus.CHANGES_REQUESTED: {ProposalStatus.SUBMITTED},
        ProposalStatus.SUBMITTED: {ProposalStatus.CHANGES_REQUESTED},  # the proposers resubmit
    },
    reconcile_reminders=False,
)

# A registration is created registered or waitlisted; a freed place promotes the first on the waiting list.
REGISTRATION_MACHINE = StateMachine(
    model="agenda.SessionRegistration",
    choices=RegistrationStatus,
    allowed_from={RegistrationStatus.REGISTERED: {RegistrationStatus.WAITLISTED}},
    reconcile_reminders=False,
)
