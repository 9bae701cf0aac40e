"""Reminder source of the signing app, registered from SigningConfig.ready:

* ``signing.entry`` — the start of the signing session, to the liaisons of each party still scheduled to
  sign (signatories are delegation members, not users: their liaisons are told), with an .ics.

The roster services call ``reminders_reconcile(target=entry)`` when a party is added, its signatory set,
or its status changes; when the session itself moves, the engine's sender notices the new start time and
re-times the row instead of sending a stale one.
"""

from django.utils.translation import gettext_lazy as _

from agenda.enums import SessionStatus
from agenda.reminder_sources import session_ics
from delegations.models import Liaison
from hanoi_ceremony.reminders.registry import DAY, ReminderSource, register_source

from .enums import SigningStatus
from .models import SigningEntry


def _liaisons(entry: SigningEntry):
    links = Liaison.objects.filter(delegation_id=entry.delegation_id).select_related("user").order_by("pk")
    return [(link.user, "signatory") for link in links]


def register() -> None:
    register_source(
        ReminderSource(
            key="signing.entry",
            model=SigningEntry,
            label=_("Signing (parties still to sign)"),
            due_at=lambda e: e.roster.session.starts_at,
            recipients=_liaisons,
            is_active=lambda e: (
                e.status == SigningStatus.SCHEDULED and e.roster.session.status == SessionStatus.PUBLISHED
            ),
            context=lambda e: {"session": e.roster.session, "title": e.roster.session.title, "entry": e},
            url=lambda e: e.roster.session.get_absolute_url(),
            template="agenda/reminders/session",
            ics=lambda e: session_ics(e.roster.session),
            audiences=("signatory",),
            default_offsets=(DAY, 120),
            targets=lambda: SigningEntry.objects.filter(status=SigningStatus.SCHEDULED).select_related(
                "roster__session"
            ),
        )
    )
