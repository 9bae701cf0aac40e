"""The accreditation officer's security export and import (the vetting decisions of the security services)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.core.exports import export_response

from ..forms import ImportForm
from ..permissions import officer_required
from ..services import security
from ._common import (
    refusal_redirect,
)

IMPORT_SESSION_KEY = "accreditation_import"


# --- security export / import ----------------------------------------------------------------------------


@officer_required
def security_export(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    from hanoi_ceremony.core.selectors import ceremony_get

    rows = list(security.security_export_rows())
    target = ceremony_get() or request.user
    return export_response(
        request,
        fmt=fmt,
        filename=f"security-vetting-{timezone.localdate():%Y%m%d}",
        columns=security.security_columns(),
        rows=rows,
        title="Vetting",
        audit_target=target,
        audit_action="accreditation.exported",
        audit_data={"rows": len(rows)},
    )


@officer_required
def security_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    status = 200
    if request.method == "POST" and request.POST.get("apply"):
        stored = request.session.get(IMPORT_SESSION_KEY) or {}
        content = stored.get("content", "").encode("utf-8")
        if not content:
            messages.error(request, _("Upload the file again: its preview has expired."))
            return redirect("accreditation:security_import")
        try:
            count = security.security_import_apply(
                content=content, digest=request.POST.get("digest", ""), by=request.user
            )
        except ValidationError as exc:
            return refusal_redirect(request, exc, "accreditation:security_import")
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.success(request, _("%(count)s security decisions applied.") % {"count": count})
        return redirect("accreditation:queue")
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read(security.IMPORT_MAX_BYTES + 1)
            preview = security.security_import_preview(content=content, by=request.user)
            if preview.ok:
                request.session[IMPORT_SESSION_KEY] = {
                    "digest": preview.digest,
                    "content": content.decode("utf-8-sig"),
                }
            else:
                status = 400
        else:
            status = 400
    return render(request, "accreditation/import.html", {"form": form, "preview": preview}, status=status)
