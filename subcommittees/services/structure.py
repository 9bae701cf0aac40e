"""Subcommittees and who sits on them: set up by the organisers and the Standing Secretariat (the admin)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from hanoi_ceremony.core.transitions import record, record_change

from .. import permissions
from ..models import Membership, Subcommittee
from ._common import _apply_changes, _check_known, with_translations

SUBCOMMITTEE_FIELDS = ("name", "slug", "mandate", "order")
MEMBERSHIP_FIELDS = ("user", "role")


def _check_may_manage(by) -> None:
    if not permissions.can_manage_subcommittees(by):
        raise PermissionDenied(
            _("Only the organisers and the Standing Secretariat set up the subcommittees.")
        )


def subcommittee_create(*, by, **values) -> Subcommittee:
    """Create a subcommittee (name and mandate in each language). Side effects: audit; the subcommittee
    pages refresh."""
    _check_may_manage(by)
    _check_known(values, with_translations(Subcommittee, SUBCOMMITTEE_FIELDS))
    with transaction.atomic():
        return record_change(Subcommittee(**values), by=by, action="subcommittee.created", created=True)


def subcommittee_update(*, subcommittee: Subcommittee, by, **changes) -> Subcommittee:
    """Rename a subcommittee, change its short name, mandate or place in the lists. Side effects: audit
    with the changed fields; the subcommittee pages refresh."""
    _check_may_manage(by)
    _check_known(changes, with_translations(Subcommittee, SUBCOMMITTEE_FIELDS))
    with transaction.atomic():
        locked = Subcommittee.objects.select_for_update().get(pk=subcommittee.pk)
        changed = _apply_changes(locked, changes)
        if not changed:
            return locked
        return record_change(locked, by=by, action="subcommittee.updated", data={"fields": sorted(changed)})


def subcommittee_delete(*, subcommittee: Subcommittee, by) -> None:
    """Delete a subcommittee that has no tasks, escalations or budget (its memberships go with it). Side
    effects: audit (the entry keeps its name); the subcommittee pages refresh."""
    _check_may_manage(by)
    with transaction.atomic():
        locked = Subcommittee.objects.select_for_update().get(pk=subcommittee.pk)
        record(locked, by=by, action="subcommittee.deleted", data={"name": locked.name})
        try:
            locked.delete()
        except ProtectedError:
            raise ValidationError(
                _("“%(name)s” still has tasks, escalations or a budget: it cannot be deleted.")
                % {"name": locked.name}
            ) from None


def membership_add(*, subcommittee: Subcommittee, user, role: str, by) -> Membership:
    """Seat someone on a subcommittee as lead or member. Side effects: audit in the subcommittee's history;
    the person's roles and the subcommittee pages refresh."""
    _check_may_manage(by)
    with transaction.atomic():
        membership = Membership(subcommittee=subcommittee, user=user, role=role)
        membership.full_clean()
        membership.save()
        record(
            subcommittee,
            by=by,
            action="subcommittee.member_added",
            data={"user": str(user), "role": role},
        )
    return membership


def membership_update(*, membership: Membership, by, **changes) -> Membership:
    """Change who holds a seat or their role (lead or member). Side effects: audit in the subcommittee's
    history with the changed fields; the roles and the subcommittee pages refresh."""
    _check_may_manage(by)
    _check_known(changes, MEMBERSHIP_FIELDS)
    with transaction.atomic():
        locked = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
        before = str(locked.user)
        changed = _apply_changes(locked, changes)
        if not changed:
            return locked
        locked.full_clean()
        locked.save()
        record(
            locked.subcommittee,
            by=by,
            action="subcommittee.member_changed",
            data={
                "user": str(locked.user),
                "from_user": before,
                "role": locked.role,
                "fields": sorted(changed),
            },
        )
    return locked


def membership_remove(*, membership: Membership, by) -> None:
    """Take someone off a subcommittee. Side effects: audit in the subcommittee's history; the roles and
    the subcommittee pages refresh."""
    _check_may_manage(by)
    with transaction.atomic():
        locked = (
            Membership.objects.select_for_update()
            .select_related("user", "subcommittee")
            .get(pk=membership.pk)
        )
        record(
            locked.subcommittee,
            by=by,
            action="subcommittee.member_removed",
            data={"user": str(locked.user), "role": locked.role},
        )
        locked.delete()
