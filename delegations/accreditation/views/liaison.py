"""A delegation's accreditation page: each member's state, photo verdict, zones and badge; zone passes
within the quota (issued and transferred by the liaison). Officers and organisers see every delegation;
a liaison only their own (another delegation's id answers 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors
from ..forms import IssuePassForm, QuotaForm
from ..models import Zone, ZonePass, ZonePassQuota
from ..permissions import delegation_or_404, is_officer
from ..services import passes, vetting
from ._common import refusal_redirect


def _zone_rows(delegation_id: int, people: list) -> list[dict]:
    zones = list(Zone.objects.filter(restricted=True).order_by("order", "code"))
    quotas = dict(ZonePassQuota.objects.filter(delegation_id=delegation_id).values_list("zone_id", "quota"))
    by_zone: dict[int, list] = {}
    meetings: dict[int, list] = {}
    for a in people:
        for zone_pass in a.zone_passes.all():
            zone_pass.holder_name = str(a)
            target = by_zone if zone_pass.bilateral_id is None else meetings
            target.setdefault(zone_pass.zone_id, []).append(zone_pass)
    rows = []
    for zone in zones:
        quota = quotas.get(zone.pk, zone.default_pass_quota)
        issued = sorted(by_zone.get(zone.pk, []), key=lambda p: p.number)
        holders = {p.holder_id for p in issued}
        eligible = [
            a
            for a in people
            if a.category_id
            and not a.category.lapel_pin
            and a.pk not in holders
            and any(z.pk == zone.pk for z in a.category.zones.all())
        ]
        pinned = [
            a
            for a in people
            if a.category_id and a.category.lapel_pin and any(z.pk == zone.pk for z in a.category.zones.all())
        ]
        rows.append(
            {
                "zone": zone,
                "quota": quota,
                "issued": issued,
                "meeting_passes": meetings.get(zone.pk, []),
                "free": max(quota - len(issued), 0),
                "eligible": eligible,
                "pinned": pinned,
                "form": IssuePassForm(initial={"zone": zone.pk}, holders=eligible),
                "quota_form": QuotaForm(initial={"zone": zone.pk, "quota": quota}),
            }
        )
    return rows


@login_required
def delegation_page(request, pk: int):
    """The delegation's people, zones and passes: a cached fragment (redrawn after any accreditation or
    delegation change), per delegation, per kind of reader and per day (passport warnings count days)."""
    from django.utils import timezone

    from hanoi_ceremony.accounts.roles import Role, roles_of
    from hanoi_ceremony.core.pagecache import cached_fragment

    delegation = delegation_or_404(request.user, pk)
    officer = is_officer(request.user)
    manages_quota = bool(roles_of(request.user) & {Role.ACCREDITATION, Role.ORGANISER})
    body = cached_fragment(
        request,
        namespaces=("accreditation", "delegations"),
        key=f"accreditation-delegation:{delegation.pk}:{int(officer)}{int(manages_quota)}:{timezone.localdate()}",
        template="accreditation/_delegation_body.html",
        context=lambda: _delegation_context(delegation, officer=officer),
    )
    return render(request, "accreditation/delegation.html", {"delegation": delegation, "body": body})


def _delegation_context(delegation, *, officer: bool) -> dict:
    people = selectors.label_rows(selectors.delegation_accreditations(delegation.pk))
    for a in people:
        a.zones = (
            [
                z.code
                for z in sorted(a.category.zones.all(), key=lambda z: (z.order, z.code))
                if not z.restricted
                or a.category.lapel_pin
                or any(p.zone_id == z.pk for p in a.zone_passes.all())
            ]
            if a.category_id
            else []
        )
        a.passport_warning = vetting.passport_warning(a.member.passport_expiry)
    return {
        "delegation": delegation,
        "people": people,
        "zone_rows": _zone_rows(delegation.pk, people),
        "is_officer": officer,
        "badge_state_labels": selectors.BADGE_STATE_LABELS,
    }


@login_required
@require_POST
def pass_issue(request, pk: int):
    delegation = delegation_or_404(request.user, pk)
    zone = Zone.objects.filter(pk=request.POST.get("zone") or 0).first()
    holder = request.POST.get("holder", "")
    if zone is None or not holder.isdigit():
        messages.error(request, _("Choose a member for the pass."))
        return redirect("accreditation:delegation", pk=pk)
    try:
        zone_pass = passes.zone_pass_issue(
            delegation_id=delegation.pk, zone=zone, holder_id=int(holder), by=request.user
        )
    except PermissionDenied:
        raise
    except ValidationError as exc:
        return refusal_redirect(request, exc, "accreditation:delegation", pk=pk)
    messages.success(request, _("Pass %(pass)s issued.") % {"pass": zone_pass})
    return redirect("accreditation:delegation", pk=pk)


@login_required
@require_POST
def pass_transfer(request, pk: int, pass_pk: int):
    delegation = delegation_or_404(request.user, pk)
    zone_pass = ZonePass.objects.filter(
        pk=pass_pk, delegation_id=delegation.pk, bilateral__isnull=True
    ).first()
    if zone_pass is None:
        raise Http404
    holder = request.POST.get("holder", "")
    try:
        if request.POST.get("withdraw"):
            passes.zone_pass_withdraw(zone_pass=zone_pass, by=request.user)
        else:
            if not holder.isdigit():
                raise ValidationError(_("Choose who receives the pass."))
            passes.zone_pass_transfer(zone_pass=zone_pass, holder_id=int(holder), by=request.user)
    except PermissionDenied:
        raise
    except ValidationError as exc:
        return refusal_redirect(request, exc, "accreditation:delegation", pk=pk)
    return redirect("accreditation:delegation", pk=pk)


@login_required
@require_POST
def quota_set(request, pk: int):
    delegation = delegation_or_404(request.user, pk)
    form = QuotaForm(request.POST)
    zone = Zone.objects.filter(pk=request.POST.get("zone") or 0, restricted=True).first()
    if not form.is_valid() or zone is None:
        messages.error(request, _("Give a number of passes."))
        return redirect("accreditation:delegation", pk=pk)
    try:
        passes.quota_set(
            delegation_id=delegation.pk, zone=zone, quota=form.cleaned_data["quota"], by=request.user
        )
    except PermissionDenied:
        raise
    except ValidationError as exc:
        return refusal_redirect(request, exc, "accreditation:delegation", pk=pk)
    return redirect("accreditation:delegation", pk=pk)


@login_required
def mine(request):
    from delegations.permissions import liaison_delegation_id

    delegation_id = liaison_delegation_id(request.user)
    if not delegation_id:
        raise Http404
    return redirect("accreditation:delegation", pk=delegation_id)
