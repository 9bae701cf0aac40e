"""Reads that cross relations, shaped so the pages stay query-count-constant."""

import datetime

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from delegations.countries import order_by_local_name

from .enums import LIVE_BADGE_STATES, BadgeState, PhotoState, VettingState
from .models import Accreditation, Badge, BadgeCategory, Counter, ZonePass

REVOCATION_COUNTER = "revocation"


def revocation_version() -> int:
    """The revocation list's current version: it grows by one with every revoked badge, never shrinks."""
    return Counter.objects.filter(name=REVOCATION_COUNTER).values_list("value", flat=True).first() or 0


def revoked_serials(since_version: int | None = None) -> dict:
    """Serials revoked after `since_version` (all when None), for scanners that fetch the list:
    ``{"version": int, "serials": [int, ...]}``. A scanner stores `version` and asks for what came since."""
    version = revocation_version()
    rows = Badge.objects.filter(state=BadgeState.REVOKED, revocation_version__isnull=False)
    if since_version is not None:
        rows = rows.filter(revocation_version__gt=int(since_version))
    serials = list(rows.order_by("revocation_version").values_list("serial", flat=True))
    return {"version": version, "serials": serials}


# --- pages -----------------------------------------------------------------------------------------------


QUEUE_FILTERS = ("vetting", "photo", "category", "delegation", "kind", "printed", "q")
BADGE_STATE_LABELS = {s.value: s.label for s in BadgeState}
VETTING_CLASSES = {
    VettingState.APPROVED: "bg-success",
    VettingState.REJECTED: "bg-danger",
    VettingState.ON_HOLD: "bg-warning text-dark",
    VettingState.PRE_APPROVED: "bg-info text-dark",
    VettingState.NEW: "bg-secondary",
}
PHOTO_CLASSES = {
    PhotoState.APPROVED: "bg-success-subtle text-success-emphasis",
    PhotoState.EXEMPT: "bg-success-subtle text-success-emphasis",
    PhotoState.REJECTED: "bg-danger-subtle text-danger-emphasis",
    PhotoState.MISSING: "bg-danger-subtle text-danger-emphasis",
    PhotoState.PENDING: "bg-warning-subtle text-warning-emphasis",
}
VETTING_LABELS = dict(VettingState.choices)
PHOTO_LABELS = dict(PhotoState.choices)


def label_rows(rows) -> list:
    """Labels, badge classes and the live badge set once per row in Python (one query for the page's
    badges; cheaper than template includes or correlated subqueries per row)."""
    rows = list(rows)
    live = {
        accreditation_id: (serial, state)
        for accreditation_id, serial, state in Badge.objects.filter(
            accreditation_id__in=[a.pk for a in rows], state__in=LIVE_BADGE_STATES
        ).values_list("accreditation_id", "serial", "state")
    }
    for a in rows:
        a.vetting_label, a.vetting_class = VETTING_LABELS[a.vetting], VETTING_CLASSES[a.vetting]
        a.photo_label, a.photo_class = PHOTO_LABELS[a.photo_state], PHOTO_CLASSES[a.photo_state]
        a.badge_serial, a.badge_state = live.get(a.pk, (None, None))
        a.badge_label = BADGE_STATE_LABELS.get(a.badge_state or "", "")
    return rows


def accreditations_base():
    return Accreditation.objects.select_related("member", "media", "delegation", "category").annotate(
        sort_name=Coalesce("member__family_name", "media__family_name")
    )


def queue(filters: dict):
    """The officer's queue, filtered: vetting state, photo state, category id, delegation id ("media" for
    media applicants), kind, printed ("yes"/"no"), and a name search."""
    rows = accreditations_base()
    if filters.get("vetting") in VettingState.values:
        rows = rows.filter(vetting=filters["vetting"])
    if filters.get("photo") in PhotoState.values:
        rows = rows.filter(photo_state=filters["photo"])
    if str(filters.get("category") or "").isdigit():
        rows = rows.filter(category_id=int(filters["category"]))
    delegation = str(filters.get("delegation") or "")
    if delegation == "media":
        rows = rows.filter(kind="media")
    elif delegation.isdigit():
        rows = rows.filter(delegation_id=int(delegation))
    if filters.get("kind") in ("member", "media"):
        rows = rows.filter(kind=filters["kind"])
    printed = Q(badges__state__in=[BadgeState.PRINTED, BadgeState.COLLECTED])
    if filters.get("printed") == "yes":
        rows = rows.filter(printed).distinct()
    elif filters.get("printed") == "no":
        rows = rows.exclude(printed)
    q = (filters.get("q") or "").strip()
    if q:
        rows = rows.filter(
            Q(member__family_name__icontains=q)
            | Q(member__given_names__icontains=q)
            | Q(media__family_name__icontains=q)
            | Q(media__given_names__icontains=q)
            | Q(media__outlet__icontains=q)
        )
    # First come, first served: the oldest request first (an index scan, where sorting thousands of
    # joined rows by name cost most of the page).
    return rows.order_by("pk")


def vetting_counts() -> dict[str, int]:
    counts = dict(Accreditation.objects.values_list("vetting").annotate(n=Count("pk")).order_by())
    return {state: counts.get(state, 0) for state in VettingState.values}


def delegation_summaries():
    """One row per delegation with people to accredit: counts per vetting state, photos to act on,
    badges printed and collected."""
    from delegations.models import Delegation

    def n(condition):
        return Count("accreditations", filter=condition, distinct=True)

    return order_by_local_name(
        Delegation.objects.annotate(
            people=Count("accreditations", distinct=True),
            new=n(Q(accreditations__vetting=VettingState.NEW)),
            pre_approved=n(Q(accreditations__vetting=VettingState.PRE_APPROVED)),
            approved=n(Q(accreditations__vetting=VettingState.APPROVED)),
            on_hold=n(Q(accreditations__vetting=VettingState.ON_HOLD)),
            rejected=n(Q(accreditations__vetting=VettingState.REJECTED)),
            photos_missing=n(Q(accreditations__photo_state__in=[PhotoState.MISSING, PhotoState.REJECTED])),
            photos_to_review=n(Q(accreditations__photo_state=PhotoState.PENDING)),
            printed=n(Q(accreditations__badges__state=BadgeState.PRINTED)),
            collected=n(Q(accreditations__badges__state=BadgeState.COLLECTED)),
        ).filter(people__gt=0),
        "pk",
    )


def delegation_accreditations(delegation_id: int):
    """A delegation's people with their live badge and zone passes (the liaison's page)."""
    from django.db.models import Prefetch

    return (
        accreditations_base()
        .filter(delegation_id=delegation_id)
        .prefetch_related(
            Prefetch("zone_passes", queryset=ZonePass.objects.select_related("zone")),
            "category__zones",
        )
        .order_by("member__capacity", "sort_name", "pk")
    )


def print_queue(filters: dict):
    """Badges waiting to be printed (issued, not yet printed), with what the PDF needs."""
    rows = badges_for_pdf(Badge.objects.filter(state=BadgeState.APPROVED))
    delegation = str(filters.get("delegation") or "")
    if delegation == "media":
        rows = rows.filter(accreditation__kind="media")
    elif delegation.isdigit():
        rows = rows.filter(accreditation__delegation_id=int(delegation))
    if str(filters.get("category") or "").isdigit():
        rows = rows.filter(category_id=int(filters["category"]))
    return rows.order_by("accreditation__delegation__name", "accreditation__member__family_name", "pk")


def badges_for_pdf(rows):
    return rows.select_related(
        "category",
        "accreditation__member",
        "accreditation__media",
        "accreditation__delegation",
    )


def _categories_at(at: datetime.datetime, content_type) -> dict[str, int | None]:
    """Each re-categorised person's category at `at`: the one its last change up to `at` gave, or, when
    every change came later, the one the first of them replaced (one query). People never re-categorised
    are absent (their current category stands)."""
    from hanoi_ceremony.audit.models import AuditEntry

    result: dict[str, int | None] = {}
    decided: set[str] = set()
    for target_id, created_at, data in (
        AuditEntry.objects.filter(target_type=content_type, action="accreditation.category_changed")
        .order_by("created_at", "id")
        .values_list("target_id", "created_at", "data")
    ):
        data = data or {}
        if "category_id" not in data:
            continue  # an entry written before the ids were recorded: the current category stands
        if created_at <= at:
            result[target_id] = data["category_id"]
            decided.add(target_id)
        elif target_id not in decided:
            result[target_id] = data.get("from_category_id")
            decided.add(target_id)
    return result


def counts_as_of(at: datetime.datetime) -> dict:
    """Accreditations per vetting state and badge category, and badges per state, as they stood at `at`
    (vetting states and categories replayed from the audit log; badge states from their timestamps)."""
    from django.contrib.contenttypes.models import ContentType

    from hanoi_ceremony.audit.models import AuditEntry

    from .services.vetting import DECISION_ACTIONS

    people = list(Accreditation.objects.filter(created_at__lte=at).values_list("pk", "category_id"))
    content_type = ContentType.objects.get_for_model(Accreditation)
    state_at: dict[str, str] = {}
    for target_id, to_state in (
        AuditEntry.objects.filter(
            target_type=content_type,
            action__in=[*DECISION_ACTIONS.values(), "accreditation.imported"],
            created_at__lte=at,
        )
        .order_by("created_at", "id")
        .values_list("target_id", "to_state")
    ):
        state_at[target_id] = to_state
    category_at = _categories_at(at, content_type)
    categories = list(BadgeCategory.objects.order_by("order", "code"))
    table = {c.pk: dict.fromkeys(VettingState.values, 0) for c in categories}
    table[None] = dict.fromkeys(VettingState.values, 0)
    for pk, current_category_id in people:
        category_id = category_at.get(str(pk), current_category_id)
        state = state_at.get(str(pk), VettingState.NEW)
        table.setdefault(category_id, dict.fromkeys(VettingState.values, 0))[state] += 1
    rows = [
        {
            "category": c,
            "counts": [table[c.pk][s] for s in VettingState.values],
            "total": sum(table[c.pk].values()),
        }
        for c in categories
    ]
    if any(table[None].values()):
        rows.append(
            {
                "category": None,
                "counts": [table[None][s] for s in VettingState.values],
                "total": sum(table[None].values()),
            }
        )
    totals = [sum(r["counts"][i] for r in rows) for i in range(len(VettingState.values))]
    badge_counts = dict.fromkeys(BadgeState.values, 0)
    for printed_at, collected_at, revoked_at in Badge.objects.filter(issued_at__lte=at).values_list(
        "printed_at", "collected_at", "revoked_at"
    ):
        if revoked_at and revoked_at <= at:
            badge_counts[BadgeState.REVOKED] += 1
        elif collected_at and collected_at <= at:
            badge_counts[BadgeState.COLLECTED] += 1
        elif printed_at and printed_at <= at:
            badge_counts[BadgeState.PRINTED] += 1
        else:
            badge_counts[BadgeState.APPROVED] += 1
    return {
        "states": [VettingState(s) for s in VettingState.values],
        "rows": rows,
        "totals": totals,
        "people": len(people),
        "badges": [(BadgeState(s), n) for s, n in badge_counts.items()],
    }
