"""Reminder sources of the delegations app, registered from DelegationsConfig.ready:

* ``delegations.registration_deadline`` — the ceremony's registration deadline, to the liaisons of each
  delegation whose registration is not yet submitted (invited, registering, changes requested).
* ``delegations.full_powers`` — an intended signatory's instrument of full powers still awaited (or
  rejected) before the opening of the ceremony, to the delegation's liaisons.

Services call ``reminders_reconcile(target=...)`` when a delegation changes status or gains a liaison, and
when full powers are designated or received; the engine's sender re-checks both before anything goes out.
Invitees who have not yet opened their link have no account, so the engine (which reminds users) cannot
reach them; their invitation e-mail is the reminder.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.core.selectors import ceremony_get
from hanoi_ceremony.reminders.registry import DAY, ReminderSource, register_source
from hanoi_ceremony.reminders.sources import opening_at

from .enums import DelegationStatus, FullPowersStatus
from .models import Delegation, FullPowers, Liaison

INCOMPLETE = (DelegationStatus.INVITED, DelegationStatus.REGISTERING, DelegationStatus.CHANGES_REQUESTED)
GONE = (DelegationStatus.DECLINED, DelegationStatus.WITHDRAWN)
OUTSTANDING_POWERS = (FullPowersStatus.AWAITED, FullPowersStatus.REJECTED)


def _liaisons(delegation_id: int):
    return [
        (link.user, "liaison")
        for link in Liaison.objects.filter(delegation_id=delegation_id).select_related("user")
    ]


def _deadline(delegation):
    ceremony = ceremony_get()
    return ceremony.registration_deadline if ceremony else None


def _opening(full_powers):
    ceremony = ceremony_get()
    return opening_at(ceremony) if ceremony else None


def register() -> None:
    register_source(
        ReminderSource(
            key="delegations.registration_deadline",
            follows_ceremony=True,
            model=Delegation,
            label=_("Registration deadline (liaisons)"),
            due_at=_deadline,
            recipients=lambda d: _liaisons(d.pk),
            is_active=lambda d: d.status in INCOMPLETE,
            context=lambda d: {"delegation": d, "title": d.name},
            url=lambda d: reverse("delegations:detail", kwargs={"pk": d.pk}),
            template="delegations/reminders/registration_deadline",
            audiences=("liaison",),
            default_offsets=(7 * DAY, 3 * DAY, DAY),
            targets=lambda: Delegation.objects.filter(status__in=INCOMPLETE),
        )
    )
    register_source(
        ReminderSource(
            key="delegations.full_powers",
            follows_ceremony=True,
            model=FullPowers,
            label=_("Full powers awaited before the signing"),
            due_at=_opening,
            recipients=lambda fp: _liaisons(fp.member.delegation_id),
            is_active=lambda fp: fp.status in OUTSTANDING_POWERS and fp.member.delegation.status not in GONE,
            context=lambda fp: {"full_powers": fp, "member": fp.member, "title": str(fp.member)},
            url=lambda fp: reverse("delegations:detail", kwargs={"pk": fp.member.delegation_id}),
            template="delegations/reminders/full_powers",
            audiences=("liaison",),
            default_offsets=(7 * DAY, 3 * DAY, DAY),
            targets=lambda: FullPowers.objects.filter(status__in=OUTSTANDING_POWERS).select_related(
                "member__delegation"
            ),
        )
    )
