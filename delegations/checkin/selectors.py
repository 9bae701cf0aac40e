"""Reads of check-in: what a device syncs, list status, and the security and protocol pages.

Every page read here costs a fixed number of queries whatever the number of scans, badges or lists."""

import base64
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import ExtractHour
from django.http import Http404
from django.utils import timezone

from . import badges
from .enums import Direction, ScanResult
from .models import CheckinList, Device, Gate, Presence, Scan
from .rules import ListRules, last_everyone_out

PEOPLE_MAX = 5000
PHOTO_MAX_BYTES = 200_000


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=local_zone())
    return start, start + timedelta(days=1)


def today() -> date:
    return timezone.now().astimezone(local_zone()).date()


def default_day() -> date:
    """Today during the ceremony; otherwise its first day (the demo replays October 2025)."""
    from hanoi_ceremony.core.selectors import ceremony_get

    day = today()
    ceremony = ceremony_get()
    if ceremony is not None and not (ceremony.first_day <= day <= ceremony.last_day):
        return ceremony.first_day
    return day


def gate_lists(gate: Gate) -> list[CheckinList]:
    return list(gate.lists.filter(is_active=True).order_by("name"))


def _inside_condition(lists, now: datetime) -> Q:
    """Presence rows that count as inside now: inside, and entered after the list's last "everyone out"."""
    condition = Q(pk__in=[])
    for lst in lists:
        reset = last_everyone_out(ListRules.of(lst), now)
        part = Q(checkin_list_id=lst.pk)
        if reset is not None:
            part &= Q(last_entry_at__gt=reset)
        condition |= part
    return Q(inside=True) & condition


def inside_counts(lists, now: datetime | None = None) -> dict[int, int]:
    now = now or timezone.now()
    lists = list(lists)
    if not lists:
        return {}
    rows = (
        Presence.objects.filter(_inside_condition(lists, now))
        .values("checkin_list_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    found = {row["checkin_list_id"]: row["n"] for row in rows}
    return {lst.pk: found.get(lst.pk, 0) for lst in lists}


def list_status(lst: CheckinList) -> dict:
    start, end = day_bounds(today())
    counts = Scan.objects.filter(checkin_list=lst, device_time__gte=start, device_time__lt=end).aggregate(
        entries=Count("id", filter=Q(direction=Direction.ENTRY, result=ScanResult.ACCEPTED)),
        rejected=Count("id", filter=Q(result=ScanResult.REJECTED)),
    )
    return {
        "list_id": lst.pk,
        "name": lst.name,
        "inside_now": inside_counts([lst])[lst.pk],
        "entries_today": counts["entries"],
        "rejected_today": counts["rejected"],
    }


def _admitted_q(lists) -> Q:
    categories = sorted({c for lst in lists for c in (lst.categories or ())})
    zones = sorted({lst.zone for lst in lists if lst.zone})
    condition = Q(category_code__in=categories)
    for zone in zones:
        condition |= (
            Q(zone_codes__contains=[zone]) if _json_contains() else Q(zone_codes__icontains=f'"{zone}"')
        )
    return condition


def _json_contains() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def badge_for_gate(*, gate: Gate, badge_id: int):
    """A live badge one of the gate's lists admits, or 404 (a device sees no one else's photo)."""
    lists = gate_lists(gate)
    badge = (
        badges.badges_with_holder().filter(_admitted_q(lists), pk=badge_id).exclude(state="revoked").first()
        if lists
        else None
    )
    if badge is None:
        raise Http404
    return badge


def _photo_data_url(badge) -> str | None:
    photo = badges.photo_of(badge)
    if photo is None:
        return None
    try:
        with photo.open("rb") as fh:
            data = fh.read(PHOTO_MAX_BYTES + 1)
    except OSError:
        return None
    if len(data) > PHOTO_MAX_BYTES:
        return None
    return "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii")


def sync_package(*, device: Device, rules_since: int, revocations_since: int, people: bool) -> dict:
    from .services import rules_version

    gate = device.gate
    lists = gate_lists(gate)
    serials, revocation_version = badges.revocations_since(revocations_since)
    package = {
        "rules_version": rules_version(),
        "lists": [_list_dict(lst) for lst in lists if lst.version > rules_since or rules_since == 0],
        "list_ids": [lst.pk for lst in lists],
        "revocation_version": revocation_version,
        "revoked_serials": serials,
        "keys": badges.public_keys(),
        "people": None,
        "server_time": timezone.now(),
    }
    if people and gate.offline_people and lists:
        found = (
            badges.badges_with_holder()
            .filter(_admitted_q(lists))
            .exclude(state="revoked")
            .order_by("serial")[:PEOPLE_MAX]
        )
        package["people"] = []
        for badge in found:
            holder = badges.holder(badge)
            package["people"].append(
                {
                    "badge_id": holder.badge_id,
                    "serial": holder.serial,
                    "name": holder.name,
                    "delegation": holder.delegation,
                    "category": holder.category,
                    "category_code": badge.category_code,
                    "zones": list(badge.zone_codes or ()),
                    "valid_from": badge.valid_from,
                    "valid_until": badge.valid_until,
                    "colour": holder.colour,
                    "text_colour": holder.text_colour,
                    "photo": _photo_data_url(badge),
                }
            )
    return package


def _list_dict(lst: CheckinList) -> dict:
    return {
        "id": lst.pk,
        "code": lst.code,
        "name": lst.name,
        "zone": lst.zone,
        "categories": list(lst.categories or ()),
        "valid_from": lst.valid_from,
        "valid_until": lst.valid_until,
        "allow_reentry": lst.allow_reentry,
        "entry_requires_exit": lst.entry_requires_exit,
        "everyone_out_at": lst.everyone_out_at.strftime("%H:%M") if lst.everyone_out_at else None,
        "version": lst.version,
    }


list_dict = _list_dict


# --- pages ---------------------------------------------------------------------------------------------


def dashboard(*, day: date) -> dict:
    """Inside now per list, arrivals per hour and refusals by reason on `day` (Hà Nội): 4 queries."""
    now = timezone.now()
    lists = list(CheckinList.objects.filter(is_active=True).order_by("name"))
    counts = inside_counts(lists, now)
    start, end = day_bounds(day)
    scans = Scan.objects.filter(device_time__gte=start, device_time__lt=end)
    per_hour = {
        row["hour"]: row["n"]
        for row in scans.filter(direction=Direction.ENTRY, result=ScanResult.ACCEPTED)
        .annotate(hour=ExtractHour("device_time", tzinfo=local_zone()))
        .values("hour")
        .annotate(n=Count("id"))
        .order_by()
    }
    by_reason = {
        row["reason"]: row["n"]
        for row in scans.filter(result=ScanResult.REJECTED)
        .values("reason")
        .annotate(n=Count("id"))
        .order_by()
    }
    from .enums import Reason

    return {
        "lists": [{"list": lst, "inside": counts.get(lst.pk, 0)} for lst in lists],
        "inside_total": sum(counts.values()),
        "hours": list(range(24)),
        "arrivals": [per_hour.get(h, 0) for h in range(24)],
        "arrivals_total": sum(per_hour.values()),
        "failed": [{"reason": r, "label": r.label, "count": by_reason.get(r.value, 0)} for r in Reason],
        "failed_total": sum(by_reason.values()),
        "day": day,
    }


def inside_zone(*, zone: str) -> dict:
    """Who is inside the lists of one zone now (the signing room), with their badge and delegation: 2 queries."""
    now = timezone.now()
    lists = list(CheckinList.objects.filter(zone=zone, is_active=True).order_by("name"))
    rows = []
    if lists:
        presences = (
            Presence.objects.filter(_inside_condition(lists, now))
            .select_related("last_gate", *(f"badge__{r}" for r in badges.HOLDER_RELATED))
            .order_by("badge__accreditation__delegation__name", "last_entry_at")
        )
        for presence in presences:
            rows.append(
                {
                    "holder": badges.holder(presence.badge),
                    "since": presence.last_entry_at,
                    "gate": presence.last_gate,
                    "list_id": presence.checkin_list_id,
                }
            )
    return {"lists": lists, "rows": rows, "zone": zone}


def attendance_by_session() -> list[dict]:
    """Per programme session with a check-in list: how many distinct badges entered (1 query)."""
    rows = (
        CheckinList.objects.filter(session__isnull=False)
        .values("session_id", "session__title", "session__starts_at")
        .annotate(attended=Count("presences", filter=Q(presences__entries__gte=1), distinct=True))
        .order_by("session__starts_at", "session_id")
    )
    merged: dict[int, dict] = {}
    for row in rows:
        entry = merged.setdefault(
            row["session_id"],
            {
                "session_id": row["session_id"],
                "title": row["session__title"],
                "starts_at": row["session__starts_at"],
                "attended": 0,
            },
        )
        entry["attended"] += row["attended"]
    return list(merged.values())


def gates_with_devices():
    return Gate.objects.prefetch_related("lists", "devices").order_by("name")


def recent_scans(*, limit: int = 50):
    return Scan.objects.select_related("gate", "device", "checkin_list").order_by("-received_at")[:limit]


ATTENDANCE_CACHE_SECONDS = 30


def attendance_cached() -> list[dict]:
    """`attendance_by_session`, at most 30 seconds old (the participation report shows it on every visit;
    scans are too frequent to version a cached page by)."""
    from django.core.cache import cache

    return cache.get_or_set("checkin:attendance:v1", attendance_by_session, ATTENDANCE_CACHE_SECONDS)
