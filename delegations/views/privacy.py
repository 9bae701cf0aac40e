"""Organiser pages for personal data: the retention rule's dry run and purge; a person's export and
anonymisation on request. Every action is audited (in the services)."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hanoi_ceremony.accounts.roles import Role, role_required

from .. import privacy
from ..models import Member
from ..permissions import delegation_for


@role_required(Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def retention(request):
    if request.method == "POST":
        report = privacy.privacy_purge(dry_run=False, by=request.user)
        if report.purged:
            messages.success(
                request,
                _("Purged: %(what)s.")
                % {"what": ", ".join(f"{kind} ({count})" for kind, count in report.purged.items())},
            )
        else:
            messages.info(request, _("Nothing is due yet."))
        return redirect("delegations:privacy")
    return render(request, "delegations/privacy.html", {"report": privacy.privacy_purge(dry_run=True)})


@role_required(Role.ORGANISER, Role.ACCREDITATION)
@require_http_methods(["GET"])
def member_privacy(request, pk: int, member_pk: int):
    delegation = delegation_for(request.user, pk)
    member = get_object_or_404(Member, pk=member_pk, delegation=delegation)
    return render(request, "delegations/member_privacy.html", {"delegation": delegation, "member": member})


@role_required(Role.ORGANISER, Role.ACCREDITATION)
@require_POST
def member_export(request, pk: int, member_pk: int):
    delegation = delegation_for(request.user, pk)
    member = get_object_or_404(Member, pk=member_pk, delegation=delegation)
    data = privacy.member_data_export(member=member, by=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="member-{member.pk}-data.json"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@role_required(Role.ORGANISER)
@require_POST
def member_anonymise(request, pk: int, member_pk: int):
    delegation = delegation_for(request.user, pk)
    member = get_object_or_404(Member, pk=member_pk, delegation=delegation)
    try:
        privacy.member_anonymise(member=member, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        return render(
            request,
            "delegations/member_privacy.html",
            {"delegation": delegation, "member": member, "error": " ".join(exc.messages)},
            status=400,
        )
    messages.success(request, _("The person was anonymised."))
    return redirect("delegations:detail", pk=delegation.pk)
