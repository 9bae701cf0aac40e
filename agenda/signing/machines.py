"""The signing app's state machines: one allowed-from table each (target state -> states it may come from)."""

from hanoi_ceremony.core.transitions import StateMachine

from .enums import InscriptionStatus, SigningStatus

G = SigningStatus
SIGNING_ENTRY_MACHINE = StateMachine(
    model="signing.SigningEntry",
    choices=SigningStatus,
    allowed_from={
        G.SIGNED: {G.SCHEDULED, G.AT_HEADQUARTERS, G.DID_NOT_SIGN},  # once: a party signs one time
        # signed: a signature recorded by mistake is withdrawn (entry_undo_signature, with a reason)
        G.SCHEDULED: {G.AT_HEADQUARTERS, G.DID_NOT_SIGN, G.SCHEDULED, G.SIGNED},
        G.AT_HEADQUARTERS: {G.SCHEDULED, G.DID_NOT_SIGN, G.AT_HEADQUARTERS},
        G.DID_NOT_SIGN: {G.SCHEDULED, G.AT_HEADQUARTERS, G.DID_NOT_SIGN},
    },
)

I = InscriptionStatus  # noqa: E741
INSCRIPTION_MACHINE = StateMachine(
    model="signing.Inscription",
    choices=InscriptionStatus,
    allowed_from={
        I.SPEAKING: {I.INSCRIBED},
        I.SPOKEN: {I.SPEAKING},
        I.WITHDRAWN: {I.INSCRIBED},
    },
    reconcile_reminders=False,
)
