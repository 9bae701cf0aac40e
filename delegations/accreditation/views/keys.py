"""The badge signing keys, for accreditation officers: which key signs new badges, which still verify,
rotation (a new key; the old one keeps verifying the badges it signed) and retirement (its badges stop
verifying at the gates). Each change is audited; the public keys are at /accreditation/keys.json."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hanoi_ceremony.audit.models import AuditEntry
from hanoi_ceremony.audit.selectors import history_rows

from .. import credentials
from ..enums import KeyState
from ..models import SigningKey
from ..permissions import officer_required
from ._common import refusal_redirect


@officer_required
def keys(request):
    rows = list(SigningKey.objects.order_by("-created_at", "-id"))
    from django.contrib.contenttypes.models import ContentType

    entries = (
        AuditEntry.objects.filter(target_type=ContentType.objects.get_for_model(SigningKey))
        .select_related("actor", "target_type")
        .order_by("-created_at", "-id")[:30]
    )
    return render(
        request,
        "accreditation/keys.html",
        {
            "keys": rows,
            "active": next((k for k in rows if k.state == KeyState.ACTIVE), None),
            "history": history_rows(list(entries)),
            "tab": "keys",
        },
    )


@officer_required
@require_POST
def key_rotate(request):
    try:
        key = credentials.signing_key_rotate(by=request.user)
    except ValidationError as exc:
        return refusal_redirect(request, exc, "accreditation:keys")
    messages.success(
        request,
        _("Key %(kid)s now signs new badges; the previous key keeps verifying the badges it signed.")
        % {"kid": key.kid},
    )
    return redirect("accreditation:keys")


@officer_required
@require_POST
def key_retire(request, pk: int):
    key = get_object_or_404(SigningKey, pk=pk)
    if request.POST.get("confirm") != "yes":
        messages.error(
            request,
            _("Tick the box to confirm: badges signed with key %(kid)s will no longer open any gate.")
            % {"kid": key.kid},
        )
        return redirect("accreditation:keys")
    try:
        credentials.signing_key_retire(
            key=key, by=request.user, expected=request.POST.get("expected") or None
        )
    except ValidationError as exc:
        return refusal_redirect(request, exc, "accreditation:keys")
    messages.success(request, _("Key %(kid)s is retired: it verifies no badge any more.") % {"kid": key.kid})
    return redirect("accreditation:keys")
