"""The registration workflow: submit, request changes, confirm, decline, withdraw (one service each)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from hanoi_ceremony.core.transitions import record
from hanoi_ceremony.reminders.services import reminders_reconcile

from ..countries import state_get
from ..enums import (
    SIGNING_TYPES,
    Capacity,
    ParticipantType,
)
from ..models import (
    Delegation,
    Invitation,
    InvitationStatus,
    ParticipantQuota,
)
from ._common import (
    ALLOWED_FROM,
    DEFAULT_QUOTAS,
    S,
    _check_organiser,
    _is_liaison_of,
    _is_organiser,
    _lock,
    _now,
    _on_commit_notify,
    _on_commit_tell_organisers,
    _transition,
    photo_required,
    registration_open,
)


def quota_for(participant_type: str) -> dict:
    row = ParticipantQuota.objects.filter(participant_type=participant_type).first()
    if row is not None:
        return {
            "representatives": row.representatives,
            "alternates": row.alternates,
            "advisers": row.advisers,
            "total": row.total,
        }
    return DEFAULT_QUOTAS["signing" if participant_type in SIGNING_TYPES else "other"]


def submission_problems(*, delegation: Delegation) -> list[str]:
    """What stops this delegation from being submitted (empty when it may be)."""
    problems = []
    members = list(delegation.members.all())
    counts = dict.fromkeys(Capacity.values, 0)
    for member in members:
        counts[member.capacity] += 1
    heads = [m for m in members if m.capacity == Capacity.HEAD]
    if not heads:
        problems.append(_("Name a head of delegation."))
    quota = quota_for(delegation.participant_type)
    limits = (
        ("representatives", counts[Capacity.REPRESENTATIVE], _("representatives")),
        ("alternates", counts[Capacity.ALTERNATE], _("alternates")),
        ("advisers", counts[Capacity.ADVISER] + counts[Capacity.EXPERT], _("advisers and experts")),
        ("total", len(members), _("members in all")),
    )
    for key, count, label in limits:
        limit = quota.get(key)
        if limit is not None and count > limit:
            problems.append(
                _("Too many %(what)s: %(count)s registered, at most %(limit)s allowed.")
                % {"what": label, "count": count, "limit": limit}
            )
    head_rank = heads[0].rank if heads else None
    missing = [str(m) for m in members if not m.photo and photo_required(member=m, head_rank=head_rank)]
    if missing:
        problems.append(_("A badge photo is missing for: %(names)s.") % {"names": ", ".join(missing)})
    return problems


def delegation_submit(*, delegation: Delegation, by) -> Delegation:
    """The liaison (or an organiser) submits the registration for review: registering or changes
    requested -> submitted. Quotas, the head of delegation and photos are checked here.

    Side effects: audit entry; the liaison(s) get a receipt and the organisers a review notice on commit."""
    with transaction.atomic():
        delegation = _lock(delegation)
        if not (_is_organiser(by) or _is_liaison_of(by, delegation)):
            raise PermissionDenied(_("You may not submit this delegation."))
        if not _is_organiser(by) and not registration_open(delegation=delegation):
            raise PermissionDenied(
                _("The registration deadline has passed: ask the organisers to make this change.")
            )
        if delegation.status == S.SUBMITTED:
            raise ValidationError(_("This delegation has already been submitted."), code="already_submitted")
        if delegation.status in ALLOWED_FROM[S.SUBMITTED]:
            problems = submission_problems(delegation=delegation)
            if problems:
                raise ValidationError(problems, code="incomplete")
        _transition(
            delegation=delegation,
            to=S.SUBMITTED,
            by=by,
            action="delegation.submitted",
            allowed=ALLOWED_FROM[S.SUBMITTED],
        )
        _on_commit_notify(delegation, "submitted")
        _on_commit_tell_organisers(delegation)
    return delegation


def delegation_request_changes(
    *, delegation: Delegation, by, message: str, expected_status: str | None = None
) -> Delegation:
    """An organiser sends a submitted registration back with a message: submitted -> changes requested.

    Side effects: audit entry (with the message); the liaison(s) are told on commit."""
    _check_organiser(by)
    if not (message or "").strip():
        raise ValidationError({"message": _("Say what needs to change.")})
    with transaction.atomic():
        delegation = _lock(delegation)
        _transition(
            delegation=delegation,
            to=S.CHANGES_REQUESTED,
            by=by,
            action="delegation.changes_requested",
            reason=message.strip(),
            reviewed=True,
            expected_status=expected_status,
        )
        _on_commit_notify(delegation, "changes_requested", {"message": message.strip()})
    return delegation


def delegation_confirm(*, delegation: Delegation, by, expected_status: str | None = None) -> Delegation:
    """An organiser confirms a submitted registration: submitted -> confirmed.

    Side effects: audit entry; the liaison(s) get the confirmation e-mail on commit."""
    _check_organiser(by)
    with transaction.atomic():
        delegation = _lock(delegation)
        _transition(
            delegation=delegation,
            to=S.CONFIRMED,
            by=by,
            action="delegation.confirmed",
            reviewed=True,
            expected_status=expected_status,
        )
        _on_commit_notify(delegation, "confirmed")
    return delegation


def delegation_decline(
    *, delegation: Delegation, by, reason: str, expected_status: str | None = None
) -> Delegation:
    """An organiser declines a registration, with a reason: -> declined.

    Side effects: audit entry; the liaison(s) are told on commit."""
    _check_organiser(by)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for declining.")})
    with transaction.atomic():
        delegation = _lock(delegation)
        _transition(
            delegation=delegation,
            to=S.DECLINED,
            by=by,
            action="delegation.declined",
            reason=reason.strip(),
            reviewed=True,
            expected_status=expected_status,
        )
        _on_commit_notify(delegation, "declined", {"reason": reason.strip()})
    return delegation


def delegation_withdraw(*, delegation: Delegation, by, reason: str = "") -> Delegation:
    """The delegation withdraws (its liaison or an organiser), from any state: -> withdrawn.

    Side effects: audit entry; open invitations are revoked; the liaison(s) are told on commit."""
    with transaction.atomic():
        delegation = _lock(delegation)
        if not (_is_organiser(by) or _is_liaison_of(by, delegation)):
            raise PermissionDenied(_("You may not withdraw this delegation."))
        _transition(
            delegation=delegation, to=S.WITHDRAWN, by=by, action="delegation.withdrawn", reason=reason
        )
        Invitation.objects.filter(delegation=delegation, status=InvitationStatus.PENDING).update(
            status=InvitationStatus.REVOKED, revoked_at=_now()
        )
        _on_commit_notify(delegation, "withdrawn", {"reason": reason})
    return delegation


@dataclass
class BulkResult:
    done: list[Delegation]
    failed: list[tuple[Delegation, str]]


def delegations_bulk_decide(*, delegation_ids: list[int], by, decision: str, reason: str = "") -> BulkResult:
    """Confirm or decline many delegations; each one in its own transaction so one refusal does not undo
    the others. Returns what was done and what was refused (with why)."""
    _check_organiser(by)
    if decision == "decline" and not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for declining.")})
    result = BulkResult(done=[], failed=[])
    for delegation in Delegation.objects.filter(pk__in=delegation_ids).order_by("name"):
        try:
            if decision == "confirm":
                delegation_confirm(delegation=delegation, by=by)
            elif decision == "decline":
                delegation_decline(delegation=delegation, by=by, reason=reason)
            else:
                raise ValidationError(_("Unknown decision."))
            result.done.append(delegation)
        except ValidationError as exc:
            result.failed.append((delegation, " ".join(exc.messages)))
    return result


def delegation_create(
    *, participant_type: str, by, country_code: str = "", name: str = "", region: str = ""
) -> Delegation:
    """An organiser adds a delegation. A State's code, name, M49 code and region come from the maintained
    country list; an organisation is named by the organiser.

    Side effects: audit entry."""
    _check_organiser(by)
    if participant_type in (ParticipantType.MEMBER_STATE, ParticipantType.OBSERVER_STATE):
        state = state_get(country_code)
        if state is None:
            raise ValidationError({"country_code": _("Choose a State from the list.")})
        if state.participant_type != participant_type:
            raise ValidationError(
                {"participant_type": _("%(name)s is not of this type.") % {"name": state.name}}
            )
        delegation = Delegation(
            name=state.name,
            participant_type=participant_type,
            country_code=state.code,
            m49_code=state.m49,
            region=state.region,
        )
    else:
        if not (name or "").strip():
            raise ValidationError({"name": _("Name the organisation.")})
        delegation = Delegation(
            name=name.strip(), participant_type=participant_type, region=region or "international"
        )
    with transaction.atomic():
        delegation.full_clean()
        delegation.save()
        reminders_reconcile(target=delegation)
        record(delegation, by=by, action="delegation.created", to_state=delegation.status)
    return delegation


def delegation_counts_by_status() -> dict[str, int]:
    return dict(Delegation.objects.values_list("status").annotate(n=Count("id")).order_by())
