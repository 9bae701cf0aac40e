"""What the check-in services share: pairing, clock and upload limits, the named counters."""

from datetime import timedelta

from ..models import Counter

PAIRING_CODE_MINUTES = 15
LAST_SEEN_EVERY = timedelta(seconds=60)
# An offline device's clock may run ahead; a scan is never taken as later than this past the upload.
DEVICE_CLOCK_SLACK = timedelta(minutes=5)
UPLOAD_MAX = 500


# --- versions --------------------------------------------------------------------------------------


def counter_next(name: str) -> int:
    """The next value of a named counter, under its row lock (call inside a transaction)."""
    Counter.objects.get_or_create(name=name)
    row = Counter.objects.select_for_update().get(name=name)
    row.value += 1
    row.save(update_fields=["value"])
    return row.value


def rules_version() -> int:
    return Counter.objects.filter(name="rules").values_list("value", flat=True).first() or 0
