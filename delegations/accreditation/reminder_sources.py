"""Reminder source of accreditation, registered from AccreditationConfig.ready:

* ``accreditation.missing_documents`` — before the ceremony's accreditation deadline, to the liaisons of
  each delegation with people still lacking a photo (missing or rejected) or passport details.

The accreditation services reconcile the delegation's reminders whenever a photo verdict or a member's
passport changes; the engine's sender re-checks `is_active` before anything goes out.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hanoi_ceremony.core.selectors import ceremony_get
from hanoi_ceremony.reminders.registry import DAY, ReminderSource, register_source

from .enums import PhotoState

GONE = ("declined", "withdrawn")


def missing_q(prefix: str = "") -> Q:
    return (
        Q(**{f"{prefix}photo_state__in": [PhotoState.MISSING, PhotoState.REJECTED]})
        | Q(**{f"{prefix}passport_key__isnull": True})
        | Q(**{f"{prefix}member__passport_expiry__isnull": True})
    )


def missing_counts(delegation) -> dict:
    from .models import Accreditation

    rows = Accreditation.objects.filter(delegation=delegation)
    return {
        "photos": rows.filter(photo_state__in=[PhotoState.MISSING, PhotoState.REJECTED]).count(),
        "passports": rows.filter(
            Q(passport_key__isnull=True) | Q(member__passport_expiry__isnull=True)
        ).count(),
    }


def _deadline(delegation):
    ceremony = ceremony_get()
    return ceremony.accreditation_deadline if ceremony else None


def _liaisons(delegation):
    from delegations.models import Liaison

    return [
        (link.user, "liaison")
        for link in Liaison.objects.filter(delegation=delegation).select_related("user")
    ]


def _active(delegation) -> bool:
    from .models import Accreditation

    return (
        delegation.status not in GONE
        and Accreditation.objects.filter(missing_q(), delegation=delegation).exists()
    )


def _targets():
    from delegations.models import Delegation

    return Delegation.objects.exclude(status__in=GONE).filter(missing_q("accreditations__")).distinct()


def register() -> None:
    from delegations.models import Delegation

    register_source(
        ReminderSource(
            key="accreditation.missing_documents",
            follows_ceremony=True,
            model=Delegation,
            label=_("Accreditation deadline: photos and passports missing (liaisons)"),
            due_at=_deadline,
            recipients=_liaisons,
            is_active=_active,
            context=lambda d: {"delegation": d, "title": d.name, "missing": missing_counts(d)},
            url=lambda d: reverse("accreditation:delegation", kwargs={"pk": d.pk}),
            template="accreditation/reminders/missing_documents",
            audiences=("liaison",),
            default_offsets=(7 * DAY, 3 * DAY, DAY),
            targets=_targets,
        )
    )
