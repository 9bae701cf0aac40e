"""Milestones: list, create, edit, report."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.core.forms import apply_service_errors

from .. import permissions, selectors, services
from ..forms import (
    MilestoneForm,
    MilestoneMoveForm,
)
from ..models import Milestone
from ._common import _signed_in

# --- milestones ----------------------------------------------------------------------------------------


@_signed_in
def milestone_list(request):
    milestones = Milestone.objects.select_related("owner")
    return render(
        request,
        "subcommittees/milestone_list.html",
        {
            "milestones": milestones,
            "can_manage": permissions.can_manage_milestones(request.user),
            "now": timezone.now(),
        },
    )


@_signed_in
def milestone_create(request):
    if not permissions.can_manage_milestones(request.user):
        raise PermissionDenied(_("Only the Standing Secretariat manages milestones."))
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Milestone created."))
            return redirect("subcommittees:milestone_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "subcommittees/milestone_form.html", {"form": form}, status=status)


@_signed_in
def milestone_edit(request, pk):
    milestone = get_object_or_404(Milestone, pk=pk)
    if not permissions.can_manage_milestones(request.user):
        raise PermissionDenied(_("Only the Standing Secretariat manages milestones."))
    form = MilestoneMoveForm(
        request.POST or None,
        initial={"at": milestone.at, "ends_at": milestone.ends_at, "status": milestone.status},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["at"] != milestone.at or data["ends_at"] != milestone.ends_at:
                services.milestone_move(
                    milestone=milestone,
                    by=request.user,
                    at=data["at"],
                    ends_at=data["ends_at"],
                    reason=data["reason"],
                )
            if data["status"] != milestone.status:
                services.milestone_set_status(
                    milestone=milestone, by=request.user, status=data["status"], reason=data["reason"]
                )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Milestone saved."))
            return redirect("subcommittees:milestone_list")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "subcommittees/milestone_form.html", {"form": form, "milestone": milestone}, status=status
    )


@_signed_in
def milestone_report(request, pk):
    if not permissions.sees_everything(request.user) and not permissions.led_subcommittee_ids(request.user):
        raise PermissionDenied
    milestone = get_object_or_404(Milestone.objects.select_related("owner"), pk=pk)
    sections = selectors.milestone_report(milestone=milestone)
    for section in sections:
        permissions.mark_details_visible(
            request.user,
            tasks=[*section.done, *section.late, *section.blocked, *section.open],
            escalations=section.escalated,
        )
    return render(
        request,
        "subcommittees/milestone_report.html",
        {"milestone": milestone, "sections": sections, "now": timezone.now()},
    )
