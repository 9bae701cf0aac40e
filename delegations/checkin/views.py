"""Check-in pages: the scanner app (PWA), the officers' lists, gates and devices, and the security and
protocol pages (inside now, arrivals per hour, refusals, who is in the signing room, arrival duty)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from hanoi_ceremony.audit.selectors import history_for
from hanoi_ceremony.core.dates import parse_query_date
from hanoi_ceremony.core.errors import messages_of, status_for
from hanoi_ceremony.core.forms import form_submit

from . import permissions, selectors, services
from .enums import Reason
from .forms import CheckinListForm, DeviceForm, GateForm
from .models import CheckinList, Device, DutyStatus, Gate

SCANNER_ASSETS = (
    "vendor/bootstrap/bootstrap.min.css",
    "checkin/css/scanner.css",
    "checkin/js/verdict.js",
    "checkin/js/store.js",
    "checkin/js/scanner.js",
    "checkin/vendor/jsQR.js",
    "checkin/icon.svg",
    "checkin/icon-192.png",
    "checkin/manifest.webmanifest",
)


def _scanner_strings() -> dict:
    """What the scanner's script says, translated here (the script holds no user-visible text)."""
    return {
        "reasons": {r.value: str(r.label) for r in Reason},
        "accepted": _("Enter"),
        "rejected": _("Stop"),
        "online": _("Online"),
        "offline": _("Offline"),
        "go_offline": _("Work offline"),
        "go_online": _("Back online"),
        "paired": _("This device is paired."),
        "revoked_device": _("This device's pairing was revoked or is unknown. Pair it again."),
        "network": _("No connection to the server. Switch to offline mode if the network is down."),
        "no_list": _("Choose a list first."),
        "no_package": _("Nothing synced yet: offline mode needs one sync while online."),
        "now_offline": _("Offline mode: scans are checked on this device and queued."),
        "now_online": _("Back online."),
        "offline_no_sync": _("Go back online to sync."),
        "synced_now": _("Synced."),
        "synced": _("Synced at %(when)s · %(n)s revoked badges known."),
        "not_synced": _("Not synced yet."),
        "uploaded": _("Uploaded: %(stored)s stored, %(duplicates)s already known, %(conflicts)s conflicts."),
        "no_camera": _("The camera is not available. Use the hand scanner or type the badge number."),
    }


def _officer(request) -> None:
    if not permissions.can_manage_checkin(request.user):
        raise PermissionDenied


# --- the scanner -------------------------------------------------------------------------------------


@never_cache
def scanner(request):
    """The scanner app. Devices authenticate with their token, not a session, so this page is public; it
    alone may use the camera (the site-wide policy denies it elsewhere)."""
    response = render(request, "checkin/scanner.html", {"i18n": _scanner_strings()})
    response["Permissions-Policy"] = "camera=(self)"
    return response


def service_worker(request):
    """The service worker, served under /checkin/scanner/ so that its scope covers the scanner page. It
    caches the app shell (this page and its vendored assets) so the scanner opens with no network."""
    assets = [request.build_absolute_uri(static(a)) for a in SCANNER_ASSETS]
    import hashlib

    version = hashlib.sha256("|".join(assets).encode()).hexdigest()[:12]
    body = render(
        request,
        "checkin/sw.js",
        {"assets": assets, "version": version},
        content_type="application/javascript",
    )
    body["Cache-Control"] = "no-cache"
    body["Service-Worker-Allowed"] = "/checkin/scanner/"
    return body


# --- security and protocol pages ------------------------------------------------------------------------


@login_required
def dashboard(request):
    if not permissions.can_watch_checkin(request.user):
        raise PermissionDenied
    try:
        day = parse_query_date(request.GET.get("day"), default=selectors.default_day())
    except ValidationError as exc:
        return render(request, "checkin/dashboard.html", {"error": messages_of(exc)[0]}, status=400)
    data = selectors.dashboard(day=day)
    chart = {
        "labels": [f"{h:02d}:00" for h in data["hours"]],
        "arrivals": data["arrivals"],
        "label": _("Entries"),
    }
    return render(
        request,
        "checkin/dashboard.html",
        {"data": data, "chart": chart, "attendance": selectors.attendance_by_session()},
    )


@login_required
def signing_room(request):
    if not permissions.can_see_signing_room(request.user):
        raise PermissionDenied
    data = selectors.inside_zone(zone=settings.CHECKIN_SIGNING_ROOM_ZONE)
    return render(request, "checkin/signing_room.html", {"data": data})


@login_required
@require_http_methods(["GET", "POST"])
def duty(request):
    """A Reception member puts themself on or off duty for arrival alerts."""
    if not permissions.can_go_on_duty(request.user):
        raise PermissionDenied
    status = DutyStatus.objects.filter(user=request.user).first()
    if request.method == "POST":
        on = request.POST.get("on_duty") == "1"
        services.duty_set(user=request.user, on_duty=on, by=request.user)
        messages.success(
            request, _("You are on duty: arrivals will reach you.") if on else _("You are off duty.")
        )
        return redirect("checkin:duty")
    return render(request, "checkin/duty.html", {"on_duty": bool(status and status.on_duty)})


# --- lists -----------------------------------------------------------------------------------------------


@login_required
def lists(request):
    _officer(request)
    found = list(CheckinList.objects.select_related("session").prefetch_related("gates").order_by("name"))
    return render(request, "checkin/lists.html", {"lists": found, "counts": selectors.inside_counts(found)})


@login_required
@require_http_methods(["GET", "POST"])
def list_edit(request, pk: int | None = None):
    _officer(request)
    instance = get_object_or_404(CheckinList, pk=pk) if pk else None
    form = CheckinListForm(request.POST or None, instance=instance)
    status = 200
    if request.method == "POST":
        result, status = form_submit(
            form, lambda: services.checkin_list_save(checkin_list=form.instance, by=request.user)
        )
        if result is not None:
            messages.success(request, _("The list is saved; devices pick it up at their next sync."))
            return redirect("checkin:lists")
    return _form_page(request, form, instance, _("New check-in list"), status)


def _form_page(request, form, instance, new_title, status: int) -> HttpResponse:
    history = history_for(target=instance) if instance is not None else None
    return render(
        request,
        "checkin/form.html",
        {"form": form, "title": instance or new_title, "history": history, "editing": instance is not None},
        status=status,
    )


# --- gates and devices ----------------------------------------------------------------------------------


@login_required
def gates(request):
    _officer(request)
    return render(
        request,
        "checkin/gates.html",
        {"gates": selectors.gates_with_devices(), "device_form": DeviceForm()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def gate_edit(request, pk: int | None = None):
    _officer(request)
    instance = get_object_or_404(Gate, pk=pk) if pk else None
    form = GateForm(request.POST or None, instance=instance)
    status = 200
    if request.method == "POST":
        result, status = form_submit(
            form,
            lambda: services.gate_save(gate=form.instance, lists=form.cleaned_data["lists"], by=request.user),
        )
        if result is not None:
            messages.success(request, _("The gate is saved."))
            return redirect("checkin:gates")
    return _form_page(request, form, instance, _("New gate"), status)


@login_required
@require_POST
def device_new(request, gate_pk: int):
    _officer(request)
    gate = get_object_or_404(Gate, pk=gate_pk)
    form = DeviceForm(request.POST)
    result, status = form_submit(
        form, lambda: services.device_create(gate=gate, name=form.cleaned_data["name"], by=request.user)
    )
    if result is None:
        return render(request, "checkin/form.html", {"form": form, "title": _("New device")}, status=status)
    device, code = result
    return _code_page(request, device, code)


def _code_page(request, device: Device, code: str) -> HttpResponse:
    response = render(
        request,
        "checkin/pairing_code.html",
        {"device": device, "code": code, "scanner_url": request.build_absolute_uri("/checkin/scanner/")},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def device_code(request, pk: int):
    _officer(request)
    device = get_object_or_404(Device.objects.select_related("gate"), pk=pk)
    try:
        code = services.device_code_reissue(device=device, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(messages_of(exc)))
        return redirect("checkin:gates")
    return _code_page(request, device, code)


@login_required
@require_POST
def device_revoke(request, pk: int):
    _officer(request)
    device = get_object_or_404(Device, pk=pk)
    try:
        services.device_revoke(device=device, by=request.user)
    except ValidationError as exc:  # pragma: no cover - revoke refuses nothing today
        return HttpResponse(" ".join(messages_of(exc)), status=status_for(exc))
    messages.success(request, _("The device is revoked: its next scan is refused."))
    return redirect("checkin:gates")
