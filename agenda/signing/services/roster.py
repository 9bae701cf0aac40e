"""The signing roster: parties, signatories, the order of signing, confirmation and signature."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agenda.enums import SessionKind
from delegations.enums import FullPowersStatus
from delegations.models import Delegation, FullPowers, Member
from hanoi_ceremony.audit.registry import register
from hanoi_ceremony.core.selectors import ceremony_get
from hanoi_ceremony.core.transitions import record, transition
from hanoi_ceremony.reminders.services import reminders_reconcile

from ..enums import (
    OrderingRule,
    SigningPlace,
    SigningStatus,
)
from ..machines import SIGNING_ENTRY_MACHINE
from ..models import SigningEntry, SigningRoster
from ..ordering import place_with_overrides, signing_key
from ._common import HANOI, Conflict

# Positions are moved out of the way first so the (roster, position) unique constraint holds at every step.
_POSITION_SHIFT = 1_000_000

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
            record(roster, by=by, action="signing_roster.opened", data={"rule": roster.rule})
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
                % {"name": delegation.display_name}
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
        reminders_reconcile(target=entry)
        record(
            entry,
            by=by,
            action="signing_entry.added",
            to_state=entry.status,
            data={"position": entry.position, "signatory": signatory.pk if signatory else None},
        )
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
        reminders_reconcile(target=entry)
        if not signatory.signs_by_function:
            FullPowers.objects.get_or_create(member=signatory, defaults={"status": FullPowersStatus.AWAITED})
        _reorder(roster)
        entry.refresh_from_db(fields=["position"])
        record(
            entry,
            by=by,
            action="signing_entry.signatory_set",
            data={"from_signatory": previous, "signatory": signatory.pk, "signatory_name": str(signatory)},
        )
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
        record(
            roster,
            by=by,
            action="signing_roster.rule_applied",
            data={"from_rule": before[0], "rule": rule, "drawn_letter": roster.drawn_letter},
        )
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
        record(
            moving,
            by=by,
            action="signing_entry.moved",
            data={"from_position": old_position, "position": position},
            reason=reason,
        )
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
        record(
            entry,
            by=by,
            action="signing_entry.released",
            data={"from_position": old_position, "position": entry.position},
            reason=reason,
        )
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
        reminders_reconcile(target=entry)
        record(
            entry,
            by=by,
            action="signing_entry.confirmed",
            data={"basis": "function" if entry.signatory.signs_by_function else "full_powers"},
        )
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
        entry.signed_at = signed_at
        entry.place = place
        transition(
            entry,
            machine=SIGNING_ENTRY_MACHINE,
            to=SigningStatus.SIGNED,
            by=by,
            action="signing_entry.signed",
            data={"place": place, "signed_at": signed_at.isoformat()},
            fields=None,
        )
    return entry


register(
    "signing_entry.signature_withdrawn",
    gettext_lazy("Signature withdrawn"),
    gettext_lazy("%(actor)s withdrew the signature recorded for %(target)s."),
)


def entry_undo_signature(*, entry: SigningEntry, reason: str, by) -> SigningEntry:
    """Correct a signature recorded by mistake (a wrong row clicked): signed -> scheduled, with the reason and
    the withdrawn signature's time in the audit entry. Refused once a ratification of that party is recorded.
    Side effects: audit, reminders re-timed, board refreshed."""
    from ..models import Ratification

    if not (reason or "").strip():
        raise ValidationError(
            {"reason": _("Say why the signature is withdrawn (e.g. the wrong row was clicked).")}
        )
    with transaction.atomic():
        entry = SigningEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status != SigningStatus.SIGNED:
            raise ValidationError(_("No signature is recorded for this party."))
        if Ratification.objects.filter(delegation_id=entry.delegation_id).exists():
            raise ValidationError(
                _("A ratification of this party is recorded: its signature cannot be undone.")
            )
        withdrawn = entry.signed_at
        entry.signed_at = None
        entry.place = ""
        transition(
            entry,
            machine=SIGNING_ENTRY_MACHINE,
            to=SigningStatus.SCHEDULED,
            by=by,
            action="signing_entry.signature_withdrawn",
            reason=reason.strip(),
            data={"signed_at": withdrawn.isoformat() if withdrawn else ""},
            fields=None,
        )
    return entry


def _entry_set_open_status(*, entry: SigningEntry, status: str, reason: str, by, action: str) -> SigningEntry:
    with transaction.atomic():
        entry = SigningEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status == SigningStatus.SIGNED:
            raise ValidationError(_("This party has already signed."))
        transition(
            entry, machine=SIGNING_ENTRY_MACHINE, to=status, by=by, action=action, reason=reason, fields=None
        )
    return entry


def entry_mark_did_not_sign(*, entry: SigningEntry, reason: str = "", by) -> SigningEntry:
    """The party did not sign in Hà Nội. Side effects: audit, bump."""
    return _entry_set_open_status(
        entry=entry,
        status=SigningStatus.DID_NOT_SIGN,
        reason=reason,
        by=by,
        action="signing_entry.marked_not_signed",
    )


def entry_defer_to_headquarters(*, entry: SigningEntry, reason: str = "", by) -> SigningEntry:
    """The party will sign later at UN Headquarters. Side effects: audit, bump."""
    return _entry_set_open_status(
        entry=entry,
        status=SigningStatus.AT_HEADQUARTERS,
        reason=reason,
        by=by,
        action="signing_entry.deferred",
    )
