"""Escalations: list, raise, decide, withdraw."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hanoi_ceremony.audit.selectors import history_for
from hanoi_ceremony.core.forms import apply_service_errors, form_submit

from .. import permissions, selectors, services
from ..enums import EscalationStatus
from ..forms import (
    DecisionForm,
    EscalationForm,
)
from ..models import Escalation
from ._common import _signed_in

# --- escalations ---------------------------------------------------------------------------------------


@_signed_in
def escalation_list(request):
    status = request.GET.get("status") or EscalationStatus.OPEN
    qs = selectors.escalations_filtered(permissions.escalations_visible_to(request.user), status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "subcommittees/escalation_list.html",
        {"page": page, "status": status, "statuses": EscalationStatus.choices},
    )


@_signed_in
def escalation_create(request):
    slug = request.GET.get("subcommittee")
    subcommittee = get_object_or_404(permissions.subcommittees_visible_to(request.user), slug=slug)
    if not permissions.can_escalate(request.user, subcommittee):
        raise PermissionDenied(_("Only a lead of this subcommittee may escalate for it."))
    initial = {}
    if request.GET.get("task"):
        initial["task"] = request.GET["task"]
    form = EscalationForm(request.POST or None, subcommittee=subcommittee, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            escalation = services.escalation_raise(
                subcommittee=subcommittee, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Escalated to the Steering Committee."))
            return redirect(escalation)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "subcommittees/escalation_form.html",
        {"form": form, "subcommittee": subcommittee},
        status=status,
    )


def _visible_escalation(request, pk) -> Escalation:
    return get_object_or_404(
        permissions.escalations_visible_to(request.user).select_related(
            "subcommittee", "raised_by", "decided_by", "task"
        ),
        pk=pk,
    )


@_signed_in
def escalation_detail(request, pk, decision_form=None, status=200):
    escalation = _visible_escalation(request, pk)
    can_decide = (
        permissions.can_decide_escalation(request.user) and escalation.status == EscalationStatus.OPEN
    )
    if can_decide and decision_form is None:
        decision_form = DecisionForm(action=reverse("subcommittees:escalation_decide", args=[pk]))
    return render(
        request,
        "subcommittees/escalation_detail.html",
        {
            "escalation": escalation,
            "decision_form": decision_form if can_decide else None,
            "can_withdraw": escalation.status == EscalationStatus.OPEN
            and (
                request.user.pk == escalation.raised_by_id
                or permissions.can_escalate(request.user, escalation.subcommittee)
            ),
            "history": history_for(target=escalation, limit=20),
        },
        status=status,
    )


@require_POST
@_signed_in
def escalation_decide(request, pk):
    escalation = _visible_escalation(request, pk)
    form = DecisionForm(request.POST, action=reverse("subcommittees:escalation_decide", args=[pk]))
    _result, status = form_submit(
        form,
        lambda: services.escalation_decide(
            escalation=escalation, by=request.user, decision=form.cleaned_data["decision"]
        ),
    )
    if status == 200:
        messages.success(request, _("Decision recorded; the subcommittee is told."))
        return redirect(escalation)
    if not permissions.can_decide_escalation(request.user):
        raise PermissionDenied(_("Only the Steering Committee decides escalations."))
    return escalation_detail.__wrapped__(request, pk, decision_form=form, status=status)


@require_POST
@_signed_in
def escalation_withdraw(request, pk):
    escalation = _visible_escalation(request, pk)
    services.escalation_withdraw(
        escalation=escalation, by=request.user, reason=request.POST.get("reason", "")
    )
    messages.success(request, _("Escalation withdrawn."))
    return redirect(escalation)
