"""Members of a delegation: add, change, remove; passports are masked and every unmasked view audited."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.core.transitions import record
from hanoi_ceremony.core.uploads import files_delete_on_commit

from ..accreditation.services import vetting as accreditation
from ..enums import (
    Capacity,
)
from ..models import (
    Delegation,
    Member,
)
from ..validators import clean_photo
from ._common import (
    MEMBER_FIELDS,
    _back_to_review,
    _check_may_edit,
    _lock,
    mask_passport,
    may_see_passports,
    photo_required,
)


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


def _check_photo(member: Member, photo, head_rank: str | None):
    """The photo to store (re-encoded, server-named) or None; refuses an unusable or missing photo."""
    if photo:
        try:
            return clean_photo(photo)
        except ValidationError as exc:
            raise ValidationError({"photo": exc.messages}) from None
    if not member.photo and photo_required(member=member, head_rank=head_rank):
        raise ValidationError({"photo": _("A badge photo is required for this person.")})
    return None


def _head_rank(delegation: Delegation, member: Member) -> str | None:
    if member.capacity == Capacity.HEAD:
        return member.rank
    return (
        Member.objects.filter(delegation=delegation, capacity=Capacity.HEAD)
        .values_list("rank", flat=True)
        .first()
    )


def _standing(member: Member) -> dict:
    """What the "as of" report replays from a membership entry: the member's capacity and rank (raw)."""
    return {"capacity": member.capacity, "rank": member.rank}


def _record_member_change(
    *, delegation: Delegation, by, action: str, member: Member, changes: dict, before: dict | None = None
) -> None:
    """Audit a membership change; a confirmed delegation goes back to review with the change recorded.
    The entry carries the member's capacity and rank after the change (and `before` it), so the "as of"
    report can replay them."""
    record(
        delegation,
        by=by,
        action=action,
        data={
            "member_id": member.pk,
            "member": str(member),
            "changes": changes,
            **_standing(member),
            "before": before or {},
        },
    )
    _back_to_review(delegation=delegation, by=by)


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
        cleaned = _check_photo(member, photo, _head_rank(delegation, member))
        accreditation.passport_check(expiry=member.passport_expiry)
        if cleaned:
            member.photo = cleaned
        _save_member(member)
        accreditation.accreditation_for_member(member=member, by=by)
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
        travel_before = {"arrival_at": member.arrival_at, "departure_at": member.departure_at}
        before = _standing(member)
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
        cleaned = _check_photo(member, photo, _head_rank(delegation, member))
        if cleaned:
            files_delete_on_commit(member.photo)
            member.photo = cleaned
            changes["photo"] = ["", _("new photo")]
        if not changes:
            return member
        accreditation.member_change_check(member=member, by=by, changes=changes)
        if "passport_expiry" in changes:
            accreditation.passport_check(expiry=member.passport_expiry)
        _save_member(member)
        accreditation.accreditation_for_member(member=member, by=by, photo_changed=bool(photo))
        _record_member_change(
            delegation=delegation,
            by=by,
            action="delegation.member_changed",
            member=member,
            changes=changes,
            before=before,
        )
        # A leader's flight, time, airport or hotel moved: reception re-issues the scenario (same transaction).
        from subcommittees.reception.services import member_travel_changed

        member_travel_changed(member=member, by=by, changes=changes, times_before=travel_before)
    return member


def member_remove(*, member: Member, by) -> None:
    """Remove a person from a delegation. Side effects: audit entry; a confirmed delegation goes back to
    review."""
    with transaction.atomic():
        delegation = _lock(member.delegation)
        member = Member.objects.select_for_update().get(pk=member.pk, delegation=delegation)
        _check_may_edit(delegation=delegation, by=by)
        accreditation.member_change_check(member=member, by=by)
        accreditation.member_withdraw(member=member, by=by)
        changes = {"family_name": [member.family_name, ""], "capacity": [member.get_capacity_display(), ""]}
        member_id, name, standing = member.pk, str(member), _standing(member)
        created_at = member.created_at.isoformat() if member.created_at else ""
        full_powers = getattr(member, "full_powers", None)
        try:
            with transaction.atomic():
                member.delete()
        except (ProtectedError, RestrictedError) as exc:
            # Still named elsewhere (a speakers' list, the signing roster): say where, never a 500.
            blocking = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ())
            where = sorted({f"{obj._meta.verbose_name}: {obj}" for obj in blocking})[:5]
            raise ValidationError(
                _(
                    "%(name)s cannot be removed: they are named in %(where)s, which keeps its record. "
                    "Name someone else there first."
                )
                % {"name": name, "where": "; ".join(where)},
                code="member_in_use",
            ) from None
        files_delete_on_commit(member.photo, full_powers.document if full_powers else None)
        member.pk = member_id
        record(
            delegation,
            by=by,
            action="delegation.member_removed",
            data={
                "member_id": member_id,
                "member": name,
                "changes": changes,
                "before": standing,
                "created_at": created_at,
            },
        )
        _back_to_review(delegation=delegation, by=by)


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
