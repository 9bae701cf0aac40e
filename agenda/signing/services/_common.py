"""What every signing service shares: the page-cache namespace, the ceremony's time zone, the 409 error."""

import zoneinfo

from hanoi_ceremony.core.errors import Conflict as CoreConflict

NAMESPACE = "signing"
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


class Conflict(CoreConflict):
    """Someone else changed the same thing first; nothing was saved (the view answers 409). The product's
    one "moved meanwhile" refusal (hanoi_ceremony.core.errors.Conflict); `.message` is its text."""

    def __init__(self, message: str):
        super().__init__(message)
