"""Reminder source of the bilaterals app: ``bilaterals.meeting`` — a scheduled meeting's start, to the
liaisons of both sides (and only them), with an .ics. The services re-time it on every move or cancel."""

from django.utils.translation import gettext_lazy as _

from delegations.models import Liaison
from hanoi_ceremony.reminders.registry import DAY, ReminderSource, register_source

from .enums import BilateralStatus
from .models import Bilateral


def _recipients(bilateral: Bilateral):
    links = Liaison.objects.filter(
        delegation_id__in=[bilateral.requester_id, bilateral.counterpart_id]
    ).select_related("user")
    return [(link.user, "side") for link in links.order_by("pk")]


def _ics(bilateral: Bilateral) -> str:
    from .ical import bilaterals_calendar

    return bilaterals_calendar([bilateral], name=str(bilateral)).decode("utf-8")


def register() -> None:
    register_source(
        ReminderSource(
            key="bilaterals.meeting",
            model=Bilateral,
            label=_("Bilateral meeting"),
            due_at=lambda b: b.starts_at,
            recipients=_recipients,
            is_active=lambda b: b.status == BilateralStatus.SCHEDULED and b.starts_at is not None,
            context=lambda b: {"bilateral": b, "title": str(b), "room": b.room.name if b.room_id else ""},
            url=lambda b: b.get_absolute_url(),
            template="bilaterals/reminders/meeting",
            ics=_ics,
            audiences=("side",),
            default_offsets=(DAY, 60),
            targets=lambda: Bilateral.objects.filter(status=BilateralStatus.SCHEDULED).select_related("room"),
        )
    )
