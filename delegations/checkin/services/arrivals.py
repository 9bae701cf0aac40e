"""Arrival alerts: who is on duty, and the in-app alert when a head of delegation first comes in."""

from django.conf import settings
from django.db import transaction

from hanoi_ceremony.core.transitions import record_change

from .. import badges
from ..models import DutyStatus, Scan

# --- arrival alerts ----------------------------------------------------------------------------------


def duty_set(*, user, on_duty: bool, by) -> DutyStatus:
    """Put a user on or off duty for arrival alerts. Side effects: an audit entry."""
    with transaction.atomic():
        status, created = DutyStatus.objects.select_for_update().get_or_create(user=user)
        status.on_duty = on_duty
        record_change(
            status,
            by=by,
            action="dutystatus.changed",
            fields=("on_duty",),
            data={"on_duty": "on duty" if on_duty else "off duty"},
            reconcile=False,
        )
    return status


def arrival_recipients():
    """Users on duty who belong to the arrivals subcommittee (Reception by default)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            subcommittee_memberships__subcommittee__slug=settings.CHECKIN_ARRIVAL_SUBCOMMITTEE,
            checkin_duty__on_duty=True,
            is_active=True,
        )
        .distinct()
    )


def _arrival_alert(*, scan_id: int) -> int:
    """Tell the on-duty Reception members that a head of delegation just came in (in-app, at once)."""
    from django.urls import reverse

    from hanoi_ceremony.notifications.services import IN_APP, notify

    scan = Scan.objects.select_related("gate", "checkin_list").filter(pk=scan_id).first()
    if scan is None or scan.badge_id is None:
        return 0
    badge = badges.badges_with_holder().get(pk=scan.badge_id)
    holder = badges.holder(badge)
    context = {
        "name": holder.name,
        "delegation": holder.delegation,
        "gate": scan.gate.name,
        "list": scan.checkin_list.name if scan.checkin_list else "",
        "at": scan.device_time,
    }
    sent = 0
    for user in arrival_recipients():
        notify(
            recipient=user,
            kind="checkin.arrival",
            template="checkin/notifications/arrival",
            context=context,
            url=reverse("checkin:dashboard"),
            channels=(IN_APP,),
        )
        sent += 1
    return sent
