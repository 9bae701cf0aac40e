"""What every signing service shares: the page-cache namespace, the ceremony's time zone, the 409 error."""

import zoneinfo

NAMESPACE = "signing"
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


class Conflict(Exception):
    """Someone else changed the same thing first; nothing was saved (the view answers 409)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
