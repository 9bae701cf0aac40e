"""OLA's full powers check page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from delegations.models import FullPowers
from hanoi_ceremony.core.forms import form_submit

from .. import selectors, services
from ..forms import (
    RejectForm,
)
from ._common import organiser_required

# --- Full powers -----------------------------------------------------------------------------------


def _render_full_powers(request, *, reject_forms=None, error=None, status=200):
    reject_forms = reject_forms or {}
    items = [(fp, reject_forms.get(fp.pk) or RejectForm()) for fp in selectors.full_powers_queue()]
    return render(request, "agenda/signing/full_powers.html", {"items": items, "error": error}, status=status)


@organiser_required
@require_GET
def full_powers(request):
    return _render_full_powers(request)


@organiser_required
@require_POST
def full_powers_action(request, pk, action):
    fp = get_object_or_404(FullPowers.objects.select_related("member"), pk=pk)
    if action == "reject":  # the message goes next to the reason the user typed
        form = RejectForm(request.POST)
        rejected, status = form_submit(
            form,
            lambda: services.full_powers_reject(
                full_powers=fp, reason=form.cleaned_data["reason"], by=request.user
            ),
        )
        if status != 200:
            return _render_full_powers(request, reject_forms={fp.pk: form}, status=status)
        fp = rejected
    else:
        service = {
            "received": services.full_powers_mark_received,
            "verify": services.full_powers_verify,
        }.get(action)
        if service is None:
            raise Http404
        try:
            fp = service(full_powers=fp, by=request.user)
        except ValidationError as exc:
            return _render_full_powers(request, error=" ".join(exc.messages), status=400)
    messages.success(
        request,
        _("Full powers of %(member)s: %(status)s.")
        % {"member": fp.member, "status": fp.get_status_display()},
    )
    return redirect("signing:full_powers")
