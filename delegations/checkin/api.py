"""The scanning devices' JSON API, under /api/checkin/ (documented at /api/docs).

A device pairs once with a one-time code and then sends its token as `Authorization: Bearer hcd_…`. The
token is scoped to the device's gate and that gate's lists; a revoked token answers 401 at once.
"""

from datetime import UTC, datetime
from typing import Literal

from django.http import HttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.security import HttpBearer

from hanoi_ceremony.api import api

from . import badges, selectors, services, tokens
from .enums import Reason

Direction = Literal["entry", "exit"]
Result = Literal["accepted", "rejected"]
ReasonCode = Literal[
    "", "revoked", "wrong_zone", "outside_window", "already_inside", "not_approved", "forged", "unknown"
]


class DeviceAuth(HttpBearer):
    def authenticate(self, request, token):
        device = services.device_authenticate(token)
        if device is not None:
            request.device = device
        return device


class ScanAuth(HttpBearer):
    """The redeem's bearer check. Here only the token's shape: the device itself is read in the scan's one
    statement (services.scan_redeem with `token`), which refuses a token no active device holds with 401
    (a revocation bites at once, as everywhere)."""

    def authenticate(self, request, token):
        return token if tokens.device_token_shaped(token) else None


router = Router(tags=["check-in"], auth=DeviceAuth())


# --- schemas -----------------------------------------------------------------------------------------


class PairIn(Schema):
    code: str = Field(..., max_length=20, description="The one-time code shown to the accreditation officer.")


class ListOut(Schema):
    id: int
    code: str
    name: str
    zone: str
    categories: list[str]
    valid_from: datetime | None
    valid_until: datetime | None
    allow_reentry: bool
    entry_requires_exit: bool
    everyone_out_at: str | None = Field(None, description="HH:MM, Asia/Ho_Chi_Minh")
    version: int


class GateOut(Schema):
    id: int
    code: str
    name: str
    offline_people: bool


class DeviceOut(Schema):
    id: int
    name: str
    gate: GateOut
    lists: list[ListOut]


class PairOut(Schema):
    token: str = Field(..., description="Shown once. Send as `Authorization: Bearer <token>`.")
    device: DeviceOut


class RedeemIn(Schema):
    list_id: int
    direction: Direction = "entry"
    nonce: str = Field(..., min_length=8, max_length=64, description="Chosen by the device; unique per scan.")
    device_time: datetime | None = None
    text: str = Field("", max_length=2048, description="The QR text (HC1:…) as scanned.")
    serial: int | None = Field(None, ge=1, description="A badge number typed by hand (instead of text).")


class HolderOut(Schema):
    badge_id: int
    serial: int
    name: str
    delegation: str
    category: str
    category_code: str
    colour: str
    text_colour: str
    photo_url: str | None


class RedeemOut(Schema):
    scan_id: int
    nonce: str
    result: Result
    reason: ReasonCode
    reason_label: str
    duplicate: bool
    holder: HolderOut | None


class OfflineScanIn(Schema):
    list_id: int
    direction: Direction = "entry"
    nonce: str = Field(..., min_length=8, max_length=64)
    device_time: datetime
    text: str = Field("", max_length=2048)
    serial: int | None = Field(None, ge=1)
    device_result: Result
    device_reason: ReasonCode = ""


class UploadIn(Schema):
    scans: list[OfflineScanIn] = Field(..., max_length=services.UPLOAD_MAX)


class ConflictOut(Schema):
    nonce: str
    badge_serial: int | None
    reason: str
    list_id: int | None
    device_time: datetime


class UploadOut(Schema):
    received: int
    stored: int
    duplicates: int
    accepted: int
    rejected: int
    conflicts: list[ConflictOut]


class KeyOut(Schema):
    kid: str
    alg: str
    public_key: str
    status: str


class PersonOut(Schema):
    badge_id: int
    serial: int
    name: str
    delegation: str
    category: str
    category_code: str
    zones: list[str]
    valid_from: datetime
    valid_until: datetime
    colour: str
    text_colour: str
    photo: str | None = Field(None, description="data: URL of the photo (JPEG)")


class SyncOut(Schema):
    rules_version: int
    lists: list[ListOut] = Field(..., description="The gate's lists changed since `rules_since`.")
    list_ids: list[int] = Field(..., description="All the gate's lists now (drop any other).")
    revocation_version: int
    revoked_serials: list[int] = Field(..., description="Serials revoked since `revocations_since`.")
    keys: list[KeyOut]
    people: list[PersonOut] | None = Field(
        None, description="Only when the gate allows names and photos offline."
    )
    server_time: datetime


class ListStatusOut(Schema):
    list_id: int
    name: str
    inside_now: int
    entries_today: int
    rejected_today: int


class ErrorOut(Schema):
    detail: list[str]
    fields: dict[str, list[str]] = {}


# --- endpoints ---------------------------------------------------------------------------------------


def _aware(value: datetime | None) -> datetime:
    """A device time as sent; one without a zone is taken as UTC."""
    if value is None:
        return timezone.now()
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


def _device_out(device) -> dict:
    gate = device.gate
    return {
        "id": device.pk,
        "name": device.name,
        "gate": {"id": gate.pk, "code": gate.code, "name": gate.name, "offline_people": gate.offline_people},
        "lists": [selectors.list_dict(lst) for lst in selectors.gate_lists(gate)],
    }


@router.post("/pair", auth=None, response={200: PairOut, 400: ErrorOut}, summary="Pair a device")
def pair(request, body: PairIn):
    """Exchange the one-time pairing code for the device's token (the code is then spent)."""
    device, token = services.device_pair(code=body.code)
    return {"token": token, "device": _device_out(device)}


@router.get("/device", response=DeviceOut, summary="This device, its gate and lists")
def device_info(request):
    return _device_out(request.device)


@router.post(
    "/redeem",
    auth=ScanAuth(),
    response={200: RedeemOut, 400: ErrorOut, 404: ErrorOut},
    summary="Scan a badge",
)
def redeem(request, body: RedeemIn):
    """Decide one scan now: green (accepted) or red with the reason, and the holder to compare the face."""
    outcome = services.scan_redeem(
        token=request.auth,
        list_id=body.list_id,
        direction=body.direction,
        nonce=body.nonce,
        device_time=_aware(body.device_time),
        text=body.text,
        serial=body.serial,
    )
    return api.create_response(request, redeem_out(outcome), status=200)


def redeem_out(outcome: services.Outcome) -> dict:
    """A scan's answer, as RedeemOut documents it. Rendered without ninja validating every answer again
    against the schema: tests/checkin/test_api_stack.py checks each kind of answer against it."""
    scan = outcome.scan
    holder = outcome.holder
    return {
        "scan_id": scan.pk,
        "nonce": scan.nonce,
        "result": scan.result,
        "reason": scan.reason,
        "reason_label": str(Reason(scan.reason).label) if scan.reason else "",
        "duplicate": outcome.duplicate,
        "holder": None
        if holder is None
        else {
            **{k: getattr(holder, k) for k in _HOLDER_FIELDS},
            "photo_url": f"/api/checkin/photos/{holder.badge_id}" if holder.has_photo else None,
        },
    }


_HOLDER_FIELDS = tuple(k for k in HolderOut.model_fields if k != "photo_url")


@router.post(
    "/scans", response={200: UploadOut, 400: ErrorOut, 404: ErrorOut}, summary="Upload offline scans"
)
def upload(request, body: UploadIn):
    """Store scans made offline. A nonce already stored is skipped, so the same queue may be sent again."""
    report = services.scans_upload(
        device=request.device, scans=[{**s.dict(), "device_time": _aware(s.device_time)} for s in body.scans]
    )
    return report.__dict__


@router.get("/sync", response=SyncOut, summary="Rules, revocations and keys since a version")
def sync(request, rules_since: int = 0, revocations_since: int = 0, people: bool = False):
    """What an offline device keeps: its lists' rules, the revoked serials, the public keys and (if the
    gate allows it) the names and photos of the people its lists admit."""
    return selectors.sync_package(
        device=request.device, rules_since=rules_since, revocations_since=revocations_since, people=people
    )


@router.get("/lists/{list_id}/status", response={200: ListStatusOut, 404: ErrorOut}, summary="List status")
def list_status(request, list_id: int):
    lst = services.device_list(device=request.device, list_id=list_id)
    return selectors.list_status(lst)


@router.get("/photos/{badge_id}", summary="A holder's photo (JPEG)", response={200: None, 404: ErrorOut})
def photo(request, badge_id: int):
    """The photo of a badge holder whom one of this gate's lists admits (404 for anyone else)."""
    badge = selectors.badge_for_gate(gate=request.device.gate, badge_id=badge_id)
    photo_file = badges.photo_of(badge)
    if photo_file is None:
        return 404, {"detail": ["No photo."]}
    with photo_file.open("rb") as fh:
        data = fh.read()
    response = HttpResponse(data, content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
