"""Thin views: check who asks, call a selector or a service, render. Another delegation's URL is a 404."""

import csv
import datetime
import zoneinfo

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hanoi_ceremony.accounts.roles import Role, is_organiser, role_required

from . import selectors, services
from .enums import Capacity, DelegationStatus
from .forms import (
    AcceptInvitationForm,
    BulkDecisionForm,
    DelegationCreateForm,
    DocumentForm,
    FullPowersUploadForm,
    InvitationForm,
    ListFilterForm,
    MemberForm,
    ReportForm,
    ReviewForm,
    apply_errors,
)
from .models import Delegation, DelegationDocument, FullPowers, Invitation, Member
from .permissions import REVIEWER_ROLES, delegation_for, delegations_visible_to, liaison_delegation_id

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
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


def _error_redirect(request, delegation, exc) -> HttpResponse:
    messages.error(request, " ".join(exc.messages))
    return redirect("delegations:detail", pk=delegation.pk)


# --- liaison (and organiser) pages ----------------------------------------------------------------------


@role_required(Role.LIAISON)
def mine(request):
    """A liaison's entry point: their delegation's page."""
    delegation_id = liaison_delegation_id(request.user)
    if not delegation_id:
        return redirect("delegations:list")
    return redirect("delegations:detail", pk=delegation_id)


@role_required(Role.LIAISON, *REVIEWER_ROLES)
def detail(request, pk: int):
    try:
        delegation = selectors.delegation_detail(base=delegations_visible_to(request.user), pk=pk)
    except Delegation.DoesNotExist:
        raise Http404 from None
    history = selectors.delegation_history(delegation=delegation)
    members = selectors.members_in_protocol_order(delegation.members.all())
    head = next((m for m in members if m.capacity == Capacity.HEAD), None)
    for member in members:
        member.masked_passport = services.mask_passport(member.passport_number)
        member.needs_photo = not member.photo and services.photo_required(
            member=member, head_rank=head.rank if head else None
        )
    organiser = is_organiser(request.user)
    is_liaison = liaison_delegation_id(request.user) == delegation.pk
    may_edit = (organiser or (is_liaison and services.registration_open())) and (
        delegation.status in services.EDITABLE_STATES
    )
    context = {
        "delegation": delegation,
        "members": members,
        "history": history,
        "changes": selectors.changes_since_review(delegation=delegation, history=history),
        "full_powers": [m.full_powers for m in members if hasattr(m, "full_powers")],
        "documents": list(delegation.documents.all()),
        "invitations": list(delegation.invitations.all()) if organiser else [],
        "is_organiser": organiser,
        "is_liaison": is_liaison,
        "may_edit": may_edit,
        "may_see_passports": services.may_see_passports(request.user, delegation),
        "may_submit": delegation.status in (DelegationStatus.REGISTERING, DelegationStatus.CHANGES_REQUESTED)
        and may_edit,
        "problems": services.submission_problems(delegation=delegation)
        if delegation.status in (DelegationStatus.REGISTERING, DelegationStatus.CHANGES_REQUESTED)
        else [],
        "registration_open": services.registration_open(),
        "signs": delegation.may_sign,
        "now": timezone.now(),
    }
    return render(request, "delegations/detail.html", context)


def _member_data(form, may_see_passports: bool) -> dict:
    data = {k: v for k, v in form.cleaned_data.items() if k != "photo_upload"}
    if not may_see_passports:
        data.pop("passport_number", None)
    return data


@role_required(Role.LIAISON, Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def member_add(request, pk: int):
    delegation = delegation_for(request.user, pk)
    form = MemberForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.member_add(
                    delegation=delegation,
                    by=request.user,
                    data=_member_data(form, True),
                    photo=form.cleaned_data.get("photo_upload"),
                )
            except PermissionDenied as exc:
                return _denied(request, delegation, exc)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The member was added."))
                return redirect("delegations:detail", pk=delegation.pk)
        status = 400
    return _form_page(request, form=form, title=_("Add a member"), delegation=delegation, status=status)


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


@role_required(Role.LIAISON, Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def member_edit(request, pk: int, member_pk: int):
    delegation = delegation_for(request.user, pk)
    member = get_object_or_404(Member, pk=member_pk, delegation=delegation)
    see = services.may_see_passports(request.user, delegation)
    form = MemberForm(request.POST or None, request.FILES or None, instance=member)
    if not see:
        form.fields["passport_number"].disabled = True
        form.initial["passport_number"] = services.mask_passport(member.passport_number)
    elif request.method == "GET" and member.passport_number:
        services.member_passport_reveal(member=member, by=request.user)  # the form shows it: audited
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.member_update(
                    member=member,
                    by=request.user,
                    data=_member_data(form, see),
                    photo=form.cleaned_data.get("photo_upload"),
                )
            except PermissionDenied as exc:
                return _denied(request, delegation, exc)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The member's details were saved."))
                return redirect("delegations:detail", pk=delegation.pk)
        status = 400
    return _form_page(
        request, form=form, title=_("Edit %(name)s") % {"name": member}, delegation=delegation, status=status
    )


@role_required(Role.LIAISON, Role.ORGANISER)
@require_POST
def member_remove(request, pk: int, member_pk: int):
    delegation = delegation_for(request.user, pk)
    member = get_object_or_404(Member, pk=member_pk, delegation=delegation)
    try:
        services.member_remove(member=member, by=request.user)
    except PermissionDenied as exc:
        return _denied(request, delegation, exc)
    except ValidationError as exc:
        return _error_redirect(request, delegation, exc)
    messages.success(request, _("The member was removed."))
    return redirect("delegations:detail", pk=delegation.pk)


@role_required(Role.LIAISON, Role.ACCREDITATION)
def member_passport(request, pk: int, member_pk: int):
    """The full passport number, for the liaison and accreditation officers only; every view is audited."""
    delegation = delegation_for(request.user, pk)
    member = get_object_or_404(Member, pk=member_pk, delegation=delegation)
    try:
        number = services.member_passport_reveal(member=member, by=request.user)
    except PermissionDenied as exc:
        return _denied(request, delegation, exc)
    return render(
        request, "delegations/passport.html", {"delegation": delegation, "member": member, "number": number}
    )


@role_required(Role.LIAISON, *REVIEWER_ROLES)
def member_photo(request, pk: int, member_pk: int):
    delegation = delegation_for(request.user, pk)
    member = get_object_or_404(Member, pk=member_pk, delegation=delegation)
    if not member.photo:
        raise Http404
    return FileResponse(member.photo.open("rb"))


@role_required(Role.LIAISON, Role.ORGANISER)
@require_POST
def submit(request, pk: int):
    delegation = delegation_for(request.user, pk)
    try:
        services.delegation_submit(delegation=delegation, by=request.user)
    except PermissionDenied as exc:
        return _denied(request, delegation, exc)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        response = redirect("delegations:detail", pk=delegation.pk)
        return response
    messages.success(request, _("Your registration was submitted for review."))
    return redirect("delegations:detail", pk=delegation.pk)


@role_required(Role.LIAISON, Role.ORGANISER)
@require_POST
def withdraw(request, pk: int):
    delegation = delegation_for(request.user, pk)
    try:
        services.delegation_withdraw(
            delegation=delegation, by=request.user, reason=request.POST.get("reason", "")
        )
    except PermissionDenied as exc:
        return _denied(request, delegation, exc)
    except ValidationError as exc:
        return _error_redirect(request, delegation, exc)
    messages.success(request, _("The delegation was withdrawn."))
    return redirect("delegations:detail", pk=delegation.pk)


@role_required(Role.LIAISON, Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def document_add(request, pk: int):
    delegation = delegation_for(request.user, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.document_upload(
                    delegation=delegation,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                    by=request.user,
                )
            except PermissionDenied as exc:
                return _denied(request, delegation, exc)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The document was uploaded."))
                return redirect("delegations:detail", pk=delegation.pk)
        status = 400
    return _form_page(
        request,
        form=form,
        title=_("Upload a note verbale or credentials"),
        delegation=delegation,
        status=status,
    )


@role_required(Role.LIAISON, *REVIEWER_ROLES)
def document_download(request, pk: int, document_pk: int):
    delegation = delegation_for(request.user, pk)
    document = get_object_or_404(DelegationDocument, pk=document_pk, delegation=delegation)
    return FileResponse(
        document.file.open("rb"), content_type="application/pdf", filename=document.original_name
    )


@role_required(Role.LIAISON, Role.ORGANISER)
@require_POST
def signatory_designate(request, pk: int, member_pk: int):
    delegation = delegation_for(request.user, pk)
    member = get_object_or_404(Member, pk=member_pk, delegation=delegation)
    try:
        services.signatory_designate(member=member, by=request.user)
    except PermissionDenied as exc:
        return _denied(request, delegation, exc)
    except ValidationError as exc:
        return _error_redirect(request, delegation, exc)
    messages.success(request, _("%(name)s is the intended signatory.") % {"name": member})
    return redirect("delegations:detail", pk=delegation.pk)


@role_required(Role.LIAISON, Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def full_powers_upload(request, pk: int, full_powers_pk: int):
    delegation = delegation_for(request.user, pk)
    full_powers = get_object_or_404(
        FullPowers.objects.select_related("member"), pk=full_powers_pk, member__delegation=delegation
    )
    form = FullPowersUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.full_powers_upload(
                    full_powers=full_powers, upload=form.cleaned_data["file"], by=request.user
                )
            except PermissionDenied as exc:
                return _denied(request, delegation, exc)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The instrument of full powers was received."))
                return redirect("delegations:detail", pk=delegation.pk)
        status = 400
    return _form_page(
        request,
        form=form,
        title=_("Full powers for %(name)s") % {"name": full_powers.member},
        delegation=delegation,
        status=status,
    )


@role_required(Role.LIAISON, *REVIEWER_ROLES)
def full_powers_download(request, pk: int, full_powers_pk: int):
    delegation = delegation_for(request.user, pk)
    full_powers = get_object_or_404(FullPowers, pk=full_powers_pk, member__delegation=delegation)
    if not full_powers.document:
        raise Http404
    return FileResponse(full_powers.document.open("rb"), content_type="application/pdf")


# --- invitations ----------------------------------------------------------------------------------------


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
        if form.is_valid():
            try:
                user = services.invitation_accept(
                    token=token,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    password=form.cleaned_data["password1"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _("Welcome. You are now the liaison of %(name)s.") % {"name": invitation.delegation},
                )
                return redirect("delegations:detail", pk=invitation.delegation_id)
        status = 400
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


# --- organiser pages ------------------------------------------------------------------------------------


@role_required(*REVIEWER_ROLES)
def delegation_list(request):
    filters = ListFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    qs = selectors.delegation_list(
        base=delegations_visible_to(request.user), **{k: v for k, v in params.items() if v}
    )
    page = Paginator(qs.values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.delegation_rows(ids=list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    current = {name: str(params.get(name) or "") for name in filters.fields}
    filter_selects = [
        (name, field.label, [(str(v), str(t), str(v) == current[name]) for v, t in field.choices])
        for name, field in filters.fields.items()
        if name != "q"
    ]
    return render(
        request,
        "delegations/list.html",
        {
            "filters": filters,
            "current": current,
            "filter_selects": filter_selects,
            "page": page,
            "query": query.urlencode(),
            "is_organiser": is_organiser(request.user),
            "statuses": DelegationStatus,
        },
    )


@role_required(Role.ORGANISER)
@require_POST
def bulk_decide(request):
    ids = [int(x) for x in request.POST.getlist("ids") if x.isdigit()]
    form = BulkDecisionForm(request.POST, allowed_ids=ids)
    if not ids:
        messages.error(request, _("Tick at least one delegation."))
        return redirect("delegations:list")
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect("delegations:list")
    result = services.delegations_bulk_decide(
        delegation_ids=form.cleaned_data["ids"],
        by=request.user,
        decision=form.cleaned_data["decision"],
        reason=form.cleaned_data["reason"],
    )
    if result.done:
        messages.success(
            request,
            _("%(count)s delegation(s) updated: %(names)s.")
            % {"count": len(result.done), "names": ", ".join(map(str, result.done))},
        )
    for delegation, why in result.failed:
        messages.error(request, _("%(name)s: %(why)s") % {"name": delegation, "why": why})
    return redirect(
        reverse("delegations:list")
        + ("?" + request.POST.get("query", "") if request.POST.get("query") else "")
    )


@role_required(Role.ORGANISER)
@require_POST
def review(request, pk: int):
    delegation = delegation_for(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _error_redirect(request, delegation, ValidationError(_("Choose an action.")))
    action = form.cleaned_data["action"]
    message = form.cleaned_data["message"]
    expected = form.cleaned_data.get("expected_status") or None
    try:
        if action == ReviewForm.CONFIRM:
            services.delegation_confirm(delegation=delegation, by=request.user, expected_status=expected)
            messages.success(request, _("The delegation is confirmed; the liaison is told."))
        elif action == ReviewForm.REQUEST_CHANGES:
            services.delegation_request_changes(
                delegation=delegation, by=request.user, message=message, expected_status=expected
            )
            messages.success(request, _("Changes were requested; the liaison is told."))
        elif action == ReviewForm.DECLINE:
            services.delegation_decline(
                delegation=delegation, by=request.user, reason=message, expected_status=expected
            )
            messages.success(request, _("The delegation was declined; the liaison is told."))
        else:
            services.delegation_withdraw(delegation=delegation, by=request.user, reason=message)
            messages.success(request, _("The delegation was marked withdrawn."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        response = redirect("delegations:detail", pk=delegation.pk)
        return response
    return redirect("delegations:detail", pk=delegation.pk)


@role_required(Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def delegation_create(request):
    form = DelegationCreateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                delegation = services.delegation_create(
                    participant_type=data["participant_type"],
                    country_code=data["country_code"],
                    name=data["name"],
                    region=data["region"],
                    by=request.user,
                )
                if data["email"]:
                    services.invitation_create(delegation=delegation, email=data["email"], by=request.user)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("%(name)s was added.") % {"name": delegation})
                return redirect("delegations:detail", pk=delegation.pk)
        status = 400
    return _form_page(request, form=form, title=_("Add and invite a delegation"), status=status)


EXPORT_COLUMNS = (
    ("delegation", lambda m: m.delegation.name),
    ("country_code", lambda m: m.delegation.country_code or ""),
    ("status", lambda m: m.delegation.get_status_display()),
    ("family_name", lambda m: m.family_name),
    ("given_names", lambda m: m.given_names),
    ("title", lambda m: m.title),
    ("capacity", lambda m: m.get_capacity_display()),
    ("rank", lambda m: m.get_rank_display()),
    ("nationality", lambda m: m.nationality),
    ("email", lambda m: m.email),
    ("phone", lambda m: m.phone),
    ("arrival_flight", lambda m: m.arrival_flight),
    ("arrival_time", lambda m: _local(m.arrival_at)),
    ("arrival_airport", lambda m: m.arrival_airport),
    ("departure_flight", lambda m: m.departure_flight),
    ("departure_time", lambda m: _local(m.departure_at)),
    ("departure_airport", lambda m: m.departure_airport),
    ("hotel", lambda m: m.hotel),
    ("dietary_needs", lambda m: m.dietary_needs),
    ("accessibility_needs", lambda m: m.accessibility_needs),
    ("photo", lambda m: "yes" if m.photo else "no"),
)


def _local(value) -> str:
    return timezone.localtime(value, HANOI).strftime("%Y-%m-%d %H:%M") if value else ""


def _safe_cell(value: str) -> str:
    """Neutralise spreadsheet formulas in exported text (CSV/XLSX injection)."""
    return "'" + value if value and value[0] in "=+-@\t\r" else value


@role_required(*REVIEWER_ROLES)
def export(request, fmt: str):
    """Delegates of submitted and confirmed delegations for hotels, airport pick-ups and badges."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    members = selectors.delegates_for_export(base=delegations_visible_to(request.user))
    header = [name for name, _get in EXPORT_COLUMNS]
    stamp = timezone.localtime(timezone.now(), HANOI).strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="delegates-{stamp}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(header)
        for member in members.iterator(chunk_size=500):
            writer.writerow([_safe_cell(get(member)) for _name, get in EXPORT_COLUMNS])
        return response
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Delegates"))
    sheet.append(header)
    for member in members.iterator(chunk_size=500):
        sheet.append([_safe_cell(get(member)) for _name, get in EXPORT_COLUMNS])
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="delegates-{stamp}.xlsx"'
    workbook.save(response)
    return response


@role_required(*REVIEWER_ROLES)
def report(request):
    """The "as of" status report, computed from the audit history."""
    form = ReportForm(request.GET or None)
    today = timezone.localtime(timezone.now(), HANOI).date()
    day = form.cleaned_data["as_of"] if form.is_valid() else today
    status = 200 if (form.is_valid() or not request.GET) else 400
    as_of = datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=HANOI)
    chart_from = min(day, datetime.date(day.year, day.month, 1) - datetime.timedelta(days=31))
    data = selectors.status_report_cached(as_of=as_of, chart_from=chart_from)
    if not form.is_bound:
        form = ReportForm(initial={"as_of": day})
    return render(
        request, "delegations/report.html", {"form": form, "report": data, "day": day}, status=status
    )
