"""What every signing service shares: the page-cache namespace, the ceremony's time zone, the 409 error."""

from hanoi_ceremony.core.dates import CEREMONY_TZ
from hanoi_ceremony.core.errors import Conflict as CoreConflict

NAMESPACE = "signing"
HANOI = CEREMONY_TZ  # the ceremony's time zone, defined once in core/dates.py


class Conflict(CoreConflict):
    """Someone else changed the same thing first; nothing was saved (the view answers 409). The product's
    one "moved meanwhile" refusal (hanoi_ceremony.core.errors.Conflict); `.message` is its text."""

    def __init__(self, message: str):
        super().__init__(message)
