"""Expenditure norms: versions, unit costs and ceilings, putting a version in force, freezing it."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.core.errors import Invalid
from hanoi_ceremony.core.transitions import record_change

from .. import permissions
from ..enums import Category, Unit
from ..models import (
    CategoryCap,
    Norm,
    NormSet,
)
from ._common import _money, _require

# --- Norms ---------------------------------------------------------------------------------------------


def current_norm_set() -> NormSet | None:
    """The norms in force: the latest published version."""
    return NormSet.objects.filter(published_at__isnull=False).order_by("-version").first()


def normset_create(*, by, title: str, basis: str = "", copy_from: NormSet | None = None) -> NormSet:
    """A new version of the norms (a draft), copying the norms and ceilings of `copy_from`.

    Side effects: audit entry; budget area bumped."""
    _require(permissions.can_manage_norms(by), _("Only Finance reviewers set expenditure norms."))
    with transaction.atomic():
        latest = NormSet.objects.select_for_update().aggregate(v=Max("version"))["v"] or 0
        norm_set = NormSet(version=latest + 1, title=title, basis=basis, created_by=by)
        record_change(norm_set, by=by, action="normset.created", created=True, reconcile=False)
        if copy_from is not None:
            Norm.objects.bulk_create(
                Norm(norm_set=norm_set, category=n.category, unit=n.unit, unit_cost=n.unit_cost, note=n.note)
                for n in copy_from.norms.all()
            )
            CategoryCap.objects.bulk_create(
                CategoryCap(norm_set=norm_set, category=c.category, cap=c.cap) for c in copy_from.caps.all()
            )
    return norm_set


def _lock_open_norm_set(norm_set: NormSet) -> NormSet:
    norm_set = NormSet.objects.select_for_update().get(pk=norm_set.pk)
    if norm_set.is_frozen:
        raise Invalid(
            _(
                "Version %(version)s of the norms is frozen: an accepted proposal or an approved estimate "
                "uses it. Create a new version to change the norms."
            )
            % {"version": norm_set.version},
            code="frozen",
        )
    return norm_set


def norm_set_value(
    *, norm_set: NormSet, by, category: str, unit: str, unit_cost: int, note: str = ""
) -> Norm:
    """Set the highest unit cost of one category and unit in a version that is not frozen.

    Side effects: audit entry; budget area bumped."""
    _require(permissions.can_manage_norms(by), _("Only Finance reviewers set expenditure norms."))
    _money(unit_cost, "unit_cost")
    if category not in Category.values or unit not in Unit.values:
        raise Invalid({"category": _("Choose a category and a unit from the lists.")})
    with transaction.atomic():
        norm_set = _lock_open_norm_set(norm_set)
        norm = Norm.objects.filter(norm_set=norm_set, category=category, unit=unit).first() or Norm(
            norm_set=norm_set, category=category, unit=unit
        )
        old = norm.unit_cost if norm.pk else None
        norm.unit_cost, norm.note = unit_cost, note
        record_change(
            norm, by=by, action="norm.changed", data={"from": old, "to": unit_cost}, reconcile=False
        )
    return norm


def cap_set(*, norm_set: NormSet, by, category: str, cap: int) -> CategoryCap:
    """Set the event-wide ceiling of one category in a version that is not frozen. Side effects: audit."""
    _require(permissions.can_manage_norms(by), _("Only Finance reviewers set expenditure norms."))
    _money(cap, "cap")
    with transaction.atomic():
        norm_set = _lock_open_norm_set(norm_set)
        row = CategoryCap.objects.filter(norm_set=norm_set, category=category).first() or CategoryCap(
            norm_set=norm_set, category=category
        )
        row.cap = cap
        record_change(row, by=by, action="categorycap.changed", reconcile=False)
    return row


def normset_publish(*, norm_set: NormSet, by) -> NormSet:
    """Put a version in force: proposals submitted from now on are checked against it.

    Side effects: audit entry; budget area bumped."""
    _require(permissions.can_manage_norms(by), _("Only Finance reviewers set expenditure norms."))
    with transaction.atomic():
        norm_set = NormSet.objects.select_for_update().get(pk=norm_set.pk)
        if norm_set.published_at is not None:
            raise Invalid(_("This version is already in force."), code="stale")
        if not norm_set.norms.exists():
            raise Invalid(_("A version without norms cannot be put in force."))
        newer = NormSet.objects.filter(published_at__isnull=False, version__gt=norm_set.version).exists()
        if newer:
            raise Invalid(_("A newer version is already in force."))
        norm_set.published_at = timezone.now()
        record_change(norm_set, by=by, action="normset.published", fields=["published_at"], reconcile=False)
    return norm_set


def _freeze(norm_set: NormSet, *, by, why: str) -> None:
    """Freeze a version (inside the caller's transaction). Idempotent."""
    updated = NormSet.objects.filter(pk=norm_set.pk, frozen_at__isnull=True).update(frozen_at=timezone.now())
    if updated:
        norm_set.refresh_from_db(fields=["frozen_at"])
        audit_record(actor=by, action="normset.frozen", target=norm_set, data={"why": why})
