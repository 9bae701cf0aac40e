"""Pages anyone may open: the published signing keys and the media application form."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from ..credentials import published_keys


@require_GET
def keys_json(request):
    """The public keys scanners verify badge QR codes with (retired keys are listed as "retired")."""
    response = JsonResponse(published_keys())
    response["Cache-Control"] = "public, max-age=60"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def media_apply(request):
    """The public media accreditation form (no account, no delegation)."""
    from django.core.exceptions import ValidationError
    from django.shortcuts import redirect, render

    from hanoi_ceremony.core.errors import status_for
    from hanoi_ceremony.core.forms import apply_service_errors

    from ..forms import MediaApplicationForm
    from ..services.media import media_apply as apply

    form = MediaApplicationForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {
                k: v
                for k, v in form.cleaned_data.items()
                if k not in ("assignment_letter", "press_card", "photo")
            }
            try:
                accreditation = apply(
                    data=data,
                    assignment_letter=form.cleaned_data["assignment_letter"],
                    press_card=form.cleaned_data["press_card"],
                    photo=form.cleaned_data["photo"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
                status = status_for(exc)
            else:
                request.session["media_reference"] = f"ACC-{accreditation.pk:06d}"
                return redirect("accreditation:media_thanks")
        else:
            status = 400
    return render(request, "accreditation/media_apply.html", {"form": form}, status=status)


def media_thanks(request):
    from django.shortcuts import render

    return render(
        request, "accreditation/media_thanks.html", {"reference": request.session.get("media_reference")}
    )
