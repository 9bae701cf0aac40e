"""Every write of the signing roster, full powers checks, ratifications and speakers' lists.

Each service is keyword-only, owns its transaction, locks the rows two people may change at once, writes an
audit entry and bumps the "signing" page-cache namespace (the public board, report and speakers' lists show
what it changed). Refusals raise ValidationError (a message per field where one fits) or Conflict (409).
"""

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.enums import SessionKind
from delegations.enums import FullPowersStatus, ParticipantType
from delegations.models import Delegation, FullPowers, Liaison, Member
from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.core.pagecache import bump
from hanoi_ceremony.core.selectors import ceremony_get
from hanoi_ceremony.notifications.services import notify

from .enums import (
    MAX_REPLIES_PER_ITEM,
    InscriptionStatus,
    OrderingRule,
    SigningPlace,
    SigningStatus,
    SpeakersListKind,
)
from .models import Inscription, Ratification, RightOfReply, SigningEntry, SigningRoster, SpeakersList
from .ordering import place_with_overrides, signing_key

NAMESPACE = "signing"
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# Positions are moved out of the way first so the (roster, position) unique constraint holds at every step.
_POSITION_SHIFT = 1_000_000


class Conflict(Exception):
    """Someone else changed the same thing first; nothing was saved (the view answers 409)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Signing roster --------------------------------------------------------------------------------


def _check_signatory(*, delegation: Delegation, signatory: Member | None) -> None:
    if signatory is not None and signatory.delegation_id != delegation.pk:
        raise ValidationError({"signatory": _("The signatory must be a member of this party's delegation.")})


def roster_open(*, session, by) -> SigningRoster:
    """Open the signing roster for the signing session (once). Side effects: audit, bump."""
    if session.kind != SessionKind.SIGNING:
        raise ValidationError({"session": _("The signing roster belongs to the signing ceremony session.")})
    with transaction.atomic():
        roster, created = SigningRoster.objects.get_or_create(session=session)
        if created:
            audit_record(actor=by, action="signing.roster_opened", target=roster, to_state=roster.rule)
            bump(NAMESPACE)
    return roster


def roster_add_party(
    *, roster: SigningRoster, delegation: Delegation, signatory: Member | None = None, by
) -> SigningEntry:
    """Put a signing party on the roster, in its place under the roster's rule. Refuses an organisation
    (domain rule 2) and a second entry for the same party. Opens an awaited full powers record when the
    signatory signs by full powers. Side effects: audit entry, bump("signing")."""
    if not delegation.may_sign:
        raise ValidationError(
            {
                "delegation": _(
                    "Only States and regional economic integration organisations sign; %(name)s attends only."
                )
                % {"name": delegation.name}
            }
        )
    _check_signatory(delegation=delegation, signatory=signatory)
    with transaction.atomic():
        roster = SigningRoster.objects.select_for_update().get(pk=roster.pk)
        if SigningEntry.objects.filter(delegation=delegation).exists():
            raise ValidationError(
                {"delegation": _("This party is already on the signing roster: one signature per party.")}
            )
        last = roster.entries.aggregate(m=Max("position"))["m"] or 0
        entry = SigningEntry(
            roster=roster,
            delegation=delegation,
            participant_type=delegation.participant_type,
            signatory=signatory,
            position=last + 1,
        )
        entry.full_clean()
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError as exc:  # a concurrent request added the same party
            raise ValidationError(
                {"delegation": _("This party is already on the signing roster: one signature per party.")}
            ) from exc
        if signatory is not None and not signatory.signs_by_function:
            FullPowers.objects.get_or_create(member=signatory, defaults={"status": FullPowersStatus.AWAITED})
        _reorder(roster)
        entry.refresh_from_db(fields=["position"])
        audit_record(
            actor=by,
            action="signing.entry_added",
            target=entry,
            to_state=entry.status,
            data={"position": entry.position, "signatory": signatory.pk if signatory else None},
        )
        bump(NAMESPACE)
    return entry


def entry_set_signatory(*, entry: SigningEntry, signatory: Member, by) -> SigningEntry:
    """Name (or change) the signatory. A change withdraws any confirmation: the new person's authority has
    to be checked again; under the protocol rule the party may move (the tier follows the signatory's rank).
    Side effects: audit entry, bump("signing")."""
    with transaction.atomic():
        roster = SigningRoster.objects.select_for_update().get(pk=entry.roster_id)
        entry = SigningEntry.objects.select_for_update().select_related("delegation").get(pk=entry.pk)
        if entry.status == SigningStatus.SIGNED:
            raise ValidationError({"signatory": _("This party has already signed.")})
        _check_signatory(delegation=entry.delegation, signatory=signatory)
        previous = entry.signatory_id
        entry.signatory = signatory
        entry.confirmed_at = None
        entry.confirmed_by = None
        entry.full_clean()
        entry.save()
        if not signatory.signs_by_function:
            FullPowers.objects.get_or_create(member=signatory, defaults={"status": FullPowersStatus.AWAITED})
        _reorder(roster)
        entry.refresh_from_db(fields=["position"])
        audit_record(
            actor=by,
            action="signing.signatory_set",
            target=entry,
            data={"from": previous, "to": signatory.pk},
        )
        bump(NAMESPACE)
    return entry


def _lock_roster(*, roster: SigningRoster, expected_version: int | None) -> SigningRoster:
    locked = SigningRoster.objects.select_for_update().get(pk=roster.pk)
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            _(
                "Someone else changed the order of signing while you were looking at it. Nothing was saved: "
                "reload the roster and try again."
            )
        )
    return locked


def _save_order(roster: SigningRoster, ordered: list[SigningEntry]) -> None:
    """Write positions 1..n in two steps so the unique (roster, position) constraint never sees a tie."""
    for index, entry in enumerate(ordered, start=1):
        entry.position = _POSITION_SHIFT + index
    SigningEntry.objects.bulk_update(ordered, ["position"])
    for entry in ordered:
        entry.position -= _POSITION_SHIFT
    SigningEntry.objects.bulk_update(ordered, ["position", "position_overridden", "override_reason"])


def _rule_order(roster: SigningRoster, entries: list[SigningEntry]) -> list[SigningEntry]:
    ceremony = ceremony_get()
    host = ceremony.host_country_code if ceremony else ""

    def natural(entry: SigningEntry) -> tuple:
        return signing_key(
            rule=roster.rule,
            drawn_letter=roster.drawn_letter,
            is_host=bool(host) and entry.delegation.country_code == host,
            name=entry.delegation.name,
            rank=entry.signatory.rank if entry.signatory_id else None,
            registered_at=entry.registered_at,
            pk=entry.pk,
        )

    return place_with_overrides(
        entries, natural_key=natural, override=lambda e: e.position if e.position_overridden else None
    )


def _reorder(roster: SigningRoster) -> None:
    """Put every entry in its place under the roster's rule (manual placements kept) and bump the version.
    The caller holds the roster's row lock."""
    entries = list(roster.entries.select_related("delegation", "signatory"))
    _save_order(roster, _rule_order(roster, entries))
    roster.version += 1
    roster.save(update_fields=["version", "updated_at"])


def roster_apply_rule(
    *, roster: SigningRoster, rule: str, drawn_letter: str = "", expected_version: int | None, by
) -> SigningRoster:
    """Set the ordering rule and reorder: entries placed by hand keep their place, the rest follow the rule.
    Refuses (Conflict) when the roster changed since `expected_version`. Side effects: audit, bump."""
    drawn_letter = (drawn_letter or "").strip().upper()
    if rule == OrderingRule.ALPHABETICAL and not (len(drawn_letter) == 1 and drawn_letter.isalpha()):
        raise ValidationError({"drawn_letter": _("Enter the single letter drawn by lot.")})
    with transaction.atomic():
        roster = _lock_roster(roster=roster, expected_version=expected_version)
        before = (roster.rule, roster.drawn_letter)
        roster.rule = rule
        roster.drawn_letter = drawn_letter if rule == OrderingRule.ALPHABETICAL else ""
        roster.full_clean()
        entries = list(roster.entries.select_related("delegation", "signatory"))
        _save_order(roster, _rule_order(roster, entries))
        roster.version += 1
        roster.save()
        audit_record(
            actor=by,
            action="signing.rule_applied",
            target=roster,
            from_state=before[0],
            to_state=rule,
            data={"drawn_letter": roster.drawn_letter},
        )
        bump(NAMESPACE)
    return roster


def roster_move_entry(
    *, entry: SigningEntry, position: int, reason: str, expected_version: int | None, by
) -> SigningEntry:
    """An organiser places a party by hand at `position`, with a reason (audited). Others shift. Refuses
    (Conflict) when the roster changed since `expected_version`. Side effects: audit, bump."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for placing this party by hand.")})
    with transaction.atomic():
        roster = _lock_roster(roster=entry.roster, expected_version=expected_version)
        entries = list(roster.entries.select_related("delegation"))
        if not 1 <= position <= len(entries):
            raise ValidationError(
                {"position": _("Choose a place between 1 and %(n)s.") % {"n": len(entries)}}
            )
        moving = next(e for e in entries if e.pk == entry.pk)
        old_position = moving.position
        others = [e for e in entries if e.pk != moving.pk]
        others.insert(position - 1, moving)
        moving.position_overridden = True
        moving.override_reason = reason
        _save_order(roster, others)
        roster.version += 1
        roster.save(update_fields=["version", "updated_at"])
        audit_record(
            actor=by,
            action="signing.entry_moved",
            target=moving,
            from_state=str(old_position),
            to_state=str(position),
            reason=reason,
        )
        bump(NAMESPACE)
    return moving


def roster_release_entry(
    *, entry: SigningEntry, reason: str, expected_version: int | None, by
) -> SigningEntry:
    """Undo a manual placement: the party goes back to its place under the rule (audited with a reason).
    Refuses (Conflict) when the roster changed since `expected_version`. Side effects: audit, bump."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for returning this party to the rule's order.")})
    with transaction.atomic():
        roster = _lock_roster(roster=entry.roster, expected_version=expected_version)
        entry = SigningEntry.objects.get(pk=entry.pk)
        if not entry.position_overridden:
            raise ValidationError(_("This party already follows the rule's order."))
        old_position = entry.position
        SigningEntry.objects.filter(pk=entry.pk).update(position_overridden=False, override_reason="")
        _reorder(roster)
        entry.refresh_from_db()
        audit_record(
            actor=by,
            action="signing.entry_released",
            target=entry,
            from_state=str(old_position),
            to_state=str(entry.position),
            reason=reason,
        )
        bump(NAMESPACE)
    return entry


def authority_problem(entry: SigningEntry) -> str | None:
    """Why this entry cannot be confirmed yet (domain rule 1), or None."""
    if entry.signatory is None:
        return _("No signatory is named yet.")
    if entry.signatory.signs_by_function:
        return None
    full_powers = getattr(entry.signatory, "full_powers", None)
    if full_powers is None or full_powers.status != FullPowersStatus.VERIFIED:
        return _(
            "%(name)s is not a Head of State, Head of Government or Minister for Foreign Affairs: OLA must "
            "verify their full powers before the entry can be confirmed."
        ) % {"name": entry.signatory}
    return None


def entry_confirm(*, entry: SigningEntry, by) -> SigningEntry:
    """Confirm the signatory's authority to sign (by function, or full powers verified). Side effects: audit,
    bump."""
    with transaction.atomic():
        entry = (
            SigningEntry.objects.select_for_update(of=("self",))
            .select_related("signatory__full_powers", "delegation")
            .get(pk=entry.pk)
        )
        if entry.is_confirmed:
            raise ValidationError(_("This entry is already confirmed."))
        if entry.status == SigningStatus.SIGNED:
            raise ValidationError(_("This party has already signed."))
        problem = authority_problem(entry)
        if problem:
            raise ValidationError(problem)
        entry.confirmed_at = timezone.now()
        entry.confirmed_by = by
        entry.full_clean()
        entry.save()
        audit_record(
            actor=by,
            action="signing.entry_confirmed",
            target=entry,
            to_state="confirmed",
            data={"basis": "function" if entry.signatory.signs_by_function else "full_powers"},
        )
        bump(NAMESPACE)
    return entry


def signature_place(*, signed_at: datetime.datetime) -> str:
    """Hà Nội during the ceremony's days; UN Headquarters after them, up to the close of signature.
    Raises ValidationError before the opening or after the close."""
    ceremony = ceremony_get()
    if ceremony is None:
        raise ValidationError(_("No ceremony is set up."))
    local_day = signed_at.astimezone(HANOI).date()
    if local_day < ceremony.first_day:
        raise ValidationError(
            {
                "signed_at": _("The convention is not open for signature before %(day)s.")
                % {"day": ceremony.first_day.isoformat()}
            }
        )
    if local_day <= ceremony.last_day:
        return SigningPlace.HANOI
    if local_day <= ceremony.open_for_signature_until:
        return SigningPlace.HEADQUARTERS
    raise ValidationError(
        {
            "signed_at": _("Signature closed on %(day)s; no signature can be recorded after it.")
            % {"day": ceremony.open_for_signature_until.isoformat()}
        }
    )


def entry_mark_signed(*, entry: SigningEntry, by, signed_at: datetime.datetime | None = None) -> SigningEntry:
    """Record the signature (once). The place follows from the date (see signature_place). Side effects:
    audit, bump."""
    signed_at = signed_at or timezone.now()
    if timezone.is_naive(signed_at):
        raise ValidationError({"signed_at": _("Give the time with its time zone.")})
    if signed_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"signed_at": _("A signature cannot be recorded in the future.")})
    with transaction.atomic():
        entry = SigningEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status == SigningStatus.SIGNED:
            raise ValidationError(_("This party has already signed: one signature per party."))
        if not entry.is_confirmed:
            raise ValidationError(_("Confirm the signatory's authority before recording the signature."))
        place = signature_place(signed_at=signed_at)
        previous = entry.status
        entry.status = SigningStatus.SIGNED
        entry.signed_at = signed_at
        entry.place = place
        entry.full_clean()
        entry.save()
        audit_record(
            actor=by,
            action="signing.entry_signed",
            target=entry,
            from_state=previous,
            to_state=entry.status,
            data={"place": place, "signed_at": signed_at.isoformat()},
        )
        bump(NAMESPACE)
    return entry


def _entry_set_open_status(*, entry: SigningEntry, status: str, reason: str, by, action: str) -> SigningEntry:
    with transaction.atomic():
        entry = SigningEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status == SigningStatus.SIGNED:
            raise ValidationError(_("This party has already signed."))
        previous = entry.status
        entry.status = status
        entry.full_clean()
        entry.save()
        audit_record(
            actor=by, action=action, target=entry, from_state=previous, to_state=status, reason=reason
        )
        bump(NAMESPACE)
    return entry


def entry_mark_did_not_sign(*, entry: SigningEntry, reason: str = "", by) -> SigningEntry:
    """The party did not sign in Hà Nội. Side effects: audit, bump."""
    return _entry_set_open_status(
        entry=entry,
        status=SigningStatus.DID_NOT_SIGN,
        reason=reason,
        by=by,
        action="signing.entry_did_not_sign",
    )


def entry_defer_to_headquarters(*, entry: SigningEntry, reason: str = "", by) -> SigningEntry:
    """The party will sign later at UN Headquarters. Side effects: audit, bump."""
    return _entry_set_open_status(
        entry=entry,
        status=SigningStatus.AT_HEADQUARTERS,
        reason=reason,
        by=by,
        action="signing.entry_deferred",
    )


# --- Full powers (checked by OLA) ------------------------------------------------------------------


def _tell_liaisons(*, fp: FullPowers, template: str, reason: str = "") -> None:
    """Tell the delegation's liaisons (in-app and e-mail, sent on commit)."""
    liaisons = Liaison.objects.filter(delegation_id=fp.member.delegation_id).select_related(
        "user", "delegation"
    )
    for liaison in liaisons:
        notify(
            recipient=liaison.user,
            kind=template,
            template=f"signing/notify/{template}",
            context={
                "member": str(fp.member),
                "delegation": str(liaison.delegation),
                "reason": reason,
                "url": "",
            },
        )


def _lock_full_powers(full_powers: FullPowers) -> FullPowers:
    return FullPowers.objects.select_for_update().select_related("member").get(pk=full_powers.pk)


def full_powers_mark_received(*, full_powers: FullPowers, by) -> FullPowers:
    """The instrument has arrived and awaits OLA's check. Side effects: audit, bump."""
    with transaction.atomic():
        fp = _lock_full_powers(full_powers)
        if fp.status not in (FullPowersStatus.AWAITED, FullPowersStatus.REJECTED):
            raise ValidationError(_("Only awaited or rejected full powers can be marked received."))
        previous = fp.status
        fp.status = FullPowersStatus.RECEIVED
        fp.received_at = timezone.now()
        fp.rejection_reason = ""
        fp.save()
        audit_record(
            actor=by,
            action="signing.full_powers_received",
            target=fp,
            from_state=previous,
            to_state=fp.status,
        )
        bump(NAMESPACE)
    return fp


def full_powers_verify(*, full_powers: FullPowers, by) -> FullPowers:
    """OLA verified the instrument (names the person and this convention, signed by a Head of State or
    Government or a Minister for Foreign Affairs). Side effects: audit, the delegation's liaisons told
    (in-app and e-mail on commit), bump."""
    with transaction.atomic():
        fp = _lock_full_powers(full_powers)
        if fp.status != FullPowersStatus.RECEIVED:
            raise ValidationError(
                _("Only received full powers can be verified: mark the instrument received first.")
            )
        previous = fp.status
        fp.status = FullPowersStatus.VERIFIED
        fp.verified_at = timezone.now()
        fp.verified_by = by
        fp.rejection_reason = ""
        fp.save()
        audit_record(
            actor=by,
            action="signing.full_powers_verified",
            target=fp,
            from_state=previous,
            to_state=fp.status,
        )
        _tell_liaisons(fp=fp, template="full_powers_verified")
        bump(NAMESPACE)
    return fp


def full_powers_reject(*, full_powers: FullPowers, reason: str, by) -> FullPowers:
    """OLA rejected the instrument, with the reason; any confirmation of an entry relying on it is withdrawn.
    Side effects: audit, the delegation's liaisons told with the reason (in-app and e-mail on commit), bump."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for rejecting the full powers.")})
    with transaction.atomic():
        fp = _lock_full_powers(full_powers)
        if fp.status not in (FullPowersStatus.RECEIVED, FullPowersStatus.VERIFIED):
            raise ValidationError(_("Only received or verified full powers can be rejected."))
        previous = fp.status
        fp.status = FullPowersStatus.REJECTED
        fp.verified_at = None
        fp.verified_by = None
        fp.rejection_reason = reason
        fp.save()
        SigningEntry.objects.filter(signatory=fp.member, confirmed_at__isnull=False).exclude(
            status=SigningStatus.SIGNED
        ).update(confirmed_at=None, confirmed_by=None)
        audit_record(
            actor=by,
            action="signing.full_powers_rejected",
            target=fp,
            from_state=previous,
            to_state=fp.status,
            reason=reason,
        )
        _tell_liaisons(fp=fp, template="full_powers_rejected", reason=reason)
        bump(NAMESPACE)
    return fp


# --- Ratifications ---------------------------------------------------------------------------------


def ratification_record(*, delegation: Delegation, deposited_on: datetime.date, by) -> Ratification:
    """Record a deposited instrument (once per party; only signing parties). Side effects: audit, bump."""
    if not delegation.may_sign:
        raise ValidationError(
            {"delegation": _("Only States and regional economic integration organisations ratify.")}
        )
    with transaction.atomic():
        if Ratification.objects.filter(delegation=delegation).exists():
            raise ValidationError({"delegation": _("This party has already deposited its instrument.")})
        ratification = Ratification(
            delegation=delegation,
            deposited_on=deposited_on,
            is_reio=delegation.participant_type == ParticipantType.REIO,
        )
        ratification.full_clean()
        ratification.save()
        audit_record(
            actor=by,
            action="signing.ratification_recorded",
            target=ratification,
            data={"deposited_on": deposited_on.isoformat()},
        )
        bump(NAMESPACE)
    return ratification


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
            audit_record(
                actor=by, action="signing.list_opened", target=speakers_list, to_state=speakers_list.kind
            )
            bump(NAMESPACE)
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
        audit_record(actor=by, action="signing.inscribed", target=inscription, to_state=inscription.status)
        bump(NAMESPACE)
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
        audit_record(
            actor=by,
            action="signing.inscription_placed",
            target=inscription,
            from_state=str(previous or ""),
            to_state=str(position or ""),
            reason=reason,
        )
        bump(NAMESPACE)
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
        audit_record(
            actor=by,
            action="signing.time_limit_set",
            target=inscription,
            from_state=str(previous),
            to_state=str(seconds),
        )
        bump(NAMESPACE)
    return inscription


def inscription_withdraw(*, inscription: Inscription, by) -> Inscription:
    """The delegation withdraws its speaker. Side effects: audit, bump."""
    with transaction.atomic():
        inscription = Inscription.objects.select_for_update().get(pk=inscription.pk)
        if inscription.status != InscriptionStatus.INSCRIBED:
            raise ValidationError(_("Only a speaker still waiting can be withdrawn."))
        inscription.status = InscriptionStatus.WITHDRAWN
        inscription.save()
        audit_record(
            actor=by,
            action="signing.inscription_withdrawn",
            target=inscription,
            from_state=InscriptionStatus.INSCRIBED,
            to_state=inscription.status,
        )
        bump(NAMESPACE)
    return inscription


def speakers_list_next(
    *, speakers_list: SpeakersList, expected_current_id: int | None, by
) -> Inscription | None:
    """The chair gives the floor to the next speaker in order; the current one has spoken. Refuses (Conflict)
    when someone advanced the list already. Side effects: audit, bump."""
    from .selectors import speaking_order

    with transaction.atomic():
        sl = SpeakersList.objects.select_for_update().get(pk=speakers_list.pk)
        if sl.current_id != expected_current_id:
            raise Conflict(_("The list has already moved on. Nothing was changed: reload the chair's view."))
        now = timezone.now()
        if sl.current_id:
            Inscription.objects.filter(pk=sl.current_id).update(
                status=InscriptionStatus.SPOKEN, updated_at=now
            )
        waiting = [i for i in speaking_order(sl) if i.status == InscriptionStatus.INSCRIBED]
        following = waiting[0] if waiting else None
        if following is not None:
            Inscription.objects.filter(pk=following.pk).update(
                status=InscriptionStatus.SPEAKING, spoke_at=now, updated_at=now
            )
        sl.current = following
        sl.current_started_at = now if following else None
        sl.version += 1
        sl.save()
        audit_record(
            actor=by,
            action="signing.floor_given",
            target=sl,
            from_state=str(expected_current_id or ""),
            to_state=str(following.pk if following else ""),
        )
        bump(NAMESPACE)
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
                    % {"name": delegation.name}
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
        audit_record(actor=by, action="signing.reply_requested", target=reply, to_state=str(reply.number))
        bump(NAMESPACE)
    return reply
