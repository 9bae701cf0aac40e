"""Zone passes ("floaters", "overpasses"): a quota per delegation and restricted zone, issued by the
liaison to named members within the quota, transferable by the liaison, each issue and transfer audited.
Holders with a lapel-pin category need none. A pass changes the holder's badge zones, so a printed badge
is revoked and reissued (the QR is signed over the zones)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hanoi_ceremony.accounts.roles import Role, roles_of
from hanoi_ceremony.core.errors import Conflict, Invalid, NotAllowed
from hanoi_ceremony.core.pagecache import bump
from hanoi_ceremony.core.transitions import record_change

from ..models import Accreditation, Zone, ZonePass, ZonePassQuota
from ._common import NAMESPACE
from .badges import badge_sync

# The delegation's own passes (numbered, within the quota); meeting passes come and go with their meeting.
QUOTA_PASSES = ZonePass.objects.filter(bilateral__isnull=True)


def _check_by_hand(zone_pass: ZonePass) -> None:
    if zone_pass.bilateral_id is not None:
        raise Invalid(
            {
                "holder": _(
                    "This pass comes with a bilateral meeting: it follows the meeting's participants and ends "
                    "when the meeting is cancelled."
                )
            }
        )


def quota_for(*, delegation_id: int, zone: Zone) -> int:
    row = (
        ZonePassQuota.objects.filter(delegation_id=delegation_id, zone=zone)
        .values_list("quota", flat=True)
        .first()
    )
    return zone.default_pass_quota if row is None else row


def _check_liaison(by, delegation_id: int) -> None:
    from delegations.permissions import liaison_delegation_id

    if roles_of(by) & {Role.ACCREDITATION, Role.ORGANISER}:
        return
    if liaison_delegation_id(by) != delegation_id:
        raise NotAllowed(_("Only the delegation's liaison may issue its zone passes."))


def _holder(accreditation_id: int, delegation_id: int) -> Accreditation:
    holder = (
        Accreditation.objects.select_for_update(of=("self",))
        .select_related("category", "member")
        .filter(pk=accreditation_id, delegation_id=delegation_id)
        .first()
    )
    if holder is None:
        raise Invalid({"holder": _("Choose a member of the delegation.")})
    return holder


def _check_needs(holder: Accreditation, zone: Zone) -> None:
    category = holder.category
    if category is None or not category.zones.filter(pk=zone.pk).exists():
        raise Invalid(
            {
                "holder": _("%(person)s's badge category does not open %(zone)s.")
                % {"person": holder, "zone": zone.name}
            }
        )
    if category.lapel_pin:
        raise Invalid(
            {
                "holder": _("%(person)s passes %(zone)s with the lapel pin: no pass needed.")
                % {"person": holder, "zone": zone.name}
            }
        )


def zone_pass_issue(*, delegation_id: int, zone: Zone, holder_id: int, by) -> ZonePass:
    """Issue the lowest free pass number to a member, refused over quota. Side effects: audit entry; the
    holder's badge is reissued with the zone when it was already issued."""
    _check_liaison(by, delegation_id)
    if not zone.restricted:
        raise Invalid({"zone": _("%(zone)s needs no pass.") % {"zone": zone.name}})
    with transaction.atomic():
        from delegations.models import Delegation

        Delegation.objects.select_for_update(of=("self",)).get(
            pk=delegation_id
        )  # serialises this delegation's issues
        holder = _holder(holder_id, delegation_id)
        _check_needs(holder, zone)
        if QUOTA_PASSES.filter(zone=zone, holder=holder).exists():
            raise Invalid(
                {
                    "holder": _("%(person)s already holds a %(zone)s pass.")
                    % {"person": holder, "zone": zone.name}
                }
            )
        quota = quota_for(delegation_id=delegation_id, zone=zone)
        taken = set(
            QUOTA_PASSES.filter(delegation_id=delegation_id, zone=zone).values_list("number", flat=True)
        )
        free = [n for n in range(1, quota + 1) if n not in taken]
        if not free:
            raise Invalid(
                {
                    "holder": _(
                        "All %(quota)s %(zone)s passes of the delegation are issued: transfer one instead."
                    )
                    % {"quota": quota, "zone": zone.name}
                },
                code="over_quota",
            )
        zone_pass = ZonePass(delegation_id=delegation_id, zone=zone, number=free[0], holder=holder)
        try:
            with transaction.atomic():
                record_change(
                    zone_pass,
                    by=by,
                    action="zonepass.issued",
                    created=True,
                    reconcile=False,
                    data={"zone": zone.name, "number": zone_pass.number, "holder": str(holder)},
                )
        except IntegrityError:
            raise Conflict() from None
        badge_sync(accreditation=holder, by=by)
        bump(NAMESPACE)
    return zone_pass


def zone_pass_transfer(*, zone_pass: ZonePass, holder_id: int, by) -> ZonePass:
    """Give a pass to another member. Side effects: audit entry; both badges follow (reissued if issued)."""
    _check_liaison(by, zone_pass.delegation_id)
    with transaction.atomic():
        zone_pass = (
            ZonePass.objects.select_for_update(of=("self",))
            .select_related("zone", "holder")
            .get(pk=zone_pass.pk)
        )
        _check_by_hand(zone_pass)
        previous = _holder(zone_pass.holder_id, zone_pass.delegation_id)
        holder = _holder(holder_id, zone_pass.delegation_id)
        if holder.pk == previous.pk:
            return zone_pass
        _check_needs(holder, zone_pass.zone)
        if QUOTA_PASSES.filter(zone=zone_pass.zone, holder=holder).exists():
            raise Invalid(
                {
                    "holder": _("%(person)s already holds a %(zone)s pass.")
                    % {"person": holder, "zone": zone_pass.zone.name}
                }
            )
        zone_pass.holder = holder
        record_change(
            zone_pass,
            by=by,
            action="zonepass.transferred",
            fields=("holder",),
            reconcile=False,
            data={
                "zone": zone_pass.zone.name,
                "number": zone_pass.number,
                "holder": str(holder),
                "from_holder": str(previous),
            },
        )
        badge_sync(accreditation=previous, by=by)
        badge_sync(accreditation=holder, by=by)
        bump(NAMESPACE)
    return zone_pass


def zone_pass_withdraw(*, zone_pass: ZonePass, by) -> None:
    """Take a pass back (its number becomes free). Side effects: audit entry; the badge follows."""
    _check_liaison(by, zone_pass.delegation_id)
    with transaction.atomic():
        zone_pass = (
            ZonePass.objects.select_for_update(of=("self",)).select_related("zone").get(pk=zone_pass.pk)
        )
        _check_by_hand(zone_pass)
        holder = _holder(zone_pass.holder_id, zone_pass.delegation_id)
        from hanoi_ceremony.audit.services import audit_record

        audit_record(
            actor=by,
            action="zonepass.withdrawn",
            target=zone_pass,
            data={"zone": zone_pass.zone.name, "number": zone_pass.number, "holder": str(holder)},
        )
        zone_pass.delete()
        badge_sync(accreditation=holder, by=by)
        bump(NAMESPACE)


def quota_set(*, delegation_id: int, zone: Zone, quota: int, by) -> ZonePassQuota:
    """Accreditation officers set a delegation's passes for a zone (not below the passes already issued)."""
    if not roles_of(by) & {Role.ACCREDITATION, Role.ORGANISER}:
        raise NotAllowed(_("Only accreditation officers and organisers set quotas."))
    with transaction.atomic():
        issued = QUOTA_PASSES.filter(delegation_id=delegation_id, zone=zone).count()
        if quota < issued:
            raise Invalid(
                {"quota": _("%(count)s passes are already issued: withdraw some first.") % {"count": issued}}
            )
        row, _created = ZonePassQuota.objects.select_for_update(of=("self",)).get_or_create(
            delegation_id=delegation_id, zone=zone, defaults={"quota": quota}
        )
        row.quota = quota
        record_change(
            row,
            by=by,
            action="zonepassquota.changed",
            fields=("quota",),
            reconcile=False,
            data={"zone": zone.name, "delegation": str(row.delegation), "quota": quota},
        )
    return row


def bilateral_zone() -> Zone | None:
    """The zone a scheduled bilateral meeting opens to its listed participants (settings:
    ACCREDITATION_BILATERAL_ZONE, a zone code)."""
    from django.conf import settings

    code = getattr(settings, "ACCREDITATION_BILATERAL_ZONE", "BIL")
    return Zone.objects.filter(code=code, restricted=True).first() if code else None


def bilateral_passes_sync(*, bilateral_id: int, member_ids: list[int], active: bool, by=None) -> None:
    """The bilateral-suite passes of one meeting follow its listed participants: while the meeting is
    scheduled, each listed member whose badge category opens the suite (and has no lapel pin) holds a meeting
    pass; participants taken off the list, or every one when the meeting is cancelled, lose theirs. Runs in
    the bilateral service's transaction (registered in the app's ready()). Side effects: one audit entry per
    pass given or taken; the holders' badges follow (reissued when already issued)."""
    from hanoi_ceremony.audit.services import audit_record

    zone = bilateral_zone()
    if zone is None:
        return
    current = {
        p.holder_id: p for p in ZonePass.objects.filter(bilateral_id=bilateral_id).select_related("holder")
    }
    wanted: dict[int, Accreditation] = {}
    if active and member_ids:
        for accreditation in (
            Accreditation.objects.select_for_update(of=("self",))
            .filter(member_id__in=member_ids, delegation_id__isnull=False)
            .select_related("category", "member")
        ):
            category = accreditation.category
            if category is None or category.lapel_pin or not category.zones.filter(pk=zone.pk).exists():
                continue
            wanted[accreditation.pk] = accreditation
    changed: list[Accreditation] = []
    for holder_id, zone_pass in current.items():
        if holder_id in wanted:
            continue
        audit_record(
            actor=by,
            action="zonepass.meeting_withdrawn",
            target=zone_pass,
            data={"zone": zone.name, "holder": str(zone_pass.holder), "bilateral": bilateral_id},
        )
        zone_pass.delete()
        changed.append(zone_pass.holder)
    for holder_id, accreditation in wanted.items():
        if holder_id in current:
            continue
        zone_pass = ZonePass.objects.create(
            delegation_id=accreditation.delegation_id,
            zone=zone,
            holder=accreditation,
            bilateral_id=bilateral_id,
        )
        audit_record(
            actor=by,
            action="zonepass.meeting_issued",
            target=zone_pass,
            data={"zone": zone.name, "holder": str(accreditation), "bilateral": bilateral_id},
        )
        changed.append(accreditation)
    for accreditation in changed:
        badge_sync(accreditation=accreditation, by=by)
    if changed:
        bump(NAMESPACE)
