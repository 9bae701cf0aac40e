"""Writes of check-in: lists and gates (officers), device pairing and revocation, and the scan itself.

The scan (`scan_redeem`) is the hot path: a handful of queries, one transaction, and the exactly-once rule
kept by the database — a `Presence` row per (list, badge) under a unique constraint. A first entry inserts
it (INSERT … ON CONFLICT DO NOTHING RETURNING); any later scan takes it with SELECT … FOR UPDATE. Of two
gates scanning the same badge at once, the second waits on the first's row and then sees it inside. A
device's first entry on a list whose rules the process knows is one statement (redeem.py, "the gate scan
in one statement").
"""

from ._common import (
    DEVICE_CLOCK_SLACK,
    LAST_SEEN_EVERY,
    PAIRING_CODE_MINUTES,
    UPLOAD_MAX,
    counter_next,
    rules_version,
)
from .arrivals import arrival_recipients, duty_set
from .devices import device_authenticate, device_code_reissue, device_create, device_pair, device_revoke
from .lists import checkin_list_save, gate_save
from .redeem import Outcome, device_list, scan_redeem
from .uploads import UploadReport, scans_upload

__all__ = [
    "DEVICE_CLOCK_SLACK",
    "LAST_SEEN_EVERY",
    "PAIRING_CODE_MINUTES",
    "UPLOAD_MAX",
    "Outcome",
    "UploadReport",
    "arrival_recipients",
    "checkin_list_save",
    "counter_next",
    "device_authenticate",
    "device_code_reissue",
    "device_create",
    "device_list",
    "device_pair",
    "device_revoke",
    "duty_set",
    "gate_save",
    "rules_version",
    "scan_redeem",
    "scans_upload",
]
