# ruff: noqa: E731
"""Reception pages: thin — permission check, a selector or a service, render (PRG on success)."""

import datetime
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from delegations.models import Delegation, Member
from hanoi_ceremony.audit.selectors import history_for
from hanoi_ceremony.core.dates import parse_query_date
from hanoi_ceremony.core.forms import form_submit
from hanoi_ceremony.core.pagecache import cached_fragment

from . import forms, permissions, selectors, services
from .enums import Direction
from .models import CarSlot, Scenario, ScenarioStep, WelcomingRule
from .services import NAMESPACE


def _signed_in(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def _viewer(request):
    if not permissions.can_view(request.user):
        raise PermissionDenied


def _manager(request):
    if not permissions.can_manage(request.user):
        raise PermissionDenied


def _leaders_page(request, *, forms_by_member=None, status=200):
    leaders, rules = selectors.leaders_overview()
    return render(
        request,
        "reception/leaders.html",
        {
            "leaders": leaders,
            "rules": rules,
            "can_manage": permissions.can_manage(request.user),
            "officers": list(forms.OfficerForm().fields["officer"].queryset),
            "failed": forms_by_member or {},
        },
        status=status,
    )


@_signed_in
def leaders(request):
    _viewer(request)
    return _leaders_page(request)


DEFAULT_DAY = datetime.date(2025, 10, 24)


BOARD_PAGE_SIZE = 150


def _board_params(request):
    days = selectors.travel_days()
    default = days[0] if days else DEFAULT_DAY
    day = parse_query_date(request.GET.get("day") or request.POST.get("day"), default=default) or default
    direction = request.GET.get("direction") or request.POST.get("direction") or Direction.ARRIVALS
    if direction not in Direction.values:
        direction = Direction.ARRIVALS
    airport = (request.GET.get("airport") or request.POST.get("airport") or "")[:60]
    return day, direction, airport, days


@_signed_in
def board(request):
    _viewer(request)
    day, direction, airport, days = _board_params(request)
    page = request.GET.get("page", "1")
    page = int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1

    def context():
        b = selectors.board(day=day, direction=direction, airport=airport)
        pages = max(1, -(-len(b.rows) // BOARD_PAGE_SIZE))
        current = min(page, pages)
        start = (current - 1) * BOARD_PAGE_SIZE
        return {
            "b": b,
            "shown": b.rows[start : start + BOARD_PAGE_SIZE],
            "page": current,
            "pages": pages,
            "page_numbers": range(1, pages + 1),
            "first": start + 1,
            "last": min(start + BOARD_PAGE_SIZE, len(b.rows)),
        }

    # The board is a cached fragment: a member's travel change bumps "delegations", a print bumps "reception".
    # On screen it shows BOARD_PAGE_SIZE people a page (by time; a summit day lands thousands); the counts
    # and the changes since printed cover the whole board, and the printed run sheet lists everyone.
    body = cached_fragment(
        request,
        namespaces=("delegations", NAMESPACE),
        key=f"board:{day.isoformat()}:{direction}:{airport}:{page}",
        template="reception/_board_body.html",
        context=context,
    )
    return render(
        request,
        "reception/board.html",
        {
            "body": body,
            "day": day,
            "direction": direction,
            "airport": airport,
            "days": days,
            "airports": selectors.airports(),
            "directions": Direction.choices,
        },
    )


@_signed_in
@require_POST
def board_print(request):
    _viewer(request)
    day, direction, airport, _days = _board_params(request)
    services.board_print(day=day, direction=direction, airport=airport, by=request.user)
    query = urlencode({"day": day.isoformat(), "direction": direction, "airport": airport})
    return redirect(f"{reverse('reception:run_sheet')}?{query}")


@_signed_in
def run_sheet(request):
    _viewer(request)
    day, direction, airport, _days = _board_params(request)
    return render(
        request,
        "reception/run_sheet.html",
        {"b": selectors.board(day=day, direction=direction, airport=airport)},
    )


@_signed_in
def rooming(request):
    _viewer(request)
    return render(request, "reception/rooming.html", {"hotels": selectors.rooming_lists()})


@_signed_in
def welcoming(request):
    _viewer(request)
    form = forms.WelcomingRuleForm(request.POST or None)
    status = 200
    if request.method == "POST":
        _manager(request)
        rule, status = form_submit(
            form, lambda: services.welcoming_rule_set(by=request.user, **form.cleaned_data)
        )
        if rule is not None:
            return redirect("reception:welcoming")
    return render(
        request,
        "reception/welcoming.html",
        {
            "rules": list(WelcomingRule.objects.all()),
            "form": form,
            "can_manage": permissions.can_manage(request.user),
        },
        status=status,
    )


@_signed_in
def mine(request):
    return render(
        request, "reception/mine.html", {"scenarios": selectors.scenarios_for_officer(request.user)}
    )


@_signed_in
@require_POST
def officer_assign(request, pk):
    _manager(request)
    delegation = get_object_or_404(Delegation, pk=pk)
    form = forms.OfficerForm(request.POST)
    done, status = form_submit(
        form,
        lambda: services.officer_assign(
            delegation=delegation, officer=form.cleaned_data["officer"], by=request.user
        ),
    )
    if done:
        return redirect("reception:leaders")
    return _leaders_page(request, forms_by_member={("officer", delegation.pk): form}, status=status)


@_signed_in
def car_book(request, member_id):
    _manager(request)
    member = get_object_or_404(Member.objects.select_related("delegation"), pk=member_id)
    if request.method != "POST":
        initial = {}
        if member.arrival_at:
            initial = {
                "starts_at": member.arrival_at - datetime.timedelta(minutes=30),
                "ends_at": member.arrival_at + datetime.timedelta(minutes=120),
            }
        form = forms.CarSlotForm(initial=initial)
        return render(request, "reception/car_form.html", {"form": form, "member": member})
    form = forms.CarSlotForm(request.POST)
    done, status = form_submit(
        form,
        lambda: services.car_slot_book(
            member=member,
            vehicle=form.cleaned_data["vehicle"],
            officer=form.cleaned_data["officer"],
            starts_at=form.cleaned_data["starts_at"],
            ends_at=form.cleaned_data["ends_at"],
            purpose=form.cleaned_data["purpose"],
            follows=form.cleaned_data["follows"] or "",
            by=request.user,
        ),
    )
    if done:
        return redirect("reception:leaders")
    return render(request, "reception/car_form.html", {"form": form, "member": member}, status=status)


@_signed_in
@require_POST
def car_cancel(request, pk):
    _manager(request)
    services.car_slot_cancel(slot=get_object_or_404(CarSlot, pk=pk), by=request.user)
    return redirect("reception:leaders")


@_signed_in
@require_POST
def scenario_issue(request, member_id):
    _manager(request)
    member = get_object_or_404(Member, pk=member_id)
    form = forms.forms.Form(request.POST)
    scenario, status = form_submit(form, lambda: services.scenario_issue(member=member, by=request.user))
    if scenario is not None:
        return redirect(scenario)
    return _leaders_page(request, forms_by_member={("scenario", member.pk): form}, status=status)


def _scenario(request, pk) -> Scenario:
    try:
        scenario = selectors.scenario_detail(pk)
    except Scenario.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_scenario(request.user, scenario):
        raise Http404
    return scenario


@_signed_in
def scenario(request, pk):
    scenario = _scenario(request, pk)
    from .reminder_sources import officers_of

    return render(
        request,
        "reception/scenario.html",
        {
            "scenario": scenario,
            "steps": sorted(scenario.steps.all(), key=lambda s: (s.at, s.pk)),
            "officers": officers_of(scenario),
            "can_manage": permissions.can_manage(request.user),
            "history": history_for(target=scenario, limit=20),
        },
    )


@_signed_in
def step_edit(request, pk, step_pk=None):
    scenario = _scenario(request, pk)
    _manager(request)
    step = get_object_or_404(ScenarioStep, pk=step_pk, scenario=scenario) if step_pk else None
    if request.method == "POST":
        form = forms.StepForm(request.POST)
        if step is None:
            run = lambda: services.scenario_step_add(
                scenario=scenario, by=request.user, data=form.cleaned_data
            )  # noqa: E731
        else:
            run = lambda: services.scenario_step_update(step=step, by=request.user, data=form.cleaned_data)  # noqa: E731
        done, status = form_submit(form, run)
        if done:
            return redirect(scenario)
    else:
        status = 200
        initial = {k: getattr(step, k) for k in ("at", "title", "place", "responsible")} if step else {}
        form = forms.StepForm(initial=initial)
    return render(
        request, "reception/step_form.html", {"form": form, "scenario": scenario, "step": step}, status=status
    )
