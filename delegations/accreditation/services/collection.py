"""Collection at the accreditation desk: the liaison collects the delegation's printed badges in bulk and
signs a custody receipt (APEC practice)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.core.errors import Conflict, Invalid
from hanoi_ceremony.core.pagecache import bump
from hanoi_ceremony.core.transitions import record_change, transition

from ..enums import BADGE_MACHINE, BadgeState
from ..models import Badge, BadgeCollection
from ._common import NAMESPACE, check_officer


def badges_collect(
    *, delegation_id: int, badge_ids, collected_by_name: str, by, collected_by=None
) -> BadgeCollection:
    """Hand printed badges of one delegation to the person named (the desk officer records it). All or
    nothing: a badge of another delegation, not printed or already collected refuses the whole batch.

    Side effects: one collection (the receipt) and an audit entry per badge."""
    check_officer(by)
    name = (collected_by_name or "").strip()
    if not name:
        raise Invalid({"collected_by_name": _("Write the name of the person collecting the badges.")})
    ids = sorted({int(i) for i in badge_ids})
    if not ids:
        raise Invalid(_("Select the badges being handed over."))
    with transaction.atomic():
        badges = list(
            Badge.objects.select_for_update(of=("self",))
            .filter(pk__in=ids, accreditation__delegation_id=delegation_id)
            .order_by("pk")
        )
        if len(badges) != len(ids):
            raise Invalid(_("Some selected badges do not belong to this delegation."))
        for badge in badges:
            if badge.state != BadgeState.PRINTED:
                raise Conflict(
                    _("Badge %(badge)s is %(state)s, not waiting for collection.")
                    % {"badge": badge, "state": badge.get_state_display().lower()}
                )
        collection = BadgeCollection(
            delegation_id=delegation_id,
            collected_by_name=name[:200],
            collected_by=collected_by,
            desk_officer=by,
        )
        record_change(
            collection,
            by=by,
            action="badgecollection.recorded",
            created=True,
            reconcile=False,
            data={"collected_by": name, "count": len(badges)},
        )
        now = timezone.now()
        for badge in badges:
            badge.collected_at = now
            badge.collection = collection
            transition(
                badge,
                machine=BADGE_MACHINE,
                to=BadgeState.COLLECTED,
                by=by,
                action="badge.collected",
                data={"collected_by": name},
                fields=("collected_at", "collection"),
            )
        bump(NAMESPACE)
    return collection
