"""Invitations: an organiser invites a focal point; the link (hashed, expiring) makes them liaison."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from hanoi_ceremony.accounts.roles import forget_roles
from hanoi_ceremony.core.transitions import record
from hanoi_ceremony.notifications.services import email_queue, message_render
from hanoi_ceremony.reminders.services import reminders_reconcile

from ..models import (
    Delegation,
    Invitation,
    InvitationStatus,
    Liaison,
)
from ._common import (
    INVITATION_VALID_DAYS,
    S,
    _check_organiser,
    _lock,
    _now,
    _transition,
    registration_deadline_for,
)


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
            "deadline": registration_deadline_for(invitation.delegation),
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
        record(delegation, by=by, action="delegation.invited", data={"email": invitation.email})
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
        record(
            invitation.delegation,
            by=by,
            action="delegation.invitation_resent",
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
        record(
            invitation.delegation,
            by=by,
            action="delegation.invitation_revoked",
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


def invitation_accept(*, token: str, first_name: str, last_name: str, password: str, language: str = ""):
    """The focal point opens the link and sets a password: a user account is created for them and made the
    delegation's liaison; an invited delegation starts registering. The account keeps `language` (the one
    they registered in) as its preferred language, for pages, e-mails and reminders.

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
        if language in {code for code, _name in settings.LANGUAGES}:
            user.language = language
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password1": exc.messages}) from None
        user.set_password(password)
        user.full_clean()
        user.save()
        Liaison.objects.create(user=user, delegation=delegation)
        reminders_reconcile(target=delegation)
        forget_roles(user)
        invitation.status = InvitationStatus.ACCEPTED
        invitation.accepted_at = _now()
        invitation.accepted_by = user
        invitation.save(update_fields=["status", "accepted_at", "accepted_by"])
        record(delegation, by=user, action="delegation.invitation_accepted", data={"email": user.email})
        if delegation.status == S.INVITED:
            _transition(
                delegation=delegation, to=S.REGISTERING, by=user, action="delegation.registration_started"
            )
    return user
