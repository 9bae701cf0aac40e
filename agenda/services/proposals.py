"""Side-event proposals: liaisons propose, organisers accept into a slot and room or decline."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.models import Delegation, Liaison
from hanoi_ceremony.accounts.roles import GROUP_ROLES, Role
from hanoi_ceremony.core.errors import Conflict
from hanoi_ceremony.core.transitions import record, transition
from hanoi_ceremony.notifications.services import notify

from ..enums import ParticipantRole, ProposalStatus, SessionKind
from ..ical import calendar_build
from ..machines import PROPOSAL_MACHINE
from ..models import Room, Session, SessionParticipant, SideEventProposal, SideEventSlot
from .checks import SessionResult, _check_session, _save_session


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
        _check_co_organisers(delegation, co_organisers)
        proposal.full_clean()
        proposal.save()
        if co_organisers:
            proposal.co_organisers.set(co_organisers)
        record(proposal, by=by, action="side_event_proposal.submitted", to_state=proposal.status)
        _organisers_tell(
            proposal, kind="agenda.proposal_submitted", template="agenda/email/proposal_submitted"
        )
    return proposal


def _check_co_organisers(delegation: Delegation, co_organisers) -> None:
    from hanoi_ceremony.core.errors import Invalid

    if any(d.pk == delegation.pk for d in co_organisers or ()):
        raise Invalid(
            {"co_organisers": _("Your own delegation proposes the event: choose only the other organisers.")}
        )


def _organisers_tell(proposal: SideEventProposal, *, kind: str, template: str) -> None:
    url = reverse("agenda:proposal_decide", args=[proposal.pk])
    for organiser in _organisers():
        notify(
            recipient=organiser,
            kind=kind,
            template=template,
            context={"title": proposal.title, "delegation": proposal.delegation.display_name, "link": url},
            url=url,
        )


def proposal_request_changes(*, proposal: SideEventProposal, by, note: str) -> SideEventProposal:
    """Ask the proposers to change their proposal (what to change is required). Refused: no note (400);
    a proposal no longer awaiting a decision (409). Side effects: audit entry, the proposers told, with a
    link to the proposal."""
    if not note.strip():
        raise ValidationError({"note": _("Tell the proposers what to change.")})
    with transaction.atomic():
        locked = SideEventProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status != ProposalStatus.SUBMITTED:
            raise Conflict(_("This proposal has already been decided."))
        _decide(
            locked,
            to=ProposalStatus.CHANGES_REQUESTED,
            action="side_event_proposal.changes_requested",
            by=by,
            note=note.strip(),
        )
        _proposers_tell(
            locked,
            kind="agenda.proposal_changes_requested",
            template="agenda/email/proposal_changes_requested",
            context={"title": locked.title, "note": note.strip(), "link": locked.get_absolute_url()},
            url=locked.get_absolute_url(),
        )
    return locked


def proposal_resubmit(
    *,
    proposal: SideEventProposal,
    by,
    title: str,
    description: str = "",
    co_organisers: list[Delegation] | None = None,
    other_co_organisers: str = "",
    speakers: str = "",
    logistics_needs: str = "",
    expected_attendance: int = 50,
) -> SideEventProposal:
    """The proposing delegation's liaison changes a proposal the organisers sent back, and submits it again.
    Refused: anyone but the proposing delegation's liaison (403); a proposal not waiting for changes (409);
    bad input (400). Side effects: audit entry, the organisers told."""
    from django.core.exceptions import PermissionDenied

    from delegations.permissions import liaison_delegation_id

    if liaison_delegation_id(by) != proposal.delegation_id:
        raise PermissionDenied(_("Only the proposing delegation's liaison may change the proposal."))
    with transaction.atomic():
        locked = (
            SideEventProposal.objects.select_for_update().select_related("delegation").get(pk=proposal.pk)
        )
        if locked.status != ProposalStatus.CHANGES_REQUESTED:
            raise Conflict(_("The organisers are not waiting for changes to this proposal."))
        _check_co_organisers(locked.delegation, co_organisers)
        locked.title, locked.description = title, description
        locked.other_co_organisers, locked.speakers = other_co_organisers, speakers
        locked.logistics_needs, locked.expected_attendance = logistics_needs, expected_attendance
        locked.full_clean()
        transition(
            locked,
            machine=PROPOSAL_MACHINE,
            to=ProposalStatus.SUBMITTED,
            by=by,
            action="side_event_proposal.resubmitted",
            fields=None,
            clean=False,
        )
        locked.co_organisers.set(co_organisers or [])
        _organisers_tell(
            locked, kind="agenda.proposal_resubmitted", template="agenda/email/proposal_resubmitted"
        )
    return locked


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
            raise Conflict(_("This proposal has already been decided."))
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
        except ValidationError as exc:  # shown next to the room, keeping each refusal's code (409 if taken)
            errors = (
                [e for errs in exc.error_dict.values() for e in errs]
                if hasattr(exc, "error_dict")
                else exc.error_list
            )
            raise ValidationError({"room": errors}) from exc
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
        locked.session = session
        _decide(
            locked,
            to=ProposalStatus.ACCEPTED,
            action="side_event_proposal.accepted",
            by=by,
            note=note,
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
                "link": locked.get_absolute_url(),
            },
            # The proposal's page, not the session's: that one opens only once the programme is published.
            url=locked.get_absolute_url(),
            ics=calendar_build([session], name=session.title).decode(),
        )
    return SessionResult(session=session)


def _decide(
    proposal: SideEventProposal, *, to: str, action: str, by, note: str, data: dict | None = None
) -> None:
    """Record the organisers' decision on a LOCKED proposal through its machine (audit, content areas)."""
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.decision_note = note
    transition(
        proposal,
        machine=PROPOSAL_MACHINE,
        to=to,
        by=by,
        action=action,
        reason=note,
        data=data,
        fields=None,
        clean=False,
    )


def proposal_decline(*, proposal: SideEventProposal, by, note: str) -> SideEventProposal:
    """Decline a proposal with a reason. Side effects: audit entry, proposers told."""
    if not note.strip():
        raise ValidationError({"note": _("Tell the proposers why.")})
    with transaction.atomic():
        locked = SideEventProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status not in (ProposalStatus.SUBMITTED, ProposalStatus.CHANGES_REQUESTED):
            raise Conflict(_("This proposal has already been decided."))
        _decide(locked, to=ProposalStatus.DECLINED, action="side_event_proposal.declined", by=by, note=note)
        _proposers_tell(
            locked,
            kind="agenda.proposal_declined",
            template="agenda/email/proposal_declined",
            context={"title": locked.title, "note": note, "link": locked.get_absolute_url()},
            url=locked.get_absolute_url(),
        )
    return locked
