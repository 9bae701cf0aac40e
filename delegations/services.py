"""Every write that matters for delegations: one service per state transition.

Each service is keyword-only, owns its transaction, locks the delegation row (``select_for_update``) so two
people acting at once cannot both succeed, checks the transition, calls ``full_clean()``, writes an audit
entry and tells the liaison(s) through the notification system once the transaction commits.
Errors are ``ValidationError`` (bad input or a transition that is not allowed now) or ``PermissionDenied``.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.accounts.roles import Role, forget_roles, roles_of
from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.core.selectors import ceremony_get
from hanoi_ceremony.notifications.services import email_queue, message_render, notify

from .countries import state_get
from .enums import (
    PHOTO_EXEMPT_RANKS,
    SIGNING_TYPES,
    Capacity,
    DelegationStatus,
    FullPowersStatus,
    ParticipantType,
)
from .models import (
    Delegation,
    DelegationDocument,
    FullPowers,
    Invitation,
    InvitationStatus,
    Liaison,
    Member,
    ParticipantQuota,
)
from .validators import validate_pdf, validate_photo

S = DelegationStatus
INVITATION_VALID_DAYS = 14

# Transitions: target state -> states it may come from.
ALLOWED_FROM: dict[str, set[str]] = {
    S.REGISTERING: {S.INVITED},
    S.SUBMITTED: {S.REGISTERING, S.CHANGES_REQUESTED},
    S.CHANGES_REQUESTED: {S.SUBMITTED},
    S.CONFIRMED: {S.SUBMITTED},
    S.DECLINED: {S.INVITED, S.REGISTERING, S.SUBMITTED, S.CHANGES_REQUESTED},
    S.WITHDRAWN: {S.INVITED, S.REGISTERING, S.SUBMITTED, S.CHANGES_REQUESTED, S.CONFIRMED, S.DECLINED},
}
# Membership may change in these states (a confirmed delegation goes back to review).
EDITABLE_STATES = {S.INVITED, S.REGISTERING, S.SUBMITTED, S.CHANGES_REQUESTED, S.CONFIRMED}
MEMBER_ACTIONS = ("delegation.member_added", "delegation.member_changed", "delegation.member_removed")

# Used when no ParticipantQuota row configures a type (None = no limit).
DEFAULT_QUOTAS = {
    "signing": {"representatives": 5, "alternates": 5, "advisers": None, "total": None},
    "other": {"representatives": 3, "alternates": 2, "advisers": 5, "total": 10},
}
# Fields a liaison fills for a member, in the order the change record lists them.
MEMBER_FIELDS = (
    "family_name",
    "given_names",
    "title",
    "capacity",
    "rank",
    "nationality",
    "passport_number",
    "passport_expiry",
    "email",
    "phone",
    "arrival_flight",
    "arrival_at",
    "arrival_airport",
    "departure_flight",
    "departure_at",
    "departure_airport",
    "hotel",
    "dietary_needs",
    "accessibility_needs",
)


def _now() -> datetime.datetime:
    return timezone.now()


def _lock(delegation: Delegation) -> Delegation:
    return Delegation.objects.select_for_update().get(pk=delegation.pk)


def mask_passport(number: str) -> str:
    """Show only the last three characters of a passport number."""
    if not number:
        return ""
    return "•" * max(len(number) - 3, 3) + number[-3:]


# --- notifications ----------------------------------------------------------------------------------


def _notify_liaisons(*, delegation_id: int, kind: str, context: dict | None = None) -> None:
    delegation = Delegation.objects.get(pk=delegation_id)
    url = reverse("delegations:detail", args=[delegation.pk])
    for liaison in Liaison.objects.filter(delegation_id=delegation_id).select_related("user"):
        notify(
            recipient=liaison.user,
            kind=f"delegations.{kind}",
            template=f"delegations/notifications/{kind}",
            context={"delegation": delegation, "user": liaison.user, **(context or {})},
            url=url,
        )


def _on_commit_notify(delegation: Delegation, kind: str, context: dict | None = None) -> None:
    delegation_id = delegation.pk
    transaction.on_commit(lambda: _notify_liaisons(delegation_id=delegation_id, kind=kind, context=context))


# --- permissions for writes ---------------------------------------------------------------------------


def _is_organiser(user) -> bool:
    return Role.ORGANISER in roles_of(user)


def _is_liaison_of(user, delegation: Delegation) -> bool:
    from .permissions import liaison_delegation_id

    return liaison_delegation_id(user) == delegation.pk


def registration_open(now: datetime.datetime | None = None) -> bool:
    ceremony = ceremony_get()
    deadline = ceremony.registration_deadline if ceremony else None
    return deadline is None or (now or _now()) <= deadline


def _check_may_edit(*, delegation: Delegation, by) -> None:
    """Organisers edit any open delegation; its liaison only until the registration deadline."""
    if _is_organiser(by):
        pass
    elif _is_liaison_of(by, delegation):
        if not registration_open():
            raise PermissionDenied(
                _("The registration deadline has passed: ask the organisers to make this change.")
            )
    else:
        raise PermissionDenied(_("You may not change this delegation."))
    if delegation.status not in EDITABLE_STATES:
        raise ValidationError(
            _("A delegation that is %(status)s can no longer be changed."),
            code="not_editable",
            params={"status": delegation.get_status_display().lower()},
        )


def _check_organiser(by) -> None:
    if not _is_organiser(by):
        raise PermissionDenied(_("Only organisers may do this."))


# --- state transitions --------------------------------------------------------------------------------


def _transition(
    *,
    delegation: Delegation,
    to: str,
    by,
    action: str,
    reason: str = "",
    data: dict | None = None,
    reviewed: bool = False,
    expected_status: str | None = None,
) -> Delegation:
    """Move a LOCKED delegation to `to` (checked), save and audit. The caller holds the transaction."""
    if expected_status and delegation.status != expected_status:
        raise ValidationError(
            _("Someone else changed this delegation meanwhile: it is now %(status)s. Reload and check."),
            code="stale",
            params={"status": delegation.get_status_display().lower()},
        )
    if delegation.status not in ALLOWED_FROM[to]:
        raise ValidationError(
            _("This delegation is %(status)s: it cannot become %(target)s."),
            code="transition",
            params={"status": delegation.get_status_display().lower(), "target": S(to).label.lower()},
        )
    from_state = delegation.status
    now = _now()
    delegation.status = to
    delegation.status_changed_at = now
    fields = ["status", "status_changed_at", "updated_at"]
    if reviewed:
        delegation.last_reviewed_at = now
        delegation.review_message = reason
        fields += ["last_reviewed_at", "review_message"]
    delegation.full_clean()
    delegation.save(update_fields=fields)
    audit_record(
        actor=by,
        action=action,
        target=delegation,
        from_state=from_state,
        to_state=to,
        reason=reason,
        data=data,
    )
    return delegation


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


def photo_required(*, member: Member, head_rank: str | None) -> bool:
    """Domain rule 4: no badge photo for Heads of State/Government, Vice-Presidents, Crown Princes and their
    spouses."""
    if member.rank in PHOTO_EXEMPT_RANKS:
        return False
    if member.capacity == Capacity.SPOUSE and head_rank in PHOTO_EXEMPT_RANKS:
        return False
    return True


def submission_problems(*, delegation: Delegation) -> list[str]:
    """What stops this delegation from being submitted (empty when it may be)."""
    problems = []
    members = list(delegation.members.all())
    counts = {c: 0 for c in Capacity.values}
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

    Side effects: audit entry; the liaison(s) get a receipt on commit."""
    with transaction.atomic():
        delegation = _lock(delegation)
        if not (_is_organiser(by) or _is_liaison_of(by, delegation)):
            raise PermissionDenied(_("You may not submit this delegation."))
        if not _is_organiser(by) and not registration_open():
            raise PermissionDenied(
                _("The registration deadline has passed: ask the organisers to make this change.")
            )
        if delegation.status == S.SUBMITTED:
            raise ValidationError(_("This delegation has already been submitted."), code="already_submitted")
        if delegation.status in ALLOWED_FROM[S.SUBMITTED]:
            problems = submission_problems(delegation=delegation)
            if problems:
                raise ValidationError(problems, code="incomplete")
        _transition(delegation=delegation, to=S.SUBMITTED, by=by, action="delegation.submitted")
        _on_commit_notify(delegation, "submitted")
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


# --- delegations and invitations -----------------------------------------------------------------------


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
        audit_record(actor=by, action="delegation.created", target=delegation, to_state=delegation.status)
    return delegation


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token: str) -> str:
    return reverse("delegations:invitation_accept", args=[token])


def _send_invitation(*, invitation: Invitation, token: str) -> None:
    from django.conf import settings

    rendered = message_render(
        template="delegations/notifications/invitation",
        context={
            "delegation": invitation.delegation,
            "url": settings.SITE_URL + invitation_url(token),
            "expires_at": invitation.expires_at,
        },
        language="en",
    )
    email_queue(recipient=None, kind="delegations.invitation", rendered=rendered, to_address=invitation.email)


def invitation_create(*, delegation: Delegation, email: str, by) -> tuple[Invitation, str]:
    """An organiser invites a delegation's focal point. Returns the invitation and the raw token (only its
    hash is stored). An open invitation must be resent or revoked first.

    Side effects: audit entry; the invitation e-mail goes into the outbox (sent on commit)."""
    _check_organiser(by)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        delegation = _lock(delegation)
        if delegation.status in (S.DECLINED, S.WITHDRAWN):
            raise ValidationError(_("This delegation is closed: it cannot be invited."), code="closed")
        if Invitation.objects.filter(delegation=delegation, status=InvitationStatus.PENDING).exists():
            raise ValidationError(
                _("This delegation already has an open invitation: resend or revoke it."),
                code="pending_exists",
            )
        now = _now()
        invitation = Invitation(
            delegation=delegation,
            email=email.strip().lower(),
            token_hash=_token_hash(token),
            expires_at=now + datetime.timedelta(days=INVITATION_VALID_DAYS),
            created_by=by,
            last_sent_at=now,
        )
        invitation.full_clean()
        invitation.save()
        delegation.focal_point_email = invitation.email
        delegation.save(update_fields=["focal_point_email", "updated_at"])
        audit_record(
            actor=by, action="delegation.invited", target=delegation, data={"email": invitation.email}
        )
        _send_invitation(invitation=invitation, token=token)
    return invitation, token


def invitation_resend(*, invitation: Invitation, by) -> tuple[Invitation, str]:
    """Send a pending invitation again with a NEW link (the old one stops working) and a new expiry.

    Side effects: audit entry; a new invitation e-mail in the outbox."""
    _check_organiser(by)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("delegation").get(pk=invitation.pk)
        if invitation.status != InvitationStatus.PENDING:
            raise ValidationError(_("Only an open invitation can be resent."), code="not_pending")
        now = _now()
        invitation.token_hash = _token_hash(token)
        invitation.expires_at = now + datetime.timedelta(days=INVITATION_VALID_DAYS)
        invitation.sent_count += 1
        invitation.last_sent_at = now
        invitation.save(update_fields=["token_hash", "expires_at", "sent_count", "last_sent_at"])
        audit_record(
            actor=by,
            action="delegation.invitation_resent",
            target=invitation.delegation,
            data={"email": invitation.email},
        )
        _send_invitation(invitation=invitation, token=token)
    return invitation, token


def invitation_revoke(*, invitation: Invitation, by) -> Invitation:
    """Revoke a pending invitation: its link shows "revoked" from now on. Side effects: audit entry."""
    _check_organiser(by)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("delegation").get(pk=invitation.pk)
        if invitation.status != InvitationStatus.PENDING:
            raise ValidationError(_("Only an open invitation can be revoked."), code="not_pending")
        invitation.status = InvitationStatus.REVOKED
        invitation.revoked_at = _now()
        invitation.save(update_fields=["status", "revoked_at"])
        audit_record(
            actor=by,
            action="delegation.invitation_revoked",
            target=invitation.delegation,
            data={"email": invitation.email},
        )
    return invitation


class InvitationState:
    VALID = "valid"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    REVOKED = "revoked"
    USED = "used"


def invitation_lookup(token: str) -> tuple[Invitation | None, str]:
    """The invitation behind a link and whether it can still be used."""
    invitation = (
        Invitation.objects.select_related("delegation").filter(token_hash=_token_hash(token or "")).first()
    )
    if invitation is None:
        return None, InvitationState.UNKNOWN
    if invitation.status == InvitationStatus.ACCEPTED:
        return invitation, InvitationState.USED
    if invitation.status == InvitationStatus.REVOKED:
        return invitation, InvitationState.REVOKED
    if invitation.is_expired(_now()):
        return invitation, InvitationState.EXPIRED
    return invitation, InvitationState.VALID


def invitation_accept(*, token: str, first_name: str, last_name: str, password: str):
    """The focal point opens the link and sets a password: a user account is created for them and made the
    delegation's liaison; an invited delegation starts registering.

    Side effects: user and Liaison rows, audit entries, the invitation marked accepted."""
    User = get_user_model()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().filter(token_hash=_token_hash(token or "")).first()
        )
        state = invitation_lookup(token)[1]
        if invitation is None or state != InvitationState.VALID:
            raise ValidationError(_("This invitation link can no longer be used."), code=state)
        delegation = _lock(invitation.delegation)
        if User.objects.filter(
            Q(email__iexact=invitation.email) | Q(username__iexact=invitation.email)
        ).exists():
            raise ValidationError(
                _("An account already uses this e-mail address: sign in, or ask the organisers for help."),
                code="account_exists",
            )
        user = User(
            username=invitation.email[:150],
            email=invitation.email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            organisation=delegation.name[:200],
        )
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password1": exc.messages}) from None
        user.set_password(password)
        user.full_clean()
        user.save()
        Liaison.objects.create(user=user, delegation=delegation)
        forget_roles(user)
        invitation.status = InvitationStatus.ACCEPTED
        invitation.accepted_at = _now()
        invitation.accepted_by = user
        invitation.save(update_fields=["status", "accepted_at", "accepted_by"])
        audit_record(
            actor=user, action="delegation.invitation_accepted", target=delegation, data={"email": user.email}
        )
        if delegation.status == S.INVITED:
            _transition(delegation=delegation, to=S.REGISTERING, by=user, action="delegation.registering")
    return user


# --- members ---------------------------------------------------------------------------------------------


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def _check_passport_unique(member: Member) -> None:
    if not member.passport_number:
        return
    clash = Member.objects.annotate(p=Upper("passport_number")).filter(
        nationality=member.nationality, p=member.passport_number.upper()
    )
    if member.pk:
        clash = clash.exclude(pk=member.pk)
    if clash.exists():
        raise ValidationError(
            {
                "passport_number": _(
                    "A person with this passport number and nationality is already registered."
                )
            }
        )


def _check_single_head(member: Member) -> None:
    if member.capacity != Capacity.HEAD:
        return
    others = Member.objects.filter(delegation_id=member.delegation_id, capacity=Capacity.HEAD)
    if member.pk:
        others = others.exclude(pk=member.pk)
    if others.exists():
        raise ValidationError({"capacity": _("This delegation already has a head of delegation.")})


def _check_photo(member: Member, photo, head_rank: str | None) -> None:
    if photo:
        try:
            validate_photo(photo)
        except ValidationError as exc:
            raise ValidationError({"photo": exc.messages}) from None
    elif not member.photo and photo_required(member=member, head_rank=head_rank):
        raise ValidationError({"photo": _("A badge photo is required for this person.")})


def _head_rank(delegation: Delegation, member: Member) -> str | None:
    if member.capacity == Capacity.HEAD:
        return member.rank
    return (
        Member.objects.filter(delegation=delegation, capacity=Capacity.HEAD)
        .values_list("rank", flat=True)
        .first()
    )


def _record_member_change(*, delegation: Delegation, by, action: str, member: Member, changes: dict) -> None:
    """Audit a membership change; a confirmed delegation goes back to review with the change recorded."""
    audit_record(
        actor=by,
        action=action,
        target=delegation,
        data={"member_id": member.pk, "member": str(member), "changes": changes},
    )
    _back_to_review(delegation=delegation, by=by)


def _back_to_review(*, delegation: Delegation, by) -> None:
    """Editing a confirmed delegation's membership sends it back to the organisers for review."""
    if delegation.status != S.CONFIRMED:
        return
    delegation.status = S.SUBMITTED
    delegation.status_changed_at = _now()
    delegation.save(update_fields=["status", "status_changed_at", "updated_at"])
    audit_record(
        actor=by,
        action="delegation.resubmitted",
        target=delegation,
        from_state=S.CONFIRMED,
        to_state=S.SUBMITTED,
        reason=_("The membership changed after confirmation."),
    )
    _on_commit_notify(delegation, "resubmitted")


def _save_member(member: Member) -> None:
    member.full_clean()
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        # The database refused (a racing writer won): say so in the user's terms.
        raise ValidationError(
            {
                "passport_number": _(
                    "A person with this passport number and nationality is already registered."
                )
            }
        ) from None


def member_add(*, delegation: Delegation, by, data: dict, photo=None) -> Member:
    """Add a person to a delegation (its liaison before the deadline, or an organiser).

    Side effects: audit entry with the new member; a confirmed delegation goes back to review."""
    with transaction.atomic():
        delegation = _lock(delegation)
        _check_may_edit(delegation=delegation, by=by)
        member = Member(delegation=delegation, **{k: data.get(k) for k in MEMBER_FIELDS if k in data})
        for field in MEMBER_FIELDS:
            if getattr(member, field) is None and field not in (
                "passport_expiry",
                "arrival_at",
                "departure_at",
            ):
                setattr(member, field, "")
        _check_single_head(member)
        _check_passport_unique(member)
        _check_photo(member, photo, _head_rank(delegation, member))
        if photo:
            member.photo = photo
        _save_member(member)
        changes = {
            f: [
                "",
                mask_passport(_display(getattr(member, f)))
                if f == "passport_number"
                else _display(getattr(member, f)),
            ]
            for f in ("family_name", "given_names", "capacity", "rank", "passport_number")
        }
        _record_member_change(
            delegation=delegation, by=by, action="delegation.member_added", member=member, changes=changes
        )
    return member


def member_update(*, member: Member, by, data: dict, photo=None) -> Member:
    """Change a member's details. Side effects: audit entry listing each changed field (passport masked);
    a confirmed delegation goes back to review."""
    with transaction.atomic():
        delegation = _lock(member.delegation)
        member = Member.objects.select_for_update().get(pk=member.pk, delegation=delegation)
        _check_may_edit(delegation=delegation, by=by)
        changes = {}
        for field in MEMBER_FIELDS:
            if field not in data:
                continue
            new = data[field]
            if new is None and field not in ("passport_expiry", "arrival_at", "departure_at"):
                new = ""
            old = getattr(member, field)
            if old != new:
                if field == "passport_number":
                    changes[field] = [mask_passport(old), mask_passport(new)]
                else:
                    changes[field] = [_display(old), _display(new)]
                setattr(member, field, new)
        _check_single_head(member)
        _check_passport_unique(member)
        _check_photo(member, photo, _head_rank(delegation, member))
        if photo:
            member.photo = photo
            changes["photo"] = ["", _("new photo")]
        if not changes:
            return member
        _save_member(member)
        _record_member_change(
            delegation=delegation, by=by, action="delegation.member_changed", member=member, changes=changes
        )
    return member


def member_remove(*, member: Member, by) -> None:
    """Remove a person from a delegation. Side effects: audit entry; a confirmed delegation goes back to
    review."""
    with transaction.atomic():
        delegation = _lock(member.delegation)
        member = Member.objects.select_for_update().get(pk=member.pk, delegation=delegation)
        _check_may_edit(delegation=delegation, by=by)
        changes = {"family_name": [member.family_name, ""], "capacity": [member.get_capacity_display(), ""]}
        member_id, name = member.pk, str(member)
        member.delete()
        member.pk = member_id
        audit_record(
            actor=by,
            action="delegation.member_removed",
            target=delegation,
            data={"member_id": member_id, "member": name, "changes": changes},
        )
        _back_to_review(delegation=delegation, by=by)


def may_see_passports(user, delegation: Delegation) -> bool:
    """Passport numbers are shown unmasked only to the delegation's liaison and accreditation officers."""
    return Role.ACCREDITATION in roles_of(user) or _is_liaison_of(user, delegation)


def member_passport_reveal(*, member: Member, by) -> str:
    """Show a member's full passport number to someone allowed to see it. Side effects: audit entry."""
    if not may_see_passports(by, member.delegation):
        raise PermissionDenied(
            _("Passport numbers are shown only to the liaison and accreditation officers.")
        )
    audit_record(
        actor=by, action="member.passport_viewed", target=member, data={"delegation_id": member.delegation_id}
    )
    return member.passport_number


# --- documents and full powers ------------------------------------------------------------------------------


def document_upload(*, delegation: Delegation, kind: str, upload, by) -> DelegationDocument:
    """Attach a note verbale or credentials (PDF) to a delegation. Side effects: audit entry."""
    with transaction.atomic():
        delegation = _lock(delegation)
        _check_may_edit(delegation=delegation, by=by)
        try:
            validate_pdf(upload)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from None
        document = DelegationDocument(
            delegation=delegation,
            kind=kind,
            file=upload,
            original_name=(getattr(upload, "name", "") or "document.pdf")[-200:],
            size=upload.size,
            uploaded_by=by,
        )
        document.full_clean()
        document.save()
        audit_record(
            actor=by,
            action="delegation.document_uploaded",
            target=delegation,
            data={"kind": kind, "name": document.original_name, "size": document.size},
        )
    return document


def signatory_designate(*, member: Member, by) -> FullPowers:
    """The liaison names the person intended to sign for a State or REIO (domain rules 1 and 2). Full powers
    are "not required" for a Head of State or Government or a Minister for Foreign Affairs, else "awaited".

    Side effects: a FullPowers row; audit entry."""
    with transaction.atomic():
        delegation = _lock(member.delegation)
        member = Member.objects.get(pk=member.pk, delegation=delegation)
        _check_may_edit(delegation=delegation, by=by)
        if delegation.participant_type not in SIGNING_TYPES:
            raise ValidationError(
                _("Only States and regional economic integration organisations sign."), code="not_signing"
            )
        existing = FullPowers.objects.filter(member__delegation=delegation).select_related("member").first()
        if existing is not None:
            raise ValidationError(
                _("%(name)s is already the intended signatory: a delegation signs once.")
                % {"name": existing.member},
                code="signatory_exists",
            )
        status = FullPowersStatus.NOT_REQUIRED if member.signs_by_function else FullPowersStatus.AWAITED
        full_powers = FullPowers(member=member, status=status)
        full_powers.full_clean()
        full_powers.save()
        audit_record(
            actor=by,
            action="delegation.signatory_designated",
            target=delegation,
            to_state=status,
            data={"member_id": member.pk, "member": str(member)},
        )
    return full_powers


def full_powers_upload(*, full_powers: FullPowers, upload, by) -> FullPowers:
    """The liaison uploads the instrument of full powers (PDF): awaited or rejected -> received, for OLA to
    check. Side effects: audit entry."""
    with transaction.atomic():
        delegation = _lock(full_powers.member.delegation)
        full_powers = FullPowers.objects.select_for_update().select_related("member").get(pk=full_powers.pk)
        _check_may_edit(delegation=delegation, by=by)
        if full_powers.status not in (
            FullPowersStatus.AWAITED,
            FullPowersStatus.REJECTED,
            FullPowersStatus.RECEIVED,
        ):
            raise ValidationError(
                _("Full powers that are %(status)s cannot be replaced.")
                % {"status": full_powers.get_status_display().lower()},
                code="full_powers_closed",
            )
        try:
            validate_pdf(upload)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from None
        from_state = full_powers.status
        full_powers.document = upload
        full_powers.status = FullPowersStatus.RECEIVED
        full_powers.received_at = _now()
        full_powers.full_clean()
        full_powers.save()
        audit_record(
            actor=by,
            action="full_powers.received",
            target=full_powers,
            from_state=from_state,
            to_state=FullPowersStatus.RECEIVED,
            data={"delegation_id": delegation.pk},
        )
        audit_record(
            actor=by,
            action="delegation.full_powers_uploaded",
            target=delegation,
            data={"member": str(full_powers.member)},
        )
    return full_powers


def delegation_counts_by_status() -> dict[str, int]:
    return dict(Delegation.objects.values_list("status").annotate(n=Count("id")).order_by())
