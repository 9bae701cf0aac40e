"""What the delegation views share."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hanoi_ceremony.core.dates import CEREMONY_TZ
from hanoi_ceremony.core.forms import form_submit

HANOI = CEREMONY_TZ  # the ceremony's time zone, defined once in core/dates.py
PAGE_SIZE = 50


def _form_page(request, *, form, title, delegation=None, status=200, submit=None, intro=""):
    return render(
        request,
        "delegations/form_page.html",
        {
            "form": form,
            "title": title,
            "delegation": delegation,
            "submit": submit or getattr(getattr(form, "helper", None), "submit_label", None) or _("Save"),
            "intro": intro,
        },
        status=status,
    )


def _delegation_form(request, *, delegation, form, run: Callable, done: str, title) -> HttpResponse:
    """A form on a delegation's page, through its service: saved, back to the delegation with `done`;
    refused, the form again with the reasons next to the fields (400, or 409 when something moved
    meanwhile); not allowed, the "not allowed" page (403)."""
    status = 200
    if request.method == "POST":
        try:
            _result, status = form_submit(form, run)
        except PermissionDenied as exc:
            return _denied(request, delegation, exc)
        if status == 200:
            messages.success(request, done)
            return redirect("delegations:detail", pk=delegation.pk)
    return _form_page(request, form=form, title=title, delegation=delegation, status=status)


def _delegation_action(request, *, delegation, run: Callable, done: str) -> HttpResponse:
    """A button on a delegation's page, through its service: done, back to the delegation with `done`;
    refused, back to it with the reasons; not allowed, the "not allowed" page (403)."""
    try:
        run()
    except PermissionDenied as exc:
        return _denied(request, delegation, exc)
    except ValidationError as exc:
        return _error_redirect(request, delegation, exc)
    messages.success(request, done)
    return redirect("delegations:detail", pk=delegation.pk)


def _error_redirect(request, delegation, exc) -> HttpResponse:
    messages.error(request, " ".join(exc.messages))
    return redirect("delegations:detail", pk=delegation.pk)


def _member_data(form, may_see_passports: bool) -> dict:
    data = {k: v for k, v in form.cleaned_data.items() if k != "photo_upload"}
    if not may_see_passports:
        data.pop("passport_number", None)
    return data


def _denied(request, delegation, exc) -> HttpResponse:
    return render(
        request,
        "delegations/message.html",
        {
            "title": _("Not allowed"),
            "text": " ".join(getattr(exc, "args", ()) or [_("You may not do this.")]),
            "delegation": delegation,
        },
        status=403,
    )
