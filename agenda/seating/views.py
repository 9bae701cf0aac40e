"""Seating plans: the organisers' page (record the draw), the printable chart (SVG) and the place cards."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agenda.models import Session
from hanoi_ceremony.accounts.roles import Role, role_required
from hanoi_ceremony.audit.selectors import history_for
from hanoi_ceremony.core.forms import form_submit

from . import selectors, services
from .forms import DrawForm
from .models import SeatingPlan
from .pdf import place_cards_pdf

organiser_required = role_required(Role.ORGANISER)


def _session(pk: int) -> Session:
    return get_object_or_404(Session, pk=pk, kind__in=services.SEATED_KINDS)


@organiser_required
@require_GET
def index(request):
    sessions = selectors.seated_sessions()
    current = {
        p.session_id: p
        for p in SeatingPlan.objects.filter(is_current=True).select_related("drawn_delegation")
    }
    rows = [(s, current.get(s.pk)) for s in sessions]
    return render(request, "seating/index.html", {"rows": rows})


def _render_session(request, session, *, form=None, status=200):
    plan = selectors.current_plan(session)
    context = {
        "session": session,
        "plan": plan,
        "form": form or DrawForm(),
        "plans": selectors.plans_of(session),
        "history": [row for p in selectors.plans_of(session) for row in history_for(target=p)],
        "seats_per_type": services.seats_per_type(),
    }
    return render(request, "seating/session.html", context, status=status)


@organiser_required
@require_GET
def session_plan(request, pk: int):
    return _render_session(request, _session(pk))


@organiser_required
@require_POST
def draw(request, pk: int):
    session = _session(pk)
    form = DrawForm(request.POST)
    plan, status = form_submit(
        form,
        lambda: services.seating_draw(
            session=session, by=request.user, drawn=form.cleaned_data["drawn"], note=form.cleaned_data["note"]
        ),
    )
    if status != 200:
        return _render_session(request, session, form=form, status=status)
    messages.success(
        request,
        _("%(name)s takes the first seat (plan version %(v)s).")
        % {"name": plan.drawn_delegation, "v": plan.version},
    )
    return redirect("seating:session", pk=pk)


def _plan(pk: int, version: int | None) -> SeatingPlan:
    qs = SeatingPlan.objects.select_related("session", "drawn_delegation")
    plan = (
        qs.filter(session_id=pk, version=version).first()
        if version
        else qs.filter(session_id=pk, is_current=True).first()
    )
    if plan is None:
        raise Http404
    return plan


@organiser_required
@require_GET
def chart(request, pk: int):
    version = request.GET.get("version")
    plan = _plan(pk, int(version) if version and version.isdigit() else None)
    return render(request, "seating/chart.html", {"plan": plan, "chart": selectors.chart(plan)})


@organiser_required
@require_GET
def chart_svg(request, pk: int):
    plan = _plan(pk, None)
    response = render(
        request,
        "seating/chart.svg",
        {"plan": plan, "chart": selectors.chart(plan)},
        content_type="image/svg+xml",
    )
    response["Content-Disposition"] = f'inline; filename="seating-{pk}-v{plan.version}.svg"'
    return response


@organiser_required
@require_GET
def place_cards(request, pk: int):
    plan = _plan(pk, None)
    names = [name for _block, name in selectors.delegations_in_order(plan)]
    pdf = place_cards_pdf(names, title=str(plan))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="place-cards-{pk}-v{plan.version}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
