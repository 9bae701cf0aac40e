"""Organiser pages: the delegation list with bulk decisions, review, new delegations, exports, report."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from hanoi_ceremony.accounts.roles import Role, is_organiser, role_required
from hanoi_ceremony.core.exports import Column, Sheet, export_response
from hanoi_ceremony.core.forms import form_submit
from hanoi_ceremony.core.pagecache import cached_fragment
from hanoi_ceremony.core.selectors import ceremony_get

from .. import selectors, services
from ..enums import DelegationStatus
from ..forms import (
    BulkDecisionForm,
    DelegationCreateForm,
    ListFilterForm,
    ReportForm,
    ReviewForm,
)
from ..permissions import REVIEWER_ROLES, delegation_for, delegations_visible_to
from ..services import NAMESPACE
from ._common import HANOI, PAGE_SIZE, _error_redirect, _form_page


@role_required(*REVIEWER_ROLES)
def delegation_list(request):
    """Every reviewer sees every delegation (`delegations_visible_to`); only organisers get the bulk
    decision controls, so the cached table is keyed by that scope, the filters and the page."""
    organiser = is_organiser(request.user)
    query = request.GET.copy()
    query.pop("page", None)
    key = "list:{scope}:{query}:{page}".format(
        scope="organiser" if organiser else "reviewer",
        query=query.urlencode(),
        page=request.GET.get("page", ""),
    )
    body = cached_fragment(
        request,
        namespaces=(NAMESPACE,),
        key=key,
        template="delegations/_list_body.html",
        context=lambda: _list_context(request, organiser=organiser, query=query.urlencode()),
    )
    return render(request, "delegations/list.html", {"body": body})


def _list_context(request, *, organiser: bool, query: str) -> dict:
    filters = ListFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    qs = selectors.delegation_list(
        base=delegations_visible_to(request.user), **{k: v for k, v in params.items() if v}
    )
    page = Paginator(qs.values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.delegation_rows(ids=list(page.object_list))
    current = {name: str(params.get(name) or "") for name in filters.fields}
    filter_selects = [
        (name, field.label, [(str(v), str(t), str(v) == current[name]) for v, t in field.choices])
        for name, field in filters.fields.items()
        if name != "q"
    ]
    return {
        "filters": filters,
        "current": current,
        "filter_selects": filter_selects,
        "page": page,
        "query": query,
        "is_organiser": organiser,
        "statuses": DelegationStatus,
    }


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
        return redirect("delegations:detail", pk=delegation.pk)
    return redirect("delegations:detail", pk=delegation.pk)


@role_required(Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def delegation_create(request):
    form = DelegationCreateForm(request.POST or None)
    status = 200
    if request.method == "POST":

        def create():
            data = form.cleaned_data
            delegation = services.delegation_create(
                participant_type=data["participant_type"],
                country_code=data["country_code"],
                name=data["name"],
                region=data["region"],
                by=request.user,
            )
            if data["email"]:
                services.invitation_create(delegation=delegation, email=data["email"], by=request.user)
            return delegation

        delegation, status = form_submit(form, create)
        if status == 200:
            messages.success(request, _("%(name)s was added.") % {"name": delegation})
            if form.cleaned_data["email"]:
                from .invitations import warn_if_past_deadline

                warn_if_past_deadline(request, delegation)
            return redirect("delegations:detail", pk=delegation.pk)
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


# Extra XLSX sheets for the logistics teams: (title, columns, sort key).
LOGISTICS_SHEETS = (
    (
        _lazy("Hotels"),
        [
            "hotel",
            "delegation",
            "family_name",
            "given_names",
            "capacity",
            "arrival_time",
            "departure_time",
            "dietary_needs",
            "accessibility_needs",
        ],
        lambda m: (m.hotel, m.delegation.name, m.family_name),
    ),
    (
        _lazy("Airport pick-ups"),
        [
            "arrival_time",
            "arrival_flight",
            "arrival_airport",
            "family_name",
            "given_names",
            "delegation",
            "rank",
            "hotel",
            "accessibility_needs",
        ],
        lambda m: (m.arrival_at is None, m.arrival_at or timezone.now(), m.arrival_flight),
    ),
    (
        _lazy("Badges"),
        ["delegation", "family_name", "given_names", "title", "capacity", "rank", "nationality", "photo"],
        lambda m: (m.delegation.name, m.family_name),
    ),
)


def _local(value) -> str:
    return timezone.localtime(value, HANOI).strftime("%Y-%m-%d %H:%M") if value else ""


@role_required(*REVIEWER_ROLES)
def export(request, fmt: str):
    """Delegates of submitted and confirmed delegations for hotels, airport pick-ups and badges (XLSX adds
    one sheet per logistics team). Through the one exporter: formula-safe, audited (personal data)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    members = selectors.delegates_for_export(base=delegations_visible_to(request.user))
    by_name = dict(EXPORT_COLUMNS)
    columns = [Column(name, get) for name, get in EXPORT_COLUMNS]
    audit = {
        "audit_target": ceremony_get(),
        "audit_action": "export.downloaded",
        "audit_data": {"export": "delegates"},
    }
    if fmt == "csv":
        return export_response(
            request,
            fmt="csv",
            filename="delegates",
            columns=columns,
            rows=members.iterator(chunk_size=500),
            **audit,
        )
    rows = list(members)
    sheets = [
        Sheet(title, [Column(name, by_name[name]) for name in names], sorted(rows, key=key))
        for title, names, key in LOGISTICS_SHEETS
    ]
    return export_response(
        request,
        fmt="xlsx",
        filename="delegates",
        columns=columns,
        rows=rows,
        title=str(_("Delegates")),
        extra_sheets=sheets,
        **audit,
    )


@role_required(*REVIEWER_ROLES)
def report(request):
    """The "as of" status report, computed from the audit history; cached per day asked (and per typed
    value, which the form shows back) until a delegation service changes something."""
    form = ReportForm(request.GET or None)
    today = timezone.localtime(timezone.now(), HANOI).date()
    day = form.cleaned_data["as_of"] if form.is_valid() else today
    as_of = datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=HANOI)
    chart_from = min(day, datetime.date(day.year, day.month, 1) - datetime.timedelta(days=31))

    def context() -> dict:
        shown = form if form.is_bound else ReportForm(initial={"as_of": day})
        data = selectors.status_report_cached(as_of=as_of, chart_from=chart_from)
        return {"form": shown, "report": data, "day": day}

    if request.GET and not form.is_valid():  # bad input: shown back with its error, never cached
        body = mark_safe(render_to_string("delegations/_report_body.html", context(), request))  # noqa: S308
        return render(request, "delegations/report.html", {"body": body}, status=400)
    body = cached_fragment(
        request,
        namespaces=(NAMESPACE,),
        key=f"report:{day.isoformat()}:{request.GET.get('as_of', '')}",
        template="delegations/_report_body.html",
        context=context,
    )
    from delegations.checkin.selectors import attendance_cached

    return render(request, "delegations/report.html", {"body": body, "attendance": attendance_cached()})


@role_required(Role.ORGANISER)
def review_inbox(request):
    """Registrations awaiting review, the one waiting longest first."""
    return render(
        request, "delegations/inbox.html", {"rows": selectors.review_inbox(), "now": timezone.now()}
    )
