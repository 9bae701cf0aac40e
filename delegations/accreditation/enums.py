from django.db import models
from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.core.transitions import StateMachine


class AccreditationKind(models.TextChoices):
    MEMBER = "member", _("Delegation member")
    MEDIA = "media", _("Media")


class VettingState(models.TextChoices):
    """Domain rule 6 (UNOG's access module): the host's security service vets each person."""

    NEW = "new", _("New")
    PRE_APPROVED = "pre_approved", _("Pre-approved")
    APPROVED = "approved", _("Approved")
    ON_HOLD = "on_hold", _("On hold")
    REJECTED = "rejected", _("Rejected")


V = VettingState
# While pending, the liaison may still modify or withdraw the person (domain rule 6).
PENDING_STATES = (V.NEW, V.PRE_APPROVED, V.ON_HOLD)

VETTING_MACHINE = StateMachine(
    model="accreditation.Accreditation",
    choices=VettingState,
    state_field="vetting",
    changed_at_field="vetting_changed_at",
    allowed_from={
        # A pending request whose identity changed goes back to the start.
        V.NEW: {V.PRE_APPROVED, V.ON_HOLD},
        V.PRE_APPROVED: {V.NEW, V.ON_HOLD},
        V.APPROVED: {V.PRE_APPROVED, V.ON_HOLD},
        V.ON_HOLD: {V.NEW, V.PRE_APPROVED, V.APPROVED},
        V.REJECTED: {V.NEW, V.PRE_APPROVED, V.ON_HOLD, V.APPROVED},
    },
)


class PhotoState(models.TextChoices):
    MISSING = "missing", _("Missing")
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    EXEMPT = "exempt", _("Not required")


P = PhotoState
PHOTO_MACHINE = StateMachine(
    model="accreditation.Accreditation",
    choices=PhotoState,
    state_field="photo_state",
    changed_at_field="photo_checked_at",
    reconcile_reminders=True,
    allowed_from={
        P.MISSING: {P.PENDING, P.APPROVED, P.REJECTED, P.EXEMPT},
        P.PENDING: {P.MISSING, P.APPROVED, P.REJECTED, P.EXEMPT},
        P.APPROVED: {P.PENDING, P.REJECTED},
        P.REJECTED: {P.PENDING, P.APPROVED},
        P.EXEMPT: {P.MISSING, P.PENDING, P.APPROVED, P.REJECTED},
    },
)
# A badge may be printed with one of these photo verdicts.
PHOTO_PRINTABLE = (P.APPROVED, P.EXEMPT)


class BadgeState(models.TextChoices):
    APPROVED = "approved", _("Approved for printing")
    PRINTED = "printed", _("Printed")
    COLLECTED = "collected", _("Collected")
    REVOKED = "revoked", _("Revoked")


B = BadgeState
BADGE_MACHINE = StateMachine(
    model="accreditation.Badge",
    choices=BadgeState,
    state_field="state",
    reconcile_reminders=False,
    allowed_from={
        B.PRINTED: {B.APPROVED},
        B.COLLECTED: {B.PRINTED},
        B.REVOKED: {B.APPROVED, B.PRINTED, B.COLLECTED},
    },
)
LIVE_BADGE_STATES = (B.APPROVED, B.PRINTED, B.COLLECTED)


class RevocationReason(models.TextChoices):
    LOST = "lost", _("Lost or stolen")
    DAMAGED = "damaged", _("Damaged")
    CHANGED = "changed", _("Category, zones or validity changed")
    VETTING = "vetting", _("Security approval withdrawn")
    WITHDRAWN = "withdrawn", _("Person withdrawn")
    OTHER = "other", _("Other")


class KeyState(models.TextChoices):
    ACTIVE = "active", _("Active (signs new badges)")
    RETIRING = "retiring", _("Retiring (still verifies)")
    RETIRED = "retired", _("Retired (no longer verifies)")


K = KeyState
KEY_MACHINE = StateMachine(
    model="accreditation.SigningKey",
    choices=KeyState,
    state_field="state",
    reconcile_reminders=False,
    allowed_from={K.RETIRING: {K.ACTIVE}, K.RETIRED: {K.ACTIVE, K.RETIRING}},
)


class MediaRole(models.TextChoices):
    JOURNALIST = "journalist", _("Journalist / reporter")
    PHOTOGRAPHER = "photographer", _("Photographer")
    CAMERA = "camera", _("Camera operator")
    TECHNICIAN = "technician", _("Technician")
    EDITOR = "editor", _("Editor / producer")
