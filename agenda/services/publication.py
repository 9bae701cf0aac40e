"""Publishing the programme: changelog since the last publication, only affected people told."""

import datetime
from collections import defaultdict
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.models import Liaison
from hanoi_ceremony.core.locks import transaction_lock
from hanoi_ceremony.core.transitions import record
from hanoi_ceremony.notifications.services import notify
from hanoi_ceremony.reminders.services import reminders_reconcile

from ..enums import ChangeKind, SessionStatus
from ..models import ChangelogEntry, ProgrammeVersion, Session, SessionParticipant, SessionRegistration


def _snapshot_row(session: Session) -> dict:
    return {
        "title": session.title,
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "room": session.room.name if session.room_id else "",
        "status": session.status,
    }


def _diff(previous: dict, current: dict[str, dict]) -> list[tuple[str, str, dict | None, dict]]:
    """(session id, change kind, old row, new row) for every change since the last publication."""
    changes = []
    for pk, row in current.items():
        old = previous.get(pk)
        if (
            old is None
            or old["status"] == SessionStatus.CANCELLED
            and row["status"] != SessionStatus.CANCELLED
        ):
            if row["status"] != SessionStatus.CANCELLED:
                changes.append((pk, ChangeKind.NEW, old, row))
            continue
        if row["status"] == SessionStatus.CANCELLED:
            if old["status"] != SessionStatus.CANCELLED:
                changes.append((pk, ChangeKind.CANCELLED, old, row))
            continue
        # One line per session: a move of time and room is one change (the line shows both).
        if old["starts_at"] != row["starts_at"] or old["ends_at"] != row["ends_at"]:
            changes.append((pk, ChangeKind.MOVED, old, row))
        elif old["room"] != row["room"]:
            changes.append((pk, ChangeKind.ROOM_CHANGED, old, row))
    return changes


def _current_rows() -> dict[str, dict]:
    """What a publication now would publish: the public sessions and the drafts about to become public."""
    sessions = (
        Session.objects.filter(Q(first_published_at__isnull=False) | Q(status=SessionStatus.DRAFT))
        .select_related("room")
        .order_by("starts_at", "pk")
    )
    rows = {}
    for session in sessions:
        row = _snapshot_row(session)
        if row["status"] == SessionStatus.DRAFT:
            row["status"] = SessionStatus.PUBLISHED
        rows[str(session.pk)] = row
    return rows


def programme_preview() -> list[SimpleNamespace]:
    """The changes a publication now would announce (nothing is written): kind, title, old and new times and
    rooms. Its length is the count of unpublished changes shown to the organisers."""
    last = ProgrammeVersion.objects.order_by("-number").first()
    current = _current_rows()
    return [
        _change_line(pk, kind, old, new)
        for pk, kind, old, new in _diff(last.snapshot if last else {}, current)
    ]


def _change_line(pk: str, kind: str, old: dict | None, new: dict) -> SimpleNamespace:
    moment = datetime.datetime.fromisoformat
    return SimpleNamespace(
        session_id=int(pk),
        kind=kind,
        kind_label=ChangeKind(kind).label,
        title=new["title"],
        old_starts_at=moment(old["starts_at"]) if old else None,
        old_ends_at=moment(old["ends_at"]) if old else None,
        new_starts_at=moment(new["starts_at"]),
        new_ends_at=moment(new["ends_at"]),
        old_room=old["room"] if old else "",
        new_room=new["room"],
    )


def _affected_users(session_ids: list[int]) -> tuple[dict, dict]:
    """Users to tell about the changed sessions: liaisons of speakers', registered delegates' and organising
    delegations; plus external speakers with an e-mail address. Returns ({user: [session ids]}, {email: [...]})."""
    by_delegation: dict[int, set[int]] = defaultdict(set)
    for session_id, delegation_id in SessionParticipant.objects.filter(
        session_id__in=session_ids, member__isnull=False
    ).values_list("session_id", "member__delegation_id"):
        by_delegation[delegation_id].add(session_id)
    for session_id, delegation_id in SessionRegistration.objects.filter(
        session_id__in=session_ids
    ).values_list("session_id", "member__delegation_id"):
        by_delegation[delegation_id].add(session_id)
    for session_id, delegation_id in Session.organisers.through.objects.filter(
        session_id__in=session_ids
    ).values_list("session_id", "delegation_id"):
        by_delegation[delegation_id].add(session_id)
    users: dict = defaultdict(set)
    for liaison in Liaison.objects.filter(delegation_id__in=by_delegation).select_related("user"):
        users[liaison.user] |= by_delegation[liaison.delegation_id]
    externals: dict[str, set[int]] = defaultdict(set)
    for session_id, email in (
        SessionParticipant.objects.filter(session_id__in=session_ids, member__isnull=True)
        .exclude(email="")
        .values_list("session_id", "email")
    ):
        externals[email.lower()].add(session_id)
    return users, externals


def programme_publish(*, by, note: str = "") -> ProgrammeVersion:
    """Publish the programme: drafts become public; the differences since the last publication (new, moved,
    cancelled, room changed) become the public changelog; only the people affected are told.
    Side effects: audit entry, pages invalidated, notifications and e-mails to affected people."""
    with transaction.atomic():
        # One publisher at a time: a row lock on the last version does not stop two first publications,
        # and after waiting for it the second publisher would still read the old "last" and take its number.
        transaction_lock("agenda.programme_publish")
        last = ProgrammeVersion.objects.order_by("-number").first()
        now = timezone.now()
        Session.objects.filter(status=SessionStatus.DRAFT).update(status=SessionStatus.PUBLISHED)
        Session.objects.filter(status=SessionStatus.PUBLISHED, first_published_at__isnull=True).update(
            first_published_at=now
        )
        sessions = list(
            Session.objects.filter(first_published_at__isnull=False)
            .select_related("room")
            .order_by("starts_at", "pk")
        )
        for session in sessions:  # newly public sessions start reminding their people
            reminders_reconcile(target=session)
        current = {str(s.pk): _snapshot_row(s) for s in sessions}
        previous = last.snapshot if last else {}
        if last is not None and not _diff(previous, current):
            raise ValidationError(
                _("Nothing changed since version %(number)s: no new version was published.")
                % {"number": last.number},
                code="nothing_changed",
            )
        version = ProgrammeVersion.objects.create(
            number=(last.number + 1) if last else 1,
            published_at=now,
            published_by=by,
            note=note,
            snapshot=current,
        )
        changes = _diff(previous, current)
        ChangelogEntry.objects.bulk_create(
            [
                ChangelogEntry(
                    version=version,
                    session_id=int(pk),
                    kind=kind,
                    title=new["title"],
                    old_starts_at=datetime.datetime.fromisoformat(old["starts_at"]) if old else None,
                    new_starts_at=datetime.datetime.fromisoformat(new["starts_at"]),
                    old_ends_at=datetime.datetime.fromisoformat(old["ends_at"]) if old else None,
                    new_ends_at=datetime.datetime.fromisoformat(new["ends_at"]),
                    old_room=old["room"] if old else "",
                    new_room=new["room"],
                )
                for pk, kind, old, new in changes
            ]
        )
        record(
            version,
            by=by,
            action="programme_version.published",
            reason=note,
            data={
                "from_number": last.number if last else "",
                "number": version.number,
                "changes": len(changes),
            },
        )
        # The first publication announces the whole programme; afterwards only changed sessions' people.
        if last is not None and changes:
            titles = {pk: current[pk]["title"] for pk, _kind, _old, _new in changes}
            kinds = defaultdict(list)
            for pk, kind, _old, _new in changes:
                kinds[int(pk)].append(str(ChangeKind(kind).label))
            users, externals = _affected_users([int(pk) for pk in titles])
            recipients = [(user, ids) for user, ids in users.items()]
            recipients += [
                (SimpleNamespace(pk=None, email=email, language="en"), ids)
                for email, ids in externals.items()
            ]
            for recipient, ids in recipients:
                notify(
                    recipient=recipient,
                    kind="agenda.programme_changed",
                    template="agenda/email/programme_changed",
                    context={
                        "version": version.number,
                        "external": recipient.pk is None,  # a speaker from outside: no delegation of theirs
                        "items": [
                            {
                                "title": titles[str(i)],
                                "changes": ", ".join(kinds[i]),
                                "starts_at": datetime.datetime.fromisoformat(current[str(i)]["starts_at"]),
                                "ends_at": datetime.datetime.fromisoformat(current[str(i)]["ends_at"]),
                                "room": current[str(i)]["room"],
                                "cancelled": current[str(i)]["status"] == SessionStatus.CANCELLED,
                                "ics": f"{settings.SITE_URL}/programme/sessions/{i}.ics",
                            }
                            for i in sorted(ids)
                        ],
                    },
                    url="/programme/changes/",
                )
    return version
