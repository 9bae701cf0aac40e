"""Every write to the programme: sessions, registrations, side-event proposals, booths, publication.

Each service is keyword-only, owns its transaction, validates with full_clean(), writes an audit entry and
bumps the "programme" page-cache namespace when what the public pages show changes.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.enums import Capacity
from delegations.models import Delegation, Liaison, Member
from hanoi_ceremony.accounts.roles import GROUP_ROLES, Role, is_organiser
from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.core.pagecache import bump
from hanoi_ceremony.core.selectors import ceremony_get
from hanoi_ceremony.notifications.services import notify

from .enums import (
    AccessLevel,
    ChangeKind,
    ParticipantRole,
    ProposalStatus,
    RegistrationStatus,
    SessionKind,
    SessionStatus,
)
from .ical import calendar_build
from .models import (
    HANOI,
    Booth,
    BoothAllocation,
    CalendarFeed,
    ChangelogEntry,
    ProgrammeVersion,
    Room,
    Session,
    SessionParticipant,
    SessionRegistration,
    SideEventProposal,
    SideEventSlot,
    new_feed_token,
)

NAMESPACE = "programme"
EXCLUSION_CONSTRAINT = "agenda_session_no_room_overlap"

SESSION_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "room",
    "languages",
    "interpretation",
    "access",
    "capacity",
)


# --- Checks shared by the services -----------------------------------------------------------------


def _overlapping(qs, *, starts_at, ends_at):
    return qs.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).exclude(status=SessionStatus.CANCELLED)


def session_room_conflicts(*, room: Room | None, starts_at, ends_at, exclude_pk=None):
    """Non-cancelled sessions that hold `room` during [starts_at, ends_at)."""
    if room is None:
        return Session.objects.none()
    qs = _overlapping(Session.objects.filter(room=room), starts_at=starts_at, ends_at=ends_at)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs


def _check_within_ceremony(*, starts_at, ends_at) -> None:
    ceremony = ceremony_get()
    if ceremony is None:
        return
    first = starts_at.astimezone(HANOI).date()
    last = (ends_at - datetime.timedelta(microseconds=1)).astimezone(HANOI).date()
    if first < ceremony.first_day or last > ceremony.last_day:
        raise ValidationError(
            {
                "starts_at": _(
                    "Sessions must lie within the ceremony days (%(first)s – %(last)s, Hà Nội time)."
                )
                % {"first": ceremony.first_day.isoformat(), "last": ceremony.last_day.isoformat()}
            }
        )


def _check_session(session: Session) -> None:
    """Field validation, the ceremony days and the room's free time — the same rule as the DB constraint."""
    session.full_clean(exclude=["organisers"])
    _check_within_ceremony(starts_at=session.starts_at, ends_at=session.ends_at)
    if session.capacity is not None and session.room is not None and session.capacity > session.room.capacity:
        raise ValidationError(
            {
                "capacity": _("%(room)s seats only %(count)s.")
                % {"room": session.room, "count": session.room.capacity}
            }
        )
    if session.status != SessionStatus.CANCELLED:
        clash = session_room_conflicts(
            room=session.room, starts_at=session.starts_at, ends_at=session.ends_at, exclude_pk=session.pk
        ).first()
        if clash is not None:
            start = clash.starts_at.astimezone(HANOI)
            end = clash.ends_at.astimezone(HANOI)
            raise ValidationError(
                {
                    "room": _("%(room)s is already booked for “%(title)s” (%(start)s–%(end)s).")
                    % {
                        "room": session.room,
                        "title": clash.title,
                        "start": f"{start:%d %b %H:%M}",
                        "end": f"{end:%H:%M}",
                    }
                }
            )


def _save_session(session: Session) -> None:
    """Save inside a savepoint; a race that slips past the check hits the exclusion constraint."""
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError as exc:
        if EXCLUSION_CONSTRAINT in str(exc):
            raise ValidationError({"room": _("This room is already booked at that time.")}) from exc
        raise


@dataclass
class PersonConflict:
    member: Member
    session: Session
    other: Session


def person_conflicts(*, session: Session) -> list[PersonConflict]:
    """Members who take part in (speak at or are registered for) `session` and another overlapping session.
    A warning for the organiser, not a block."""
    members = set(session.participants.filter(member__isnull=False).values_list("member_id", flat=True))
    members |= set(session.registrations.values_list("member_id", flat=True))
    if not members or session.status == SessionStatus.CANCELLED:
        return []
    others = _overlapping(
        Session.objects.exclude(pk=session.pk), starts_at=session.starts_at, ends_at=session.ends_at
    )
    found: list[PersonConflict] = []
    seen = set()
    rows = list(
        SessionParticipant.objects.filter(session__in=others, member_id__in=members).select_related(
            "member", "session"
        )
    ) + list(
        SessionRegistration.objects.filter(session__in=others, member_id__in=members).select_related(
            "member", "session"
        )
    )
    for row in rows:
        key = (row.member_id, row.session_id)
        if key not in seen:
            seen.add(key)
            found.append(PersonConflict(member=row.member, session=session, other=row.session))
    return found


def _conflict_warnings(session: Session) -> list[str]:
    return [
        _("%(person)s is also in “%(other)s” at an overlapping time.")
        % {"person": c.member, "other": c.other.title}
        for c in person_conflicts(session=session)
    ]


# --- Sessions ----------------------------------------------------------------------------------------


@dataclass
class SessionResult:
    session: Session
    warnings: list[str] = field(default_factory=list)


def session_create(*, by, organisers: list[Delegation] | None = None, **values) -> SessionResult:
    """Create a draft session. Side effects: audit entry, programme pages invalidated."""
    unknown = set(values) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown session fields: {sorted(unknown)}")
    with transaction.atomic():
        session = Session(**values)
        _check_session(session)
        _save_session(session)
        if organisers:
            session.organisers.set(organisers)
        audit_record(actor=by, action="session.create", target=session, to_state=session.status)
        bump(NAMESPACE)
    return SessionResult(session=session, warnings=_conflict_warnings(session))


def session_update(
    *, session: Session, by, organisers: list[Delegation] | None = None, **values
) -> SessionResult:
    """Change a session's details, time or room. Side effects: audit entry (old → new), pages invalidated,
    waiting list promoted when the capacity grows."""
    unknown = set(values) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown session fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        before = {name: str(getattr(locked, name)) for name in values}
        for name, value in values.items():
            setattr(locked, name, value)
        _check_session(locked)
        if locked.capacity is not None:
            taken = locked.registrations.filter(status=RegistrationStatus.REGISTERED).count()
            if locked.capacity < taken:
                raise ValidationError(
                    {
                        "capacity": _(
                            "%(count)s delegates are already registered; seats cannot go below that."
                        )
                        % {"count": taken}
                    }
                )
        _save_session(locked)
        if organisers is not None:
            locked.organisers.set(organisers)
        audit_record(
            actor=by,
            action="session.update",
            target=locked,
            from_state=locked.status,
            to_state=locked.status,
            data={"before": before, "after": {name: str(getattr(locked, name)) for name in values}},
        )
        _promote_waitlist(session=locked)
        bump(NAMESPACE)
    return SessionResult(session=locked, warnings=_conflict_warnings(locked))


def session_cancel(*, session: Session, by, reason: str = "") -> Session:
    """Cancel a session (its room becomes free). Side effects: audit entry, pages invalidated; the people
    affected are told at the next publication."""
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.status == SessionStatus.CANCELLED:
            raise ValidationError(_("This session is already cancelled."))
        previous = locked.status
        locked.status = SessionStatus.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=by,
            action="session.cancel",
            target=locked,
            from_state=previous,
            to_state=locked.status,
            reason=reason,
        )
        bump(NAMESPACE)
    return locked


def session_participant_add(
    *,
    session: Session,
    by,
    role: str = ParticipantRole.SPEAKER,
    member: Member | None = None,
    name: str = "",
    affiliation: str = "",
    email: str = "",
    order: int = 0,
) -> SessionResult:
    """Add a chair, moderator or speaker. Returns warnings when the person is in an overlapping session."""
    with transaction.atomic():
        participant = SessionParticipant(
            session=session,
            role=role,
            member=member,
            name=name,
            affiliation=affiliation,
            email=email,
            order=order,
        )
        participant.full_clean()
        participant.save()
        audit_record(
            actor=by,
            action="session.participant_add",
            target=session,
            data={"role": role, "who": str(participant)},
        )
        bump(NAMESPACE)
    return SessionResult(session=session, warnings=_conflict_warnings(session))


# --- Registrations -----------------------------------------------------------------------------------


def _member_busy(*, member: Member, session: Session) -> Session | None:
    """Another non-cancelled session overlapping `session` in which the member is registered (or waiting)
    or has a role."""
    others = _overlapping(
        Session.objects.exclude(pk=session.pk), starts_at=session.starts_at, ends_at=session.ends_at
    )
    return (
        others.filter(Q(registrations__member=member) | Q(participants__member=member))
        .order_by("starts_at")
        .first()
    )


def session_register(*, session: Session, member: Member, by) -> SessionRegistration:
    """Give `member` a seat, or a place on the waiting list when the session is full.

    Locks the session row (then the member row) so two requests for the last seat queue: never more
    registrations than seats. Refuses double registration and overlapping sessions.
    Side effects: audit entry, programme pages invalidated (seats left).
    """
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        Member.objects.select_for_update().filter(pk=member.pk).first()
        if locked.status == SessionStatus.CANCELLED:
            raise ValidationError(_("This session is cancelled."))
        if locked.capacity is None:
            raise ValidationError(_("This session takes no registrations."))
        if locked.access == AccessLevel.HEADS_ONLY and member.capacity != Capacity.HEAD:
            raise ValidationError({"member": _("Only heads of delegation may attend this session.")})
        if locked.access == AccessLevel.INVITATION and not is_organiser(by):
            raise ValidationError(
                _("This session is by invitation: the organisers register its participants.")
            )
        if SessionRegistration.objects.filter(session=locked, member=member).exists():
            raise ValidationError({"member": _("This delegate is already registered for this session.")})
        clash = _member_busy(member=member, session=locked)
        if clash is not None:
            raise ValidationError(
                {
                    "member": _("%(person)s is already in “%(title)s” at an overlapping time.")
                    % {"person": member, "title": clash.title}
                }
            )
        taken = SessionRegistration.objects.filter(
            session=locked, status=RegistrationStatus.REGISTERED
        ).count()
        status = RegistrationStatus.REGISTERED if taken < locked.capacity else RegistrationStatus.WAITLISTED
        registration = SessionRegistration(session=locked, member=member, status=status, registered_by=by)
        registration.full_clean(validate_unique=False, validate_constraints=False)
        registration.save()
        audit_record(
            actor=by, action="registration.create", target=locked, to_state=status, data={"member": member.pk}
        )
        bump(NAMESPACE)
    return registration


def session_unregister(*, registration: SessionRegistration, by) -> SessionRegistration | None:
    """Withdraw a registration; the first on the waiting list takes the freed seat.
    Side effects: audit entry, pages invalidated, the promoted delegate's liaisons told. Returns the
    promoted registration, if any."""
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=registration.session_id)
        row = SessionRegistration.objects.filter(pk=registration.pk).first()
        if row is None:
            raise ValidationError(_("This registration was already withdrawn."))
        audit_record(
            actor=by,
            action="registration.withdraw",
            target=locked,
            from_state=row.status,
            data={"member": row.member_id},
        )
        row.delete()
        promoted = _promote_waitlist(session=locked)
        bump(NAMESPACE)
    return promoted[0] if promoted else None


def _promote_waitlist(*, session: Session) -> list[SessionRegistration]:
    """Fill free seats from the waiting list, oldest first (caller holds the session lock)."""
    if session.capacity is None or session.status == SessionStatus.CANCELLED:
        return []
    taken = SessionRegistration.objects.filter(session=session, status=RegistrationStatus.REGISTERED).count()
    free = session.capacity - taken
    if free <= 0:
        return []
    waiting = list(
        SessionRegistration.objects.filter(session=session, status=RegistrationStatus.WAITLISTED)
        .select_related("member__delegation")
        .order_by("created_at", "pk")[:free]
    )
    now = timezone.now()
    for reg in waiting:
        reg.status = RegistrationStatus.REGISTERED
        reg.promoted_at = now
        reg.save(update_fields=["status", "promoted_at"])
        audit_record(
            actor=None,
            action="registration.promote",
            target=session,
            from_state=RegistrationStatus.WAITLISTED,
            to_state=RegistrationStatus.REGISTERED,
            data={"member": reg.member_id},
        )
        for liaison in Liaison.objects.filter(delegation_id=reg.member.delegation_id).select_related("user"):
            notify(
                recipient=liaison.user,
                kind="agenda.waitlist_promoted",
                template="agenda/email/waitlist_promoted",
                context={"member": str(reg.member), "session": session.title, "starts": session.local_starts},
                url=session.get_absolute_url(),
            )
    return waiting


# --- Side-event proposals ----------------------------------------------------------------------------


def proposal_submit(
    *,
    delegation: Delegation,
    by,
    title: str,
    description: str = "",
    co_organisers: list[Delegation] | None = None,
    other_co_organisers: str = "",
    speakers: str = "",
    logistics_needs: str = "",
    expected_attendance: int = 50,
) -> SideEventProposal:
    """A liaison proposes a side event. Side effects: audit entry, organisers told."""
    with transaction.atomic():
        proposal = SideEventProposal(
            delegation=delegation,
            proposed_by=by,
            title=title,
            description=description,
            other_co_organisers=other_co_organisers,
            speakers=speakers,
            logistics_needs=logistics_needs,
            expected_attendance=expected_attendance,
        )
        proposal.full_clean()
        proposal.save()
        if co_organisers:
            proposal.co_organisers.set([d for d in co_organisers if d.pk != delegation.pk])
        audit_record(actor=by, action="proposal.submit", target=proposal, to_state=proposal.status)
        for organiser in _organisers():
            notify(
                recipient=organiser,
                kind="agenda.proposal_submitted",
                template="agenda/email/proposal_submitted",
                context={"title": proposal.title, "delegation": delegation.name},
                url="/programme/proposals/",
            )
    return proposal


def _organisers():
    return (
        get_user_model()
        .objects.filter(Q(groups__name=GROUP_ROLES[Role.ORGANISER]) | Q(is_superuser=True), is_active=True)
        .distinct()
    )


def _proposers_tell(
    proposal: SideEventProposal, *, kind: str, template: str, context: dict, url: str, ics: str = ""
) -> None:
    delegation_ids = [proposal.delegation_id, *proposal.co_organisers.values_list("pk", flat=True)]
    for liaison in Liaison.objects.filter(delegation_id__in=delegation_ids).select_related("user"):
        notify(recipient=liaison.user, kind=kind, template=template, context=context, url=url, ics=ics)


def proposal_accept(
    *,
    proposal: SideEventProposal,
    by,
    slot: SideEventSlot,
    room: Room,
    kind: str = SessionKind.SIDE_EVENT,
    capacity: int | None = None,
    note: str = "",
) -> SessionResult:
    """Accept a proposal into a slot and room: creates the draft side-event session organised by the
    proposing and co-organising delegations. Side effects: audit entry, pages invalidated, proposers told."""
    with transaction.atomic():
        locked = SideEventProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status != ProposalStatus.SUBMITTED:
            raise ValidationError(_("This proposal has already been decided."))
        seats = capacity if capacity is not None else min(room.capacity, locked.expected_attendance)
        session = Session(
            kind=kind,
            title=locked.title,
            description=locked.description,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            room=room,
            capacity=seats,
        )
        try:
            _check_session(session)
        except ValidationError as exc:
            raise ValidationError({"room": exc.messages}) from exc
        _save_session(session)
        session.organisers.set([locked.delegation_id, *locked.co_organisers.values_list("pk", flat=True)])
        for line in locked.speakers.splitlines():
            name, _sep, affiliation = line.partition(",")
            if name.strip():
                SessionParticipant.objects.create(
                    session=session,
                    role=ParticipantRole.SPEAKER,
                    name=name.strip()[:200],
                    affiliation=affiliation.strip()[:200],
                )
        locked.status = ProposalStatus.ACCEPTED
        locked.session = session
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.decision_note = note
        locked.save()
        audit_record(
            actor=by,
            action="proposal.accept",
            target=locked,
            from_state=ProposalStatus.SUBMITTED,
            to_state=ProposalStatus.ACCEPTED,
            reason=note,
            data={"session": session.pk, "room": room.pk},
        )
        _proposers_tell(
            locked,
            kind="agenda.proposal_accepted",
            template="agenda/email/proposal_accepted",
            context={
                "title": locked.title,
                "room": str(room),
                "starts": session.local_starts,
                "ends": session.local_ends,
                "note": note,
            },
            url=session.get_absolute_url(),
            ics=calendar_build([session], name=session.title).decode(),
        )
        bump(NAMESPACE)
    return SessionResult(session=session)


def proposal_decline(*, proposal: SideEventProposal, by, note: str) -> SideEventProposal:
    """Decline a proposal with a reason. Side effects: audit entry, proposers told."""
    if not note.strip():
        raise ValidationError({"note": _("Tell the proposers why.")})
    with transaction.atomic():
        locked = SideEventProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status != ProposalStatus.SUBMITTED:
            raise ValidationError(_("This proposal has already been decided."))
        locked.status = ProposalStatus.DECLINED
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.decision_note = note
        locked.save()
        audit_record(
            actor=by,
            action="proposal.decline",
            target=locked,
            from_state=ProposalStatus.SUBMITTED,
            to_state=ProposalStatus.DECLINED,
            reason=note,
        )
        _proposers_tell(
            locked,
            kind="agenda.proposal_declined",
            template="agenda/email/proposal_declined",
            context={"title": locked.title, "note": note},
            url="/programme/proposals/",
        )
    return locked


# --- Booths ------------------------------------------------------------------------------------------


def booth_allocate(
    *,
    booth: Booth,
    by,
    exhibitor_name: str,
    exhibitor_kind: str,
    contact_name: str,
    contact_email: str,
    setup_starts_at,
    setup_ends_at,
    delegation: Delegation | None = None,
    contact_phone: str = "",
    description: str = "",
    website: str = "",
) -> BoothAllocation:
    """Give a free booth to one exhibitor. Side effects: audit entry, exhibitor list invalidated."""
    with transaction.atomic():
        locked = Booth.objects.select_for_update().get(pk=booth.pk)
        if BoothAllocation.objects.filter(booth=locked).exists():
            raise ValidationError({"booth": _("This booth is already allocated to an exhibitor.")})
        allocation = BoothAllocation(
            booth=locked,
            exhibitor_name=exhibitor_name,
            exhibitor_kind=exhibitor_kind,
            delegation=delegation,
            contact_name=contact_name,
            contact_email=contact_email,
            contact_phone=contact_phone,
            setup_starts_at=setup_starts_at,
            setup_ends_at=setup_ends_at,
            description=description,
            website=website,
            allocated_by=by,
        )
        allocation.full_clean()
        try:
            with transaction.atomic():
                allocation.save()
        except IntegrityError as exc:
            raise ValidationError({"booth": _("This booth is already allocated to an exhibitor.")}) from exc
        audit_record(actor=by, action="booth.allocate", target=locked, to_state=exhibitor_name)
        bump(NAMESPACE)
    return allocation


def booth_release(*, booth: Booth, by, reason: str = "") -> None:
    """Free a booth. Side effects: audit entry, exhibitor list invalidated."""
    with transaction.atomic():
        locked = Booth.objects.select_for_update().get(pk=booth.pk)
        allocation = BoothAllocation.objects.filter(booth=locked).first()
        if allocation is None:
            raise ValidationError(_("This booth is not allocated."))
        audit_record(
            actor=by,
            action="booth.release",
            target=locked,
            from_state=allocation.exhibitor_name,
            reason=reason,
        )
        allocation.delete()
        bump(NAMESPACE)


# --- Publication -------------------------------------------------------------------------------------


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
        if old["starts_at"] != row["starts_at"] or old["ends_at"] != row["ends_at"]:
            changes.append((pk, ChangeKind.MOVED, old, row))
        if old["room"] != row["room"]:
            changes.append((pk, ChangeKind.ROOM_CHANGED, old, row))
    return changes


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
        last = ProgrammeVersion.objects.select_for_update().order_by("-number").first()
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
        current = {str(s.pk): _snapshot_row(s) for s in sessions}
        previous = last.snapshot if last else {}
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
                    old_room=old["room"] if old else "",
                    new_room=new["room"],
                )
                for pk, kind, old, new in changes
            ]
        )
        audit_record(
            actor=by,
            action="programme.publish",
            target=version,
            from_state=str(last.number) if last else "",
            to_state=str(version.number),
            reason=note,
            data={"changes": len(changes)},
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
                        "items": [
                            {"title": titles[str(i)], "changes": ", ".join(kinds[i])} for i in sorted(ids)
                        ],
                    },
                    url="/programme/changes/",
                )
        bump(NAMESPACE)
    return version


# --- Personal calendar feed --------------------------------------------------------------------------


def calendar_feed_get_or_create(*, user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def calendar_feed_rotate(*, user) -> CalendarFeed:
    """Issue a new feed address; the old one stops working. Side effect: audit entry."""
    with transaction.atomic():
        feed, _created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
        feed.token = new_feed_token()
        feed.save()
        audit_record(actor=user, action="calendar_feed.rotate", target=feed)
    return feed


def session_participant_remove(*, participant: SessionParticipant, by) -> None:
    """Take a chair, moderator or speaker off a session. Side effects: audit entry, pages invalidated."""
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=participant.session_id)
        audit_record(
            actor=by,
            action="session.participant_remove",
            target=session,
            data={"role": participant.role, "who": str(participant)},
        )
        participant.delete()
        bump(NAMESPACE)
