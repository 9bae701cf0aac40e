"""Speakers' lists (domain rule 3): inscriptions, manual placements, the floor, rights of reply."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.enums import SessionKind
from delegations.models import Delegation, Member
from hanoi_ceremony.core.transitions import record, transition

from ..enums import (
    MAX_REPLIES_PER_ITEM,
    InscriptionStatus,
    SpeakersListKind,
)
from ..machines import INSCRIPTION_MACHINE
from ..models import Inscription, RightOfReply, SpeakersList
from ._common import Conflict

# --- Speakers' lists -------------------------------------------------------------------------------

_LIST_KINDS = {
    SessionKind.PLENARY: SpeakersListKind.PLENARY,
    SessionKind.HIGH_LEVEL: SpeakersListKind.HIGH_LEVEL,
}


def speakers_list_open(*, session, by, default_time_limit_seconds: int = 300) -> SpeakersList:
    """Open the speakers' list of the plenary or of a high-level discussion (once per session).
    Side effects: audit, bump."""
    if session.kind not in _LIST_KINDS:
        raise ValidationError(
            {"session": _("Only the plenary and the high-level discussions have a speakers' list.")}
        )
    with transaction.atomic():
        speakers_list, created = SpeakersList.objects.get_or_create(
            session=session,
            defaults={
                "kind": _LIST_KINDS[session.kind],
                "default_time_limit_seconds": default_time_limit_seconds,
            },
        )
        if created:
            record(speakers_list, by=by, action="speakers_list.opened", data={"kind": speakers_list.kind})
    return speakers_list


def inscription_create(
    *,
    speakers_list: SpeakersList,
    delegation: Delegation,
    speaker: Member,
    by,
    time_limit_seconds: int | None = None,
) -> Inscription:
    """Inscribe a delegation's speaker (one per delegation per list). Who may inscribe for whom is checked
    by permissions.can_inscribe_for in the view. Side effects: audit, bump."""
    if speaker.delegation_id != delegation.pk:
        raise ValidationError({"speaker": _("The speaker must be a member of the delegation.")})
    if time_limit_seconds is not None and time_limit_seconds <= 0:
        raise ValidationError({"time_limit_seconds": _("The speaking time must be positive.")})
    with transaction.atomic():
        speakers_list = SpeakersList.objects.select_for_update().get(pk=speakers_list.pk)
        if not speakers_list.is_open:
            raise ValidationError(_("This speakers' list is closed for inscription."))
        if (
            speakers_list.inscriptions.filter(delegation=delegation)
            .exclude(status=InscriptionStatus.WITHDRAWN)
            .exists()
        ):
            raise ValidationError({"speaker": _("This delegation is already inscribed on this list.")})
        inscription = Inscription(
            speakers_list=speakers_list,
            delegation=delegation,
            speaker=speaker,
            inscribed_by=by if getattr(by, "is_authenticated", False) else None,
            time_limit_seconds=time_limit_seconds or speakers_list.default_time_limit_seconds,
        )
        inscription.full_clean()
        inscription.save()
        speakers_list.version += 1
        speakers_list.save(update_fields=["version", "updated_at"])
        record(inscription, by=by, action="inscription.added", to_state=inscription.status)
    return inscription


def inscription_override(*, inscription: Inscription, position: int | None, reason: str, by) -> Inscription:
    """An organiser places a speaker by hand (or clears the placement with position=None), with a reason.
    Side effects: audit, bump."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for changing this speaker's place.")})
    if position is not None and position < 1:
        raise ValidationError({"position": _("The place must be 1 or more.")})
    with transaction.atomic():
        SpeakersList.objects.select_for_update().get(pk=inscription.speakers_list_id)
        inscription = Inscription.objects.select_for_update().get(pk=inscription.pk)
        previous = inscription.position_override
        inscription.position_override = position
        inscription.override_reason = reason if position is not None else ""
        inscription.full_clean()
        inscription.save()
        record(
            inscription,
            by=by,
            action="inscription.placed",
            data={"from_position": previous or "", "position": position or ""},
            reason=reason,
        )
    return inscription


def inscription_set_time_limit(*, inscription: Inscription, seconds: int, by) -> Inscription:
    """An organiser gives one speaker more or less speaking time. Side effects: audit, bump."""
    if seconds <= 0:
        raise ValidationError({"time_limit_seconds": _("The speaking time must be positive.")})
    with transaction.atomic():
        inscription = Inscription.objects.select_for_update().get(pk=inscription.pk)
        previous = inscription.time_limit_seconds
        inscription.time_limit_seconds = seconds
        inscription.full_clean()
        inscription.save()
        record(
            inscription,
            by=by,
            action="inscription.time_limit_set",
            data={"from_seconds": previous, "seconds": seconds},
        )
    return inscription


def inscription_withdraw(*, inscription: Inscription, by) -> Inscription:
    """The delegation withdraws its speaker. Side effects: audit, bump."""
    with transaction.atomic():
        inscription = Inscription.objects.select_for_update().get(pk=inscription.pk)
        if inscription.status != InscriptionStatus.INSCRIBED:
            raise ValidationError(_("Only a speaker still waiting can be withdrawn."))
        transition(
            inscription,
            machine=INSCRIPTION_MACHINE,
            to=InscriptionStatus.WITHDRAWN,
            by=by,
            action="inscription.withdrawn",
            clean=False,  # only the state changes, and the table checks it
        )
    return inscription


def _floor_move(inscription: Inscription, *, to: str, by, fields=()) -> None:
    transition(
        inscription,
        machine=INSCRIPTION_MACHINE,
        to=to,
        by=by,
        action=None,
        fields=fields,
        clean=False,  # only the state (and the time the floor was given) changes
    )


def speakers_list_next(
    *, speakers_list: SpeakersList, expected_current_id: int | None, by
) -> Inscription | None:
    """The chair gives the floor to the next speaker in order; the current one has spoken. Refuses (Conflict)
    when someone advanced the list already. Side effects: audit, bump."""
    from ..selectors import speaking_order

    with transaction.atomic():
        sl = SpeakersList.objects.select_for_update().get(pk=speakers_list.pk)
        if sl.current_id != expected_current_id:
            raise Conflict(_("The list has already moved on. Nothing was changed: reload the chair's view."))
        now = timezone.now()
        # Both moves are one event, recorded once in the list's history (below).
        if sl.current_id:
            _floor_move(sl.current, to=InscriptionStatus.SPOKEN, by=by)
        waiting = [i for i in speaking_order(sl) if i.status == InscriptionStatus.INSCRIBED]
        following = waiting[0] if waiting else None
        if following is not None:
            following.spoke_at = now
            _floor_move(following, to=InscriptionStatus.SPEAKING, by=by, fields=("spoke_at",))
        sl.current = following
        sl.current_started_at = now if following else None
        sl.version += 1
        sl.save()
        record(
            sl,
            by=by,
            action="speakers_list.floor_given",
            data={
                "from_inscription": expected_current_id or "",
                "inscription": following.pk if following else "",
                "speaker": str(following) if following else "",
            },
        )
    return following


def right_of_reply_request(*, speakers_list: SpeakersList, delegation: Delegation, by) -> RightOfReply:
    """Inscribe a right of reply (heard at the end of the day). At most two per delegation per item: counted
    under the list's row lock, and the database refuses a third number. Side effects: audit, bump."""
    with transaction.atomic():
        sl = SpeakersList.objects.select_for_update().get(pk=speakers_list.pk)
        used = RightOfReply.objects.filter(speakers_list=sl, delegation=delegation).count()
        if used >= MAX_REPLIES_PER_ITEM:
            raise ValidationError(
                {
                    "delegation": _("%(name)s has already used its two rights of reply on this item.")
                    % {"name": delegation.display_name}
                }
            )
        reply = RightOfReply(
            speakers_list=sl,
            delegation=delegation,
            number=used + 1,
            requested_by=by if getattr(by, "is_authenticated", False) else None,
        )
        reply.full_clean()
        reply.save()
        record(reply, by=by, action="right_of_reply.requested", data={"number": reply.number})
    return reply


def speakers_list_set_open(*, speakers_list: SpeakersList, is_open: bool, by) -> SpeakersList:
    """An organiser opens or closes inscription on a list (the chair's page). Side effects: audit, bump."""
    with transaction.atomic():
        sl = SpeakersList.objects.select_for_update().get(pk=speakers_list.pk)
        if sl.is_open == is_open:
            return sl
        sl.is_open = is_open
        sl.version += 1
        sl.save(update_fields=["is_open", "version", "updated_at"])
        record(
            sl,
            by=by,
            action="speakers_list.inscription_opened" if is_open else "speakers_list.inscription_closed",
        )
    return sl
