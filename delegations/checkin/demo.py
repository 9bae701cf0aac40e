"""Demo check-in: lists for the plenary hall, the signing room (only around the signing session) and the
VIP lounge (everyone out at 23:00), three gates, a paired demo device (its token printed for API trials) and a device waiting to be
paired (its one-time code printed, valid for the demo's life), the Reception lead on duty for arrival
alerts, and the first morning's entries at the main entrance when badges exist.

Runs after accreditation's demo and uses its categories, zones and badges. Idempotent: every row is looked
up by its code before it is created; scans are added only once.
"""

import datetime
import uuid
import zoneinfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import tokens
from .enums import DeviceState
from .models import CheckinList, Device, DutyStatus, Gate, Scan
from .services import checkin_list_save, device_create, device_pair, duty_set, gate_save, scan_redeem

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
DEMO_PAIRING_CODE = "DEMO-GATE"  # typed on /checkin/scanner/ to pair a browser with the main entrance


def _zone_code(*words: str, default: str) -> str:
    from delegations.accreditation.models import Zone

    for zone in Zone.objects.order_by("order", "code"):
        if any(w in zone.name.lower() for w in words):
            return zone.code
    return default


def _signing_session():
    from agenda.models import Session

    return Session.objects.filter(kind="signing").order_by("starts_at").first()


def seed(*, scale: int = 1, out=None) -> None:
    from django.conf import settings

    organiser = get_user_model().objects.filter(username="accreditation").first()
    signing_zone = _zone_code("signing", default=settings.CHECKIN_SIGNING_ROOM_ZONE)
    session = _signing_session()
    # Badges carry the zones they open (their category's, plus restricted zones by pass or lapel pin), so
    # each demo list admits by zone; the lounge also closes every night.
    specs = [
        {"code": "plenary", "name": "Plenary hall", "zone": _zone_code("plenary", default="PLN")},
        {
            "code": "signing-room",
            "name": "Signing room",
            "zone": signing_zone,
            "session": session,
            "valid_from": session.starts_at - datetime.timedelta(hours=1) if session else None,
            "valid_until": session.ends_at + datetime.timedelta(hours=1) if session else None,
        },
        {
            "code": "vip-lounge",
            "name": "VIP lounge",
            "zone": _zone_code("vip", default="VIP"),
            "everyone_out_at": datetime.time(23, 0),
        },
    ]
    lists = {}
    for spec in specs:
        found = CheckinList.objects.filter(code=spec["code"]).first()
        if found is None:
            found = checkin_list_save(checkin_list=CheckinList(**spec), by=organiser)
        lists[spec["code"]] = found
    gates = {}
    for code, name, codes, offline_people in (
        ("main", "Main entrance", ["plenary", "vip-lounge"], False),
        ("signing-door", "Signing room door", ["signing-room"], True),
        ("media", "Media entrance", ["plenary"], False),
    ):
        found = Gate.objects.filter(code=code).first()
        if found is None:
            found = gate_save(
                gate=Gate(name=name, code=code, offline_people=offline_people),
                lists=[lists[c] for c in codes],
                by=organiser,
            )
        gates[code] = found

    device = Device.objects.filter(gate=gates["main"], name="Demo phone").first()
    token = None
    if device is None:
        device, code = device_create(gate=gates["main"], name="Demo phone", by=organiser)
        device, token = device_pair(code=code)
    waiting = Device.objects.filter(gate=gates["main"], name="Demo laptop").first()
    if waiting is None:
        waiting, _ = device_create(gate=gates["main"], name="Demo laptop", by=organiser)
    if waiting.state == DeviceState.PENDING:
        # A fixed, long-lived code so a demo can pair a browser at any time (never in production data).
        Device.objects.filter(pk=waiting.pk).update(
            pairing_code_hash=tokens.digest(DEMO_PAIRING_CODE),
            pairing_expires_at=timezone.now() + datetime.timedelta(days=365),
        )

    lead = get_user_model().objects.filter(username="lead.reception").first()
    if lead is not None and not DutyStatus.objects.filter(user=lead, on_duty=True).exists():
        duty_set(user=lead, on_duty=True, by=lead)

    door = Device.objects.filter(gate=gates["signing-door"], name="Signing door tablet").first()
    if door is None:
        door, code = device_create(gate=gates["signing-door"], name="Signing door tablet", by=organiser)
        door, _ = device_pair(code=code)
    scanned = _demo_scans(device=device, door=door, lists=lists, scale=scale)
    if out is not None:
        out.write(
            f"Check-in: {len(lists)} lists, {len(gates)} gates; pair a browser on /checkin/scanner/ with code "
            f"{DEMO_PAIRING_CODE}"
            + (f"; demo device token {token}" if token else "")
            + f"; {scanned} demo scans."
        )


def _demo_scans(*, device: Device, door: Device, lists: dict, scale: int) -> int:
    """The first morning at the gates (once: skipped when scans exist): entries to the plenary over three
    hours, heads of delegation into the signing room before the signing, and a few refusals."""
    from delegations.accreditation.models import Badge
    from hanoi_ceremony.core.selectors import ceremony_get

    if Scan.objects.filter(device=device).exists():
        return 0
    plenary, signing, lounge = lists["plenary"], lists["signing-room"], lists["vip-lounge"]
    live = Badge.objects.exclude(state="revoked").order_by("serial")
    ceremony = ceremony_get()
    day = ceremony.first_day if ceremony else timezone.localdate()
    start = datetime.datetime.combine(day, datetime.time(7, 0), tzinfo=HANOI)
    if start > timezone.now():
        return 0  # the living demo: the gates have not opened yet (the replay has the first morning's scans)
    entrants = list(live.filter(zone_codes__icontains=f'"{plenary.zone}"')[: 40 * scale])
    plan = [
        (device, plenary, b.serial, start + datetime.timedelta(hours=3) * i / max(len(entrants), 1))
        for i, b in enumerate(entrants)
    ]
    session = signing.session
    signing_start = (
        session.starts_at if session else start + datetime.timedelta(hours=2)
    ) - datetime.timedelta(minutes=30)
    signers = list(live.filter(zone_codes__icontains=f'"{signing.zone}"')[: 12 * scale])
    plan += [
        (door, signing, b.serial, signing_start + datetime.timedelta(minutes=i))
        for i, b in enumerate(signers)
    ]
    # Refusals: a media badge at the lounge (wrong zone), a revoked badge, a number nobody holds.
    media = live.exclude(zone_codes__icontains=f'"{lounge.zone}"').first()
    revoked = Badge.objects.filter(state="revoked").order_by("serial").first()
    late = start + datetime.timedelta(hours=2, minutes=10)
    plan += [(device, lounge, b.serial, late) for b in (media, revoked) if b is not None]
    plan.append((device, plenary, 99_999_999, late))
    for n, (on, lst, serial, at) in enumerate(plan):
        scan_redeem(
            device=on,
            list_id=lst.pk,
            direction="entry",
            nonce=uuid.uuid5(uuid.NAMESPACE_URL, f"demo-scan-{n}-{serial}").hex,
            device_time=at,
            serial=serial,
            offline=True,  # judged by the server at the replayed time, as an upload from that morning
        )
    return len(plan)
