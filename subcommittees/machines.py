"""The subcommittees' state machines: one allowed-from table each (target state -> states it may come from).

Services move objects only through ``hanoi_ceremony.core.transitions.transition`` with these machines.
"""

from hanoi_ceremony.core.transitions import StateMachine

from .enums import EscalationStatus, MilestoneStatus, TaskStatus

T = TaskStatus
OPEN_TASK = {T.DRAFT, T.NOT_STARTED, T.IN_PROGRESS, T.BLOCKED, T.AWAITING_APPROVAL}

TASK_MACHINE = StateMachine(
    model="subcommittees.Task",
    choices=TaskStatus,
    allowed_from={
        T.NOT_STARTED: {T.DRAFT},  # assigned: only with the six clears
        T.IN_PROGRESS: {T.NOT_STARTED, T.BLOCKED, T.AWAITING_APPROVAL},  # start, unblock, returned
        T.BLOCKED: {T.NOT_STARTED, T.IN_PROGRESS},
        T.AWAITING_APPROVAL: {T.NOT_STARTED, T.IN_PROGRESS},  # product submitted
        T.DONE: {T.AWAITING_APPROVAL},  # approved by the clear authority
        T.CANCELLED: OPEN_TASK,
    },
)

E = EscalationStatus
ESCALATION_MACHINE = StateMachine(
    model="subcommittees.Escalation",
    choices=EscalationStatus,
    allowed_from={E.DECIDED: {E.OPEN}, E.WITHDRAWN: {E.OPEN}},
    reconcile_reminders=False,
)

# The Standing Secretariat sets a milestone's status freely (planned, at risk, met, missed, cancelled).
MILESTONE_MACHINE = StateMachine(
    model="subcommittees.Milestone",
    choices=MilestoneStatus,
    allowed_from={to: set(MilestoneStatus.values) for to in MilestoneStatus.values},
)
