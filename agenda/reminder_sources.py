"""Reminder sources of the agenda app, registered from AgendaConfig.ready:

* ``agenda.session`` — a published session's start, to the liaisons of the delegations of its speakers
  (chairs, moderators, speakers who are delegation members) and of its registered delegates; with an .ics.

Delegates are not users: their delegation's liaisons receive the reminder. The services call
``reminders_reconcile(target=session)`` on every change (time, room, cancellation, people, registrations,
publication); the engine's sender re-checks status and start time before anything goes out. Signatories
of the signing session are reached through the signing app's own source once it is connected.
"""

from django.utils.translation import gettext_lazy as _

from delegations.models import Liaison
from hanoi_ceremony.reminders.registry import DAY, ReminderSource, register_source

from .enums import RegistrationStatus, SessionStatus
from .ical import calendar_build
from .models import Session, SessionParticipant, SessionRegistration


def session_recipients(session: Session):
    speakers = SessionParticipant.objects.filter(session=session, member__isnull=False).values(
        "member__delegation_id"
    )
    delegates = SessionRegistration.objects.filter(
        session=session, status=RegistrationStatus.REGISTERED
    ).values("member__delegation_id")
    people = [
        (link.user, "speaker")
        for link in Liaison.objects.filter(delegation_id__in=speakers).select_related("user").order_by("pk")
    ]
    people += [
        (link.user, "delegate")
        for link in Liaison.objects.filter(delegation_id__in=delegates).select_related("user").order_by("pk")
    ]
    return people


def session_ics(session: Session) -> str:
    return calendar_build([session], name=session.title).decode("utf-8")


def register() -> None:
    register_source(
        ReminderSource(
            key="agenda.session",
            model=Session,
            label=_("Session start"),
            due_at=lambda s: s.starts_at,
            recipients=session_recipients,
            is_active=lambda s: s.status == SessionStatus.PUBLISHED,
            context=lambda s: {"session": s, "title": s.title},
            url=lambda s: s.get_absolute_url(),
            template="agenda/reminders/session",
            ics=session_ics,
            audiences=("speaker", "delegate"),
            default_offsets=(DAY, 120),
            targets=lambda: Session.objects.filter(status=SessionStatus.PUBLISHED),
        )
    )
