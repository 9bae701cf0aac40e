"""The focal point's invitation link, and the organiser's invite / resend / revoke."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hanoi_ceremony.accounts.roles import Role, role_required
from hanoi_ceremony.core.forms import form_submit

from .. import services
from ..forms import (
    AcceptInvitationForm,
    DeadlineExtensionForm,
    InvitationForm,
)
from ..models import Invitation
from ..permissions import delegation_for
from ._common import _error_redirect


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    """Public: the focal point's link. Used, expired, revoked or unknown links get a clear page (410/404)."""
    invitation, state = services.invitation_lookup(token)
    if state != services.InvitationState.VALID:
        return render(
            request,
            "delegations/invitation_state.html",
            {"state": state, "invitation": invitation},
            status=404 if state == services.InvitationState.UNKNOWN else 410,
        )
    form = AcceptInvitationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        user, status = form_submit(
            form,
            lambda: services.invitation_accept(
                token=token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
                language=translation.get_language() or "",
            ),
        )
        if status == 200:
            login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            messages.success(
                request,
                _("Welcome. You are now the liaison of %(name)s.") % {"name": invitation.delegation},
            )
            return redirect("delegations:detail", pk=invitation.delegation_id)
    return render(
        request,
        "delegations/invitation_accept.html",
        {"form": form, "invitation": invitation, "username": invitation.email},
        status=status,
    )


@role_required(Role.ORGANISER)
@require_POST
def invitation_send(request, pk: int):
    delegation = delegation_for(request.user, pk)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("email", [])))
        return redirect("delegations:detail", pk=delegation.pk)
    try:
        services.invitation_create(delegation=delegation, email=form.cleaned_data["email"], by=request.user)
    except ValidationError as exc:
        return _error_redirect(request, delegation, exc)
    messages.success(
        request, _("The invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]}
    )
    warn_if_past_deadline(request, delegation)
    return redirect("delegations:detail", pk=delegation.pk)


def warn_if_past_deadline(request, delegation) -> None:
    """Inviting after the registration deadline: its liaison could only read the registration."""
    if not services.registration_open(delegation=delegation):
        messages.warning(
            request,
            _(
                "The registration deadline has passed: give this delegation a later deadline (below, under "
                "Review) so its liaison can register."
            ),
        )


@role_required(Role.ORGANISER)
@require_POST
def deadline_extend(request, pk: int):
    """PRG: the refusal is shown on the delegation's page, never on this POST address."""
    delegation = delegation_for(request.user, pk)
    form = DeadlineExtensionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("delegations:detail", pk=delegation.pk)
    try:
        services.delegation_extend_deadline(
            delegation=delegation,
            until=form.cleaned_data["until"],
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        return _error_redirect(request, delegation, exc)
    messages.success(request, _("The delegation's registration deadline was extended; its liaison is told."))
    return redirect("delegations:detail", pk=delegation.pk)


@role_required(Role.ORGANISER)
@require_POST
def invitation_action(request, pk: int, invitation_pk: int, action: str):
    delegation = delegation_for(request.user, pk)
    invitation = get_object_or_404(Invitation, pk=invitation_pk, delegation=delegation)
    if action not in ("resend", "revoke"):
        raise Http404
    try:
        if action == "resend":
            services.invitation_resend(invitation=invitation, by=request.user)
            messages.success(request, _("The invitation was sent again with a new link."))
        else:
            services.invitation_revoke(invitation=invitation, by=request.user)
            messages.success(request, _("The invitation was revoked."))
    except ValidationError as exc:
        return _error_redirect(request, delegation, exc)
    return redirect("delegations:detail", pk=delegation.pk)
