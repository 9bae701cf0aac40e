"""Bilateral meetings: a liaison's requests and answers, the organisers' queue, grid and printed schedules."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agenda.models import Room
from delegations.models import Delegation
from delegations.permissions import liaison_delegation_id
from hanoi_ceremony.accounts.roles import Role, is_organiser, role_required
from hanoi_ceremony.audit.selectors import history_for
from hanoi_ceremony.core.dates import parse_query_date
from hanoi_ceremony.core.errors import status_for
from hanoi_ceremony.core.forms import form_submit

from . import scheduling, selectors, services
from .enums import OPEN_STATUSES, BilateralStatus
from .forms import AcceptForm, ProposeForm, ReasonForm, RequestForm, ScheduleForm
from .permissions import acting_side, bilateral_for, can_schedule


def _organiser_required(view):
    return role_required(Role.ORGANISER)(view)


@role_required(Role.LIAISON)
@require_GET
def index(request):
    delegation_id = liaison_delegation_id(request.user)
    if delegation_id is None:  # an organiser without a delegation: the queue
        return redirect("bilaterals:manage")
    rows = selectors.bilaterals_of(delegation_id=delegation_id)
    return render(request, "bilaterals/index.html", {"rows": rows, "delegation_id": delegation_id})


@role_required(Role.LIAISON)
@require_http_methods(["GET", "POST"])
def request_new(request):
    organiser = is_organiser(request.user)
    delegation_id = liaison_delegation_id(request.user)
    delegation = Delegation.objects.filter(pk=delegation_id).first() if delegation_id else None
    form = RequestForm(request.POST or None, delegation=delegation, organiser=organiser)
    status = 200
    if request.method == "POST":

        def send():
            data = form.cleaned_data
            return services.bilateral_request(
                requester=delegation or data["requester"],
                counterpart=data["counterpart"],
                by=request.user,
                participants=list(data["participants"]),
                windows=form.windows(),
                interpretation_from=data["interpretation_from"],
                interpretation_to=data["interpretation_to"],
                note=data["note"],
            )

        bilateral, status = form_submit(form, send)
        if status == 200:
            messages.success(
                request, _("Your request was sent to %(name)s.") % {"name": bilateral.counterpart}
            )
            return redirect(bilateral.get_absolute_url())
    return render(
        request,
        "agenda/form_page.html",
        {"form": form, "title": _("Request a bilateral meeting")},
        status=status,
    )


def _render_detail(request, bilateral, *, forms=None, status=200):
    side = acting_side(request.user, bilateral)
    organiser = is_organiser(request.user)
    answering = bilateral.status in OPEN_STATUSES and (organiser or side == bilateral.awaiting_side)
    answering_delegation = (
        bilateral.counterpart if bilateral.awaiting_side == "counterpart" else bilateral.requester
    )
    forms = forms or {}
    context = {
        "bilateral": bilateral,
        "participants": list(bilateral.participants.select_related("member").order_by("side", "pk")),
        "windows": list(bilateral.windows.order_by("starts_at")),
        "answering": answering,
        "accept_form": forms.get("accept") or AcceptForm(delegation=answering_delegation),
        "propose_form": forms.get("propose") or ProposeForm(),
        "can_cancel": bilateral.status
        in (*OPEN_STATUSES, BilateralStatus.ACCEPTED, BilateralStatus.SCHEDULED),
        "can_schedule": can_schedule(request.user)
        and bilateral.status in (BilateralStatus.ACCEPTED, BilateralStatus.SCHEDULED),
        "history": history_for(target=bilateral),
        "error": forms.get("error"),
    }
    return render(request, "bilaterals/detail.html", context, status=status)


@role_required(Role.LIAISON)
@require_GET
def detail(request, pk: int):
    return _render_detail(request, bilateral_for(request.user, pk))


def _act(request, pk: int, action: str):
    bilateral = bilateral_for(request.user, pk)
    common = {
        "bilateral": bilateral,
        "by": request.user,
        "side": acting_side(request.user, bilateral),
        "organiser": is_organiser(request.user),
        "expected_status": request.POST.get("expected_status") or None,
    }
    if action in ("decline", "cancel"):
        return _act_with_reason(request, pk, action, common)
    if action == "accept":
        answering = bilateral.counterpart if bilateral.awaiting_side == "counterpart" else bilateral.requester
        form = AcceptForm(request.POST, delegation=answering)
        done = _("The meeting is accepted; the host will give it a room and a time.")

        def run():
            participants = list(form.cleaned_data["participants"])
            return services.bilateral_accept(
                **common, participants=participants, note=form.cleaned_data["note"]
            )
    else:
        form = ProposeForm(request.POST)
        done = _("Your proposal was sent.")

        def run():
            return services.bilateral_propose(
                **common, windows=form.windows(), note=form.cleaned_data["note"]
            )

    _result, status = form_submit(form, run)
    if status != 200:  # the meeting as it is now: it may have moved meanwhile
        return _render_detail(request, bilateral_for(request.user, pk), forms={action: form}, status=status)
    messages.success(request, done)
    return redirect("bilaterals:detail", pk=pk)


def _act_with_reason(request, pk: int, action: str, common: dict):
    """Decline or cancel: the reason is optional, a refusal shows on top of the page."""
    reason = ReasonForm(request.POST)
    reason.is_valid()
    text = reason.cleaned_data.get("reason", "")
    try:
        if action == "decline":
            services.bilateral_decline(**common, reason=text)
            done = _("The request is declined.")
        else:
            services.bilateral_cancel(**common, reason=text)
            done = _("The meeting is cancelled; both delegations are told.")
    except ValidationError as exc:
        forms = {"error": " ".join(exc.messages)}
        return _render_detail(request, bilateral_for(request.user, pk), forms=forms, status=status_for(exc))
    messages.success(request, done)
    return redirect("bilaterals:detail", pk=pk)


@role_required(Role.LIAISON)
@require_POST
def accept(request, pk: int):
    return _act(request, pk, "accept")


@role_required(Role.LIAISON)
@require_POST
def decline(request, pk: int):
    return _act(request, pk, "decline")


@role_required(Role.LIAISON)
@require_POST
def propose(request, pk: int):
    return _act(request, pk, "propose")


@role_required(Role.LIAISON)
@require_POST
def cancel(request, pk: int):
    return _act(request, pk, "cancel")


# --- Organisers ------------------------------------------------------------------------------------


@_organiser_required
@require_GET
def manage(request):
    return render(
        request,
        "bilaterals/manage.html",
        {
            "queue": selectors.awaiting_room(),
            "all": selectors.organiser_list(),
            "days": selectors.block_days(),
        },
    )


@_organiser_required
@require_GET
def grid(request):
    """The room × time grid of one day. Its body is rendered once per version of the meetings, the
    delegations' names and the programme (its blocks and rooms: the admin's room edits bump it)."""
    from agenda.services import NAMESPACE as PROGRAMME
    from hanoi_ceremony.core.pagecache import cached_fragment

    days = selectors.block_days()
    try:
        day = parse_query_date(request.GET.get("day"), default=days[0] if days else None)
    except ValidationError as exc:
        return render(
            request, "bilaterals/grid.html", {"error": " ".join(exc.messages), "days": days}, status=400
        )
    body = ""
    if day is not None:
        body = cached_fragment(
            request,
            namespaces=(services.NAMESPACE, "delegations", PROGRAMME),
            key=f"grid:{day.isoformat()}",
            template="bilaterals/_grid_body.html",
            context=lambda: {"grid": selectors.grid(day=day)},
        )
    return render(request, "bilaterals/grid.html", {"days": days, "day": day, "body": body})


@_organiser_required
@require_http_methods(["GET", "POST"])
def schedule(request, pk: int):
    """Take the suggestion (prefilled) or choose another room and start; the service re-checks everything."""
    bilateral = bilateral_for(request.user, pk)
    if bilateral.status not in (BilateralStatus.ACCEPTED, BilateralStatus.SCHEDULED):
        raise Http404
    suggestion = None
    if request.method == "POST":
        form = ScheduleForm(request.POST)
        scheduled, status = form_submit(
            form,
            lambda: services.bilateral_schedule(
                bilateral=bilateral,
                room=form.cleaned_data["room"],
                starts_at=form.cleaned_data["starts_at"],
                by=request.user,
                expected_status=request.POST.get("expected_status") or None,
            ),
        )
        if status == 200:
            messages.success(request, _("The meeting has its room and time; both delegations are told."))
            day = scheduled.starts_at.astimezone(scheduling.HANOI).date().isoformat()
            return redirect(f"{reverse('bilaterals:grid')}?day={day}")
    else:
        status = 200
        cal = scheduling.calendar_load()
        cal.forget(bilateral.pk)
        suggestion = scheduling.suggest(cal, scheduling.need_for(bilateral))
        initial = {}
        if suggestion is not None:
            initial = {
                "room": suggestion.room.id,
                "starts_at": suggestion.starts_at.astimezone(scheduling.HANOI).replace(tzinfo=None),
            }
        form = ScheduleForm(initial=initial)
    return render(
        request,
        "bilaterals/schedule.html",
        {"bilateral": bilateral, "form": form, "suggestion": suggestion},
        status=status,
    )


@_organiser_required
@require_GET
def room_day(request, room_pk: int, day: str):
    room = get_object_or_404(Room.objects.select_related("venue"), pk=room_pk, for_bilaterals=True)
    try:
        date = datetime.date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    return render(
        request,
        "bilaterals/room_day.html",
        {"room": room, "day": date, "meetings": selectors.room_day(room=room, day=date)},
    )
