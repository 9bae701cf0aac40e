"""Badges: issue, print marks, collection, revocation and reissue.

A badge snapshots its category code, zone codes and validity window (the QR is signed over them). Any
change of these for a person revokes the live badge ("changed") and issues a new one with a new serial;
so does a lost or damaged badge on request. Revoked serials go on the revocation list (Counter
"revocation"), which scanners fetch incrementally.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.core.errors import Conflict, Invalid
from hanoi_ceremony.core.pagecache import bump
from hanoi_ceremony.core.selectors import ceremony_get
from hanoi_ceremony.core.transitions import record_change, transition

from ..enums import (
    BADGE_MACHINE,
    LIVE_BADGE_STATES,
    PHOTO_PRINTABLE,
    BadgeState,
    RevocationReason,
    VettingState,
)
from ..models import Accreditation, Badge, BadgeCategory, ZonePass
from ..selectors import REVOCATION_COUNTER
from ._common import NAMESPACE, check_officer, counter_next, local_midnight

SERIAL_COUNTER = "badge_serial"
SERIAL_START = 100000


def zones_for(
    accreditation: Accreditation, *, category: BadgeCategory | None = None, passes=None
) -> list[str]:
    """Zone codes the person's badge opens: the category's open zones, and its restricted zones where the
    category has the lapel pin or the person holds a zone pass."""
    category = category or accreditation.category
    if category is None:
        return []
    if passes is None:
        passes = set(ZonePass.objects.filter(holder=accreditation).values_list("zone_id", flat=True))
    codes = []
    for zone in sorted(category.zones.all(), key=lambda z: (z.order, z.code)):
        if not zone.restricted or category.lapel_pin or zone.pk in passes:
            codes.append(zone.code)
    return codes


def validity_for(category: BadgeCategory) -> tuple[datetime.datetime, datetime.datetime]:
    """From midnight (Hà Nội) `valid_days_before` the first day to midnight after the last day."""
    ceremony = ceremony_get()
    if ceremony is None:
        raise Invalid(_("Set up the ceremony first."))
    start = local_midnight(ceremony.first_day - datetime.timedelta(days=category.valid_days_before))
    end = local_midnight(ceremony.last_day + datetime.timedelta(days=1))
    return start, end


def printable_refusal(accreditation: Accreditation) -> str | None:
    """Why no badge may be issued or printed for this person now (None: it may)."""
    if accreditation.vetting != VettingState.APPROVED:
        return _("%(person)s is not approved by security (%(state)s): no badge can be printed.") % {
            "person": accreditation,
            "state": accreditation.get_vetting_display().lower(),
        }
    if accreditation.photo_state not in PHOTO_PRINTABLE:
        return _("The photo of %(person)s is not approved: no badge can be printed.") % {
            "person": accreditation
        }
    if accreditation.category_id is None:
        return _("%(person)s has no badge category yet.") % {"person": accreditation}
    return None


def _revoke(badge: Badge, *, by, reason: str, note: str = "") -> Badge:
    """Revoke a LOCKED live badge (caller holds the transaction)."""
    badge.revoked_at = timezone.now()
    badge.revoked_reason = reason
    badge.revoked_note = note[:300]
    badge.revocation_version = counter_next(REVOCATION_COUNTER)
    return transition(
        badge,
        machine=BADGE_MACHINE,
        to=BadgeState.REVOKED,
        by=by,
        action="badge.revoked",
        reason=note,
        data={"reason": str(RevocationReason(reason).label), "serial": badge.serial},
        fields=("revoked_at", "revoked_reason", "revoked_note", "revocation_version"),
    )


def _issue(accreditation: Accreditation, *, by, replaces: Badge | None = None) -> Badge:
    refusal = printable_refusal(accreditation)
    if refusal:
        raise Invalid(refusal, code="not_approved")
    category = accreditation.category
    valid_from, valid_until = validity_for(category)
    badge = Badge(
        accreditation=accreditation,
        serial=SERIAL_START + counter_next(SERIAL_COUNTER),
        category=category,
        category_code=category.code,
        zone_codes=zones_for(accreditation, category=category),
        valid_from=valid_from,
        valid_until=valid_until,
        replaces=replaces,
    )
    return record_change(
        badge,
        by=by,
        action="badge.issued",
        created=True,
        reconcile=False,
        data={"serial": badge.serial, "replaces": replaces.serial if replaces else None},
    )


def _lock_accreditation(accreditation: Accreditation) -> Accreditation:
    return (
        Accreditation.objects.select_for_update(of=("self",))
        .select_related("category")
        .get(pk=accreditation.pk)
    )


def badge_sync(*, accreditation: Accreditation, by) -> Badge | None:
    """Bring the person's badge in line with their accreditation, inside the caller's transaction:

    - not printable any more (approval withdrawn, photo rejected): the live badge is revoked;
    - category, zones or validity changed: the live badge is revoked ("changed") and a new one issued;
    - printable and no live badge: one is issued (state "approved", waiting in the print queue).

    Returns the live badge (or None)."""
    live = (
        Badge.objects.select_for_update(of=("self",))
        .filter(accreditation=accreditation, state__in=LIVE_BADGE_STATES)
        .first()
    )
    if printable_refusal(accreditation):
        if live is not None:
            _revoke(
                live,
                by=by,
                reason=RevocationReason.VETTING
                if accreditation.vetting != VettingState.APPROVED
                else RevocationReason.CHANGED,
            )
        return None
    if live is not None:
        start, end = validity_for(accreditation.category)
        same = (
            live.category_id == accreditation.category_id
            and live.category_code == accreditation.category.code
            and list(live.zone_codes) == zones_for(accreditation)
            and live.valid_from == start
            and live.valid_until == end
        )
        if same:
            return live
        _revoke(live, by=by, reason=RevocationReason.CHANGED)
        badge = _issue(accreditation, by=by, replaces=live)
    else:
        previous = (
            Badge.objects.filter(
                accreditation=accreditation, state=BadgeState.REVOKED, replaced_by__isnull=True
            )
            .order_by("-revoked_at")
            .first()
        )
        badge = _issue(accreditation, by=by, replaces=previous)
    bump(NAMESPACE)
    return badge


def badge_issue(*, accreditation: Accreditation, by) -> Badge:
    """Issue the badge of an approved person (refused otherwise, with the reason). Idempotent."""
    check_officer(by)
    with transaction.atomic():
        accreditation = _lock_accreditation(accreditation)
        refusal = printable_refusal(accreditation)
        if refusal:
            raise Invalid(refusal, code="not_approved")
        return badge_sync(accreditation=accreditation, by=by)


def badge_reissue(*, badge: Badge, by, reason: str, note: str = "") -> Badge:
    """A lost, stolen or damaged badge: revoke it (its serial goes on the revocation list) and issue a new
    one with a new serial. Side effects: audit entries for both badges."""
    check_officer(by)
    if reason not in RevocationReason.values:
        raise Invalid({"reason": _("Choose a reason.")})
    with transaction.atomic():
        badge = Badge.objects.select_for_update(of=("self",)).get(pk=badge.pk)
        if badge.state not in LIVE_BADGE_STATES:
            raise Conflict(_("Badge %(badge)s is already revoked.") % {"badge": badge})
        accreditation = _lock_accreditation(badge.accreditation)
        _revoke(badge, by=by, reason=reason, note=note)
        new = _issue(accreditation, by=by, replaces=badge)
        bump(NAMESPACE)
    return new


def badge_revoke(*, badge: Badge, by, reason: str, note: str = "") -> Badge:
    """Revoke without reissuing (the person no longer attends). Side effects: audit, revocation list."""
    check_officer(by)
    if reason not in RevocationReason.values:
        raise Invalid({"reason": _("Choose a reason.")})
    with transaction.atomic():
        badge = Badge.objects.select_for_update(of=("self",)).get(pk=badge.pk)
        if badge.state not in LIVE_BADGE_STATES:
            raise Conflict(_("Badge %(badge)s is already revoked.") % {"badge": badge})
        _revoke(badge, by=by, reason=reason, note=note)
        bump(NAMESPACE)
    return badge


def badges_mark_printed(*, badge_ids, by) -> list[Badge]:
    """Mark badges printed (the print queue). Refuses the whole batch when any is not printable, naming
    who. Side effects: one audit entry per badge."""
    check_officer(by)
    ids = sorted({int(i) for i in badge_ids})
    with transaction.atomic():
        badges = list(
            Badge.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .select_related("accreditation")
            .order_by("pk")
        )
        if len(badges) != len(ids):
            raise Conflict()
        for badge in badges:
            refusal = badge.accreditation and printable_refusal(badge.accreditation)
            if badge.accreditation is None or refusal:
                raise Invalid(refusal or _("This badge has no person."), code="not_approved")
            if badge.state != BadgeState.APPROVED:
                raise Conflict(
                    _("Badge %(badge)s is already %(state)s.")
                    % {"badge": badge, "state": badge.get_state_display().lower()}
                )
        now = timezone.now()
        for badge in badges:
            badge.printed_at = now
            transition(
                badge,
                machine=BADGE_MACHINE,
                to=BadgeState.PRINTED,
                by=by,
                action="badge.printed",
                fields=("printed_at",),
            )
        bump(NAMESPACE)
    return badges


def badges_follow_categories(*, category_ids, by) -> int:
    """After an organiser edits categories or zones: every live badge whose category, zones or validity
    no longer match is revoked ("changed") and reissued. Returns how many badges were reissued."""
    changed = 0
    with transaction.atomic():
        ids = list(
            Accreditation.objects.filter(
                category_id__in=list(category_ids), badges__state__in=LIVE_BADGE_STATES
            )
            .values_list("pk", flat=True)
            .distinct()
        )
        for accreditation in (
            Accreditation.objects.select_for_update(of=("self",))
            .select_related("category")
            .filter(pk__in=ids)
        ):
            before = (
                Badge.objects.filter(accreditation=accreditation, state__in=LIVE_BADGE_STATES)
                .values_list("pk", flat=True)
                .first()
            )
            after = badge_sync(accreditation=accreditation, by=by)
            changed += int(after is not None and after.pk != before)
    return changed
