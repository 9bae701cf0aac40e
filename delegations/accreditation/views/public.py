"""Pages anyone may open: the published signing keys and the media application form."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from hanoi_ceremony.core.pagecache import cached_response

from ..apps import KEYS_AREA
from ..credentials import published_keys


@require_GET
def keys_json(request):
    """The public keys scanners verify badge QR codes with (retired keys are listed as "retired").

    From the page cache, refreshed by every key rotation or retirement (their area is declared in
    apps.py), with an ETag, so a scanner polling for a new key mostly gets 304."""
    response = cached_response(
        request, namespace=KEYS_AREA, key="keys.json", render=lambda: JsonResponse(published_keys())
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def media_apply(request):
    """The public media accreditation form (no account, no delegation)."""
    from django.shortcuts import redirect, render

    from hanoi_ceremony.core.forms import form_submit

    from ..forms import MediaApplicationForm
    from ..services.media import media_apply as apply

    form = MediaApplicationForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":

        def send():
            files = ("assignment_letter", "press_card", "photo")
            return apply(
                data={k: v for k, v in form.cleaned_data.items() if k not in files},
                **{name: form.cleaned_data[name] for name in files},
            )

        accreditation, status = form_submit(form, send)
        if status == 200:
            request.session["media_reference"] = f"ACC-{accreditation.pk:06d}"
            return redirect("accreditation:media_thanks")
    return render(request, "accreditation/media_apply.html", {"form": form}, status=status)


def media_thanks(request):
    from django.shortcuts import render

    return render(
        request, "accreditation/media_thanks.html", {"reference": request.session.get("media_reference")}
    )


def media_photo(request, token: str):
    """A journalist sends a new badge photo after a rejection, from the signed link of the e-mail (no
    account). A bad or expired link answers 400 with what to do; a photo no longer rejected, 409."""
    from django.contrib import messages
    from django.core.exceptions import ValidationError
    from django.shortcuts import redirect, render
    from django.utils.translation import gettext as _

    from hanoi_ceremony.core.forms import form_submit

    from ..enums import PhotoState
    from ..forms import MediaPhotoForm
    from ..services.media import media_from_photo_link, media_photo_replace

    try:
        accreditation = media_from_photo_link(token)
    except ValidationError as exc:
        return render(request, "accreditation/media_photo.html", {"link_error": exc.messages[0]}, status=400)
    form = MediaPhotoForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        _replaced, status = form_submit(
            form, lambda: media_photo_replace(accreditation=accreditation, photo=form.cleaned_data["photo"])
        )
        if status == 200:
            messages.success(request, _("Thank you: the accreditation officers will review the new photo."))
            return redirect("accreditation:media_photo", token=token)
    return render(
        request,
        "accreditation/media_photo.html",
        {
            "form": form,
            "accreditation": accreditation,
            "application": accreditation.media,
            "waiting": accreditation.photo_state == PhotoState.REJECTED,
        },
        status=status,
    )
