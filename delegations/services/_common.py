"""What the delegation services share: transitions, locks, permission checks for writes, notifications."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.accounts.roles import Role, roles_of
from hanoi_ceremony.core.selectors import ceremony_get
from hanoi_ceremony.core.transitions import transition
from hanoi_ceremony.notifications.services import notify

from ..enums import (
    PHOTO_EXEMPT_RANKS,
    Capacity,
    DelegationStatus,
)
from ..machines import DELEGATION_MACHINE, SUBMITTABLE
from ..models import (
    Delegation,
    Liaison,
    Member,
)
from ..selectors import MEMBER_ACTIONS  # noqa: F401  (defined once, with the report that replays them)

S = DelegationStatus

# Content area of the cached delegation pages (list, report, a delegation's page): the models that change
# what they show declare it (DelegationsConfig.ready); transitions and records bump it.
NAMESPACE = "delegations"


INVITATION_VALID_DAYS = 14

# Transitions: target state -> states it may come from.


# The one table lives with the machine (delegations/machines.py); this view of it stays importable.
ALLOWED_FROM: dict[str, set[str]] = {
    to: set(DELEGATION_MACHINE.allowed_from[to]) for to in DELEGATION_MACHINE.allowed_from
}
ALLOWED_FROM[S.SUBMITTED] = set(SUBMITTABLE)
# Membership may change in these states (a confirmed delegation goes back to review).


EDITABLE_STATES = {S.INVITED, S.REGISTERING, S.SUBMITTED, S.CHANGES_REQUESTED, S.CONFIRMED}


# The audit action that records a move into each state (the demo replays histories with these).
STATE_ACTIONS = {
    S.INVITED: "delegation.invited",
    S.REGISTERING: "delegation.registration_started",
    S.SUBMITTED: "delegation.submitted",
    S.CHANGES_REQUESTED: "delegation.changes_requested",
    S.CONFIRMED: "delegation.confirmed",
    S.DECLINED: "delegation.declined",
    S.WITHDRAWN: "delegation.withdrawn",
}


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
    "list_visibility",
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


def _notify_organisers(*, delegation_id: int) -> None:
    """Tell every organiser (in the notification centre) that a registration awaits their review."""
    from django.contrib.auth import get_user_model

    from hanoi_ceremony.accounts.roles import GROUP_ROLES
    from hanoi_ceremony.notifications.services import IN_APP

    delegation = Delegation.objects.get(pk=delegation_id)
    organisers = get_user_model().objects.filter(groups__name=GROUP_ROLES[Role.ORGANISER], is_active=True)
    for user in organisers.distinct():
        notify(
            recipient=user,
            kind="delegations.review_waiting",
            template="delegations/notifications/review_waiting",
            context={"delegation": delegation, "user": user},
            url=reverse("delegations:detail", args=[delegation.pk]),
            channels=(IN_APP,),
        )


def _on_commit_tell_organisers(delegation: Delegation) -> None:
    delegation_id = delegation.pk
    transaction.on_commit(lambda: _notify_organisers(delegation_id=delegation_id))


def _forget_review_count() -> None:
    from django.core.cache import cache

    from ..selectors import REVIEW_WAITING_KEY

    transaction.on_commit(lambda: cache.delete(REVIEW_WAITING_KEY))


def _on_commit_notify(delegation: Delegation, kind: str, context: dict | None = None) -> None:
    delegation_id = delegation.pk
    transaction.on_commit(lambda: _notify_liaisons(delegation_id=delegation_id, kind=kind, context=context))


def _is_organiser(user) -> bool:
    return Role.ORGANISER in roles_of(user)


def _is_liaison_of(user, delegation: Delegation) -> bool:
    from ..permissions import liaison_delegation_id

    return liaison_delegation_id(user) == delegation.pk


def registration_deadline_for(delegation: Delegation | None = None) -> datetime.datetime | None:
    """The moment until which a delegation's liaison may register: the ceremony's deadline, or the later
    one the organisers gave this delegation (None: no deadline)."""
    ceremony = ceremony_get()
    deadline = ceremony.registration_deadline if ceremony else None
    extended = delegation.registration_deadline_extended_to if delegation is not None else None
    if deadline is None or extended is None:
        return deadline
    return max(deadline, extended)


def registration_open(now: datetime.datetime | None = None, *, delegation: Delegation | None = None) -> bool:
    """Whether a liaison may still change the registration. For one delegation: until its own deadline
    (an extension counts), and always while the organisers have asked it for changes (the request itself
    reopens the registration: asking for a change the liaison may not make would contradict itself)."""
    if delegation is not None and delegation.status == S.CHANGES_REQUESTED:
        return True
    deadline = registration_deadline_for(delegation)
    return deadline is None or (now or _now()) <= deadline


def _check_may_edit(*, delegation: Delegation, by) -> None:
    """Organisers edit any open delegation; its liaison only until the registration deadline."""
    if _is_organiser(by):
        pass
    elif _is_liaison_of(by, delegation):
        if not registration_open(delegation=delegation):
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
    allowed=None,
) -> Delegation:
    """Move a LOCKED delegation to `to` through its machine (check, save, audit, content areas,
    reminders). The caller holds the transaction."""
    fields = []
    if reviewed:
        delegation.last_reviewed_at = _now()
        delegation.review_message = reason
        fields += ["last_reviewed_at", "review_message"]
    _forget_review_count()
    return transition(
        delegation,
        machine=DELEGATION_MACHINE,
        to=to,
        by=by,
        action=action,
        reason=reason,
        data=data,
        expected=expected_status or None,
        fields=fields,
        allowed=allowed,
    )


def _back_to_review(*, delegation: Delegation, by) -> None:
    """Editing a confirmed delegation's membership sends it back to the organisers for review."""
    if delegation.status != S.CONFIRMED:
        return
    _transition(
        delegation=delegation,
        to=S.SUBMITTED,
        by=by,
        action="delegation.resubmitted",
        reason=_("The membership changed after confirmation."),
    )
    _on_commit_notify(delegation, "resubmitted")
    _on_commit_tell_organisers(delegation)
    _forget_review_count()


def may_see_passports(user, delegation: Delegation) -> bool:
    """Passport numbers are shown unmasked only to the delegation's liaison and accreditation officers."""
    return Role.ACCREDITATION in roles_of(user) or _is_liaison_of(user, delegation)


def photo_required(*, member: Member, head_rank: str | None) -> bool:
    """Domain rule 4: no badge photo for Heads of State/Government, Vice-Presidents, Crown Princes and their
    spouses."""
    if member.rank in PHOTO_EXEMPT_RANKS:
        return False
    return not (member.capacity == Capacity.SPOUSE and head_rank in PHOTO_EXEMPT_RANKS)
