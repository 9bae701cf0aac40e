"""Vetting, photos and categories: the accreditation officer's and the security service's decisions.

Every person to accredit has one Accreditation: a delegation member's is opened when the liaison adds
them (`accreditation_for_member`, called by the delegations member services), a journalist's when they
apply (`services.media`). The passport key is unique across both: no one holds two accreditations.
"""

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from hanoi_ceremony.core.errors import Conflict, Invalid, NotAllowed
from hanoi_ceremony.core.pagecache import bump
from hanoi_ceremony.core.selectors import ceremony_get
from hanoi_ceremony.core.transitions import record_change, transition

from ..enums import (
    PENDING_STATES,
    PHOTO_MACHINE,
    VETTING_MACHINE,
    AccreditationKind,
    PhotoState,
    VettingState,
)
from ..models import Accreditation, BadgeCategory
from ._common import NAMESPACE, SIX_MONTHS, check_officer, passport_key
from .badges import badge_sync

V = VettingState

DECISION_ACTIONS = {
    V.PRE_APPROVED: "accreditation.pre_approved",
    V.APPROVED: "accreditation.approved",
    V.ON_HOLD: "accreditation.put_on_hold",
    V.REJECTED: "accreditation.rejected",
    V.NEW: "accreditation.reset",
}


# --- passports -----------------------------------------------------------------------------------------


def passport_problem(expiry: datetime.date | None) -> str | None:
    """The refusal for a passport that will not be valid past the ceremony's last day (None: acceptable)."""
    ceremony = ceremony_get()
    if expiry is None or ceremony is None:
        return None
    if expiry <= ceremony.last_day:
        return _(
            "This passport expires on %(date)s: it must be valid after the ceremony's last day (%(last)s)."
        ) % {
            "date": formats.date_format(expiry, "DATE_FORMAT"),
            "last": formats.date_format(ceremony.last_day, "DATE_FORMAT"),
        }
    return None


def passport_warning(expiry: datetime.date | None) -> str | None:
    """A warning when the passport has less than six months' validity after the ceremony (visas)."""
    ceremony = ceremony_get()
    if expiry is None or ceremony is None or expiry <= ceremony.last_day:
        return None
    if expiry < ceremony.last_day + SIX_MONTHS:
        return _("This passport is valid for less than six months after the ceremony: a visa may be refused.")
    return None


def passport_check(*, expiry: datetime.date | None, field: str = "passport_expiry") -> None:
    problem = passport_problem(expiry)
    if problem:
        raise Invalid({field: problem})


# --- delegation members ---------------------------------------------------------------------------------


def _default_category(member) -> BadgeCategory | None:
    categories = [c for c in BadgeCategory.objects.order_by("order", "code") if not c.for_media]
    for category in categories:
        if member.rank in (category.ranks or []):
            return category
    for category in categories:
        if member.capacity in (category.capacities or []):
            return category
    return None


def _photo_state_for(member, *, current: str | None) -> str:
    from delegations.services import photo_required

    head = member.delegation.members.filter(capacity="head").values_list("rank", flat=True).first()
    if not photo_required(member=member, head_rank=head):
        return PhotoState.EXEMPT
    if not member.photo:
        return PhotoState.MISSING
    if current in (PhotoState.APPROVED, PhotoState.REJECTED, PhotoState.PENDING):
        return current
    return PhotoState.PENDING


def _save_unique(accreditation: Accreditation, *, field: str = "passport_number", **kwargs) -> Accreditation:
    clash = (
        Accreditation.objects.filter(passport_key=accreditation.passport_key)
        .exclude(pk=accreditation.pk)
        .first()
        if accreditation.passport_key
        else None
    )
    if clash is not None:
        raise Invalid({field: _duplicate_message(clash)}, code="duplicate")
    try:
        with transaction.atomic():
            return record_change(accreditation, **kwargs)
    except IntegrityError:
        raise Invalid({field: _("This person already holds an accreditation.")}, code="duplicate") from None


def _duplicate_message(clash: Accreditation) -> str:
    if clash.kind == AccreditationKind.MEDIA:
        return _("This passport already has a media accreditation: no one holds two accreditations.")
    return _("This passport is already accredited with a delegation: no one holds two accreditations.")


def accreditation_for_member(*, member, by, photo_changed: bool = False) -> Accreditation:
    """Open or refresh a member's accreditation, inside the member service's transaction.

    Refuses (400 on the passport field) a passport already accredited elsewhere. A pending request whose
    identity changed goes back to New; a new photo goes back to review. Side effects: audit entries,
    badge sync (a change of category or zones revokes and reissues)."""
    key = passport_key(member.nationality, member.passport_number)
    accreditation = Accreditation.objects.select_for_update(of=("self",)).filter(member=member).first()
    if accreditation is None:
        accreditation = Accreditation(
            kind=AccreditationKind.MEMBER,
            member=member,
            delegation_id=member.delegation_id,
            passport_key=key,
            category=_default_category(member),
        )
        accreditation.photo_state = _photo_state_for(member, current=None)
        _save_unique(accreditation, by=by, action="accreditation.opened", created=True)
        _reconcile_delegation(accreditation)
        bump(NAMESPACE)
        return accreditation
    identity_changed = accreditation.passport_key != key
    accreditation.passport_key = key
    _save_unique(accreditation, by=by, action="record.changed", fields=("passport_key",), reconcile=False)
    photo_to = _photo_state_for(member, current=None if photo_changed else accreditation.photo_state)
    if photo_to != accreditation.photo_state:
        action = {
            PhotoState.PENDING: "accreditation.photo_replaced",
            PhotoState.EXEMPT: "accreditation.photo_exempted",
            PhotoState.MISSING: "accreditation.photo_missing",
        }.get(photo_to, "record.changed")
        transition(
            accreditation, machine=PHOTO_MACHINE, to=photo_to, by=by, action=action, fields=("photo_reason",)
        )
    if identity_changed and accreditation.vetting in (V.PRE_APPROVED, V.ON_HOLD):
        transition(accreditation, machine=VETTING_MACHINE, to=V.NEW, by=by, action="accreditation.reset")
    badge_sync(accreditation=accreditation, by=by)
    _reconcile_delegation(accreditation)
    bump(NAMESPACE)
    return accreditation


def _reconcile_delegation(accreditation: Accreditation) -> None:
    """The delegation's "photos and passports missing" reminders follow its people's documents."""
    if accreditation.delegation_id:
        from hanoi_ceremony.reminders.services import reminders_reconcile

        reminders_reconcile(target=accreditation.delegation)


def member_change_check(*, member, by, changes: dict | None = None) -> None:
    """The liaison may modify or withdraw a person only while the request is pending (domain rule 6);
    accreditation officers and organisers may always. A photo the officers rejected (or one missing) may
    always be replaced: that change alone is allowed after security's decision."""
    from hanoi_ceremony.accounts.roles import Role, roles_of

    if roles_of(by) & {Role.ORGANISER, Role.ACCREDITATION}:
        return
    row = Accreditation.objects.filter(member=member).values_list("vetting", "photo_state").first()
    if row is None:
        return
    vetting, photo_state = row
    if (
        changes is not None
        and set(changes) == {"photo"}
        and photo_state in (PhotoState.REJECTED, PhotoState.MISSING)
    ):
        return
    if vetting not in PENDING_STATES:
        raise NotAllowed(
            _(
                "Security has decided on %(person)s (%(state)s): ask the accreditation officers to change this."
            )
            % {"person": member, "state": VETTING_MACHINE.label(vetting).lower()}
        )


def member_withdraw(*, member, by) -> None:
    """Before a member is removed: revoke their live badge (the person no longer attends)."""
    from ..enums import LIVE_BADGE_STATES, RevocationReason
    from ..models import Badge
    from .badges import _revoke

    for badge in Badge.objects.select_for_update(of=("self",)).filter(
        accreditation__member=member, state__in=LIVE_BADGE_STATES
    ):
        _revoke(badge, by=by, reason=RevocationReason.WITHDRAWN)
    bump(NAMESPACE)


# --- decisions -------------------------------------------------------------------------------------------


def _lock(accreditation: Accreditation) -> Accreditation:
    return (
        Accreditation.objects.select_for_update(of=("self",))
        .select_related("category", "member", "media", "delegation")
        .get(pk=accreditation.pk)
    )


def _check_approvable(accreditation: Accreditation, to: str) -> None:
    if to not in (V.PRE_APPROVED, V.APPROVED):
        return
    person = accreditation.person
    if not accreditation.passport_key:
        raise Invalid(_("%(person)s has no passport number: it is needed for vetting.") % {"person": person})
    problem = passport_problem(person.passport_expiry)
    if problem:
        raise Invalid(problem)
    if person.passport_expiry is None:
        raise Invalid(
            _("%(person)s has no passport expiry date: it is needed for vetting.") % {"person": person}
        )


def vetting_decide(
    *,
    accreditation: Accreditation,
    to: str,
    by,
    reason: str = "",
    expected: str | None = None,
    action: str | None = None,
) -> Accreditation:
    """Move the vetting state (pre-approve, or record security's approval / hold / rejection).

    Side effects: audit entry; on approval a badge is issued when the photo and category allow; when
    approval is withdrawn the live badge is revoked."""
    check_officer(by)
    if to not in V.values:
        raise Invalid(_("Unknown vetting decision."))
    if to in (V.ON_HOLD, V.REJECTED) and not reason.strip():
        raise Invalid({"reason": _("Give the reason (it is kept in the history).")})
    with transaction.atomic():
        accreditation = _lock(accreditation)
        _check_approvable(accreditation, to)
        accreditation.vetting_note = reason.strip() or accreditation.vetting_note
        transition(
            accreditation,
            machine=VETTING_MACHINE,
            to=to,
            by=by,
            action=action or DECISION_ACTIONS[to],
            reason=reason,
            expected=expected,
            fields=("vetting_note",),
        )
        badge_sync(accreditation=accreditation, by=by)
        bump(NAMESPACE)
    return accreditation


def photo_decide(
    *, accreditation: Accreditation, approve: bool, by, reason: str = "", expected: str | None = None
) -> Accreditation:
    """Approve or reject a photo. A rejection needs a reason and notifies the delegation's liaisons (or the
    journalist) to replace it. Side effects: audit entry, badge sync, notification on commit."""
    check_officer(by)
    if not approve and not reason.strip():
        raise Invalid(
            {"reason": _("Say why the photo is rejected (plain background, head and shoulders, recent…).")}
        )
    with transaction.atomic():
        accreditation = _lock(accreditation)
        if accreditation.photo_state in (PhotoState.MISSING, PhotoState.EXEMPT):
            raise Conflict(_("There is no photo to review."), code="stale")
        accreditation.photo_reason = reason.strip()
        to = PhotoState.APPROVED if approve else PhotoState.REJECTED
        notify = None if approve else _photo_rejected_notifier(accreditation.pk)
        transition(
            accreditation,
            machine=PHOTO_MACHINE,
            to=to,
            by=by,
            action="accreditation.photo_approved" if approve else "accreditation.photo_rejected",
            reason=reason,
            expected=expected,
            fields=("photo_reason",),
            notify=notify,
        )
        badge_sync(accreditation=accreditation, by=by)
        _reconcile_delegation(accreditation)
        bump(NAMESPACE)
    return accreditation


def _photo_rejected_notifier(accreditation_id: int):
    def send():
        from delegations.models import Liaison
        from hanoi_ceremony.notifications.services import notify

        accreditation = Accreditation.objects.select_related("member", "delegation", "media").get(
            pk=accreditation_id
        )
        if accreditation.kind == AccreditationKind.MEDIA:
            _tell_journalist_photo_rejected(accreditation)
            return
        url = reverse("accreditation:delegation", args=[accreditation.delegation_id])
        for liaison in Liaison.objects.filter(delegation_id=accreditation.delegation_id).select_related(
            "user"
        ):
            notify(
                recipient=liaison.user,
                kind="accreditation.photo_rejected",
                template="accreditation/notifications/photo_rejected",
                context={
                    "accreditation": accreditation,
                    "person": accreditation.member,
                    "reason": accreditation.photo_reason,
                    "user": liaison.user,
                },
                url=url,
            )

    return send


def _tell_journalist_photo_rejected(accreditation: Accreditation) -> None:
    """A journalist has no account: the rejection goes by e-mail, in the language they applied in, with a
    signed link to send a new photo."""
    from django.conf import settings

    from hanoi_ceremony.notifications.services import email_queue, message_render

    from .media import media_photo_link

    application = accreditation.media
    rendered = message_render(
        template="accreditation/notifications/media_photo_rejected",
        context={
            "person": application,
            "reason": accreditation.photo_reason,
            "link": media_photo_link(accreditation),
        },
        language=application.language or settings.LANGUAGE_CODE,
    )
    email_queue(
        recipient=None, kind="accreditation.photo_rejected", rendered=rendered, to_address=application.email
    )


def category_set(*, accreditation: Accreditation, category: BadgeCategory, by) -> Accreditation:
    """Give the person another badge category. A live badge is revoked and reissued ("changed")."""
    check_officer(by)
    if accreditation.kind == AccreditationKind.MEDIA and not category.for_media:
        raise Invalid({"category": _("Media are accredited with a media category only.")})
    if accreditation.kind == AccreditationKind.MEMBER and category.for_media:
        raise Invalid({"category": _("Delegation members are never accredited as media.")})
    with transaction.atomic():
        accreditation = _lock(accreditation)
        if accreditation.category_id == category.pk:
            return accreditation
        previous_id = accreditation.category_id
        accreditation.category = category
        record_change(
            accreditation,
            by=by,
            action="accreditation.category_changed",
            fields=("category",),
            # The ids let the "as of" counts replay categories (selectors.counts_as_of).
            data={"category": category.name, "category_id": category.pk, "from_category_id": previous_id},
        )
        badge_sync(accreditation=accreditation, by=by)
        bump(NAMESPACE)
    return accreditation


BULK_ACTIONS = {
    "pre_approve": V.PRE_APPROVED,
    "approve": V.APPROVED,
    "hold": V.ON_HOLD,
    "reject": V.REJECTED,
}


def accreditations_bulk(*, ids, action: str, by, reason: str = "") -> int:
    """Apply one decision to many people at once: all or nothing (the first refusal names the person).
    Actions: pre_approve, approve, hold, reject, approve_photo. Returns how many changed."""
    check_officer(by)
    ids = sorted({int(i) for i in ids})
    if not ids:
        raise Invalid(_("Select at least one person."))
    if action not in (*BULK_ACTIONS, "approve_photo"):
        raise Invalid(_("Choose an action."))
    with transaction.atomic():
        rows = list(Accreditation.objects.filter(pk__in=ids).order_by("pk"))
        if len(rows) != len(ids):
            raise Conflict()
        for accreditation in rows:
            try:
                if action == "approve_photo":
                    photo_decide(accreditation=accreditation, approve=True, by=by)
                else:
                    vetting_decide(accreditation=accreditation, to=BULK_ACTIONS[action], by=by, reason=reason)
            except Exception as exc:  # noqa: BLE001 — re-raised with the person's name
                from django.core.exceptions import ValidationError

                if isinstance(exc, ValidationError):
                    raise type(exc)(
                        _("%(person)s: %(error)s")
                        % {"person": accreditation, "error": " ".join(exc.messages)},
                        code=getattr(exc, "code", None) or "invalid",
                    ) from None
                raise
    return len(rows)
