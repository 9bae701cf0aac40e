"""Batches of scans made offline, uploaded by a device once it is back online."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from hanoi_ceremony.core.errors import Invalid

from ..enums import ScanResult
from ..models import Device
from ._common import UPLOAD_MAX
from .redeem import scan_redeem


@dataclass
class UploadReport:
    received: int = 0
    stored: int = 0
    duplicates: int = 0
    accepted: int = 0
    rejected: int = 0
    conflicts: list[dict] = field(default_factory=list)


def scans_upload(*, device: Device, scans: list[dict]) -> UploadReport:
    """Store a batch of scans made offline, each once (by nonce), judged at its device time.

    Each scan is its own transaction, so one bad row never loses the others. Conflicts (the device let a
    badge in that the server would have refused, e.g. already inside through another gate) are reported."""
    if len(scans) > UPLOAD_MAX:
        raise Invalid({"scans": _("Upload at most %(n)s scans at a time.") % {"n": UPLOAD_MAX}})
    report = UploadReport(received=len(scans))
    for item in scans:
        outcome = scan_redeem(
            device=device,
            list_id=item["list_id"],
            direction=item["direction"],
            nonce=item["nonce"],
            device_time=item["device_time"],
            text=item.get("text") or "",
            serial=item.get("serial"),
            offline=True,
            device_result=item.get("device_result") or "",
            device_reason=item.get("device_reason") or "",
        )
        if outcome.duplicate:
            report.duplicates += 1
            continue
        report.stored += 1
        scan = outcome.scan
        if scan.result == ScanResult.ACCEPTED:
            report.accepted += 1
        else:
            report.rejected += 1
        if scan.conflict:
            report.conflicts.append(
                {
                    "nonce": scan.nonce,
                    "badge_serial": scan.badge_serial,
                    "reason": scan.reason,
                    "list_id": scan.checkin_list_id,
                    "device_time": scan.device_time,
                }
            )
    return report
