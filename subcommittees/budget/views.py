# ruff: noqa: E731
"""Budget pages: thin — permission check, a selector or a service, render (PRG on success)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hanoi_ceremony.audit.selectors import history_for
from hanoi_ceremony.core.forms import form_submit
from hanoi_ceremony.core.pagecache import cached_fragment

from . import forms, permissions, selectors, services
from .enums import EDITABLE_PROPOSAL, EstimateStatus, ProposalStatus
from .models import Body, Estimate, NormSet, Proposal, ProposalLine
from .services import NAMESPACE


def _signed_in(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.has_budget_access(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _proposal(request, pk: int) -> Proposal:
    try:
        return permissions.proposals_visible_to(request.user).select_related("body", "norm_set").get(pk=pk)
    except Proposal.DoesNotExist:
        raise Http404 from None


def _editor_bodies(user):
    return list(Body.objects.filter(pk__in=sorted(permissions.editor_body_ids(user))).order_by("name"))


@_signed_in
def home(request):
    user = request.user
    bodies = _editor_bodies(user)
    scope = (
        "all"
        if permissions.sees_everything(user)
        else ",".join(map(str, sorted(permissions.editor_body_ids(user))))
    )
    table = cached_fragment(
        request,
        namespaces=(NAMESPACE,),
        key=f"proposals:{scope}",
        template="budget/_proposal_table.html",
        context=lambda: {"proposals": selectors.proposal_list(permissions.proposals_visible_to(user))},
    )
    return render(
        request,
        "budget/home.html",
        {
            "table": table,
            "create_form": forms.ProposalCreateForm(bodies=bodies) if bodies else None,
            "norm_set": services.current_norm_set(),
            "can_see_estimates": permissions.can_see_estimates(user),
            "is_reviewer": permissions.can_review(user),
        },
    )


@_signed_in
@require_POST
def proposal_new(request):
    bodies = _editor_bodies(request.user)
    form = forms.ProposalCreateForm(request.POST, bodies=bodies)

    def create():
        body = next(b for b in bodies if str(b.pk) == form.cleaned_data["body"])
        return services.proposal_create(body=body, by=request.user, title=form.cleaned_data["title"])

    proposal, status = form_submit(form, create)
    if proposal is not None:
        return redirect(proposal)
    return render(
        request,
        "budget/home.html",
        {
            "table": mark_safe(  # noqa: S308 — our own template, escaped there
                render_to_string(
                    "budget/_proposal_table.html",
                    {"proposals": selectors.proposal_list(permissions.proposals_visible_to(request.user))},
                )
            ),
            "create_form": form,
            "norm_set": services.current_norm_set(),
        },
        status=status,
    )


def _tasks_for(proposal: Proposal):
    from subcommittees.models import Task

    if proposal.body.subcommittee_id:
        return Task.objects.filter(subcommittee_id=proposal.body.subcommittee_id).order_by("title")
    return Task.objects.none()


def _line_data(form) -> dict:
    return {k: form.cleaned_data[k] for k in services.LINE_FIELDS}


def _proposal_page(request, proposal, *, line_form=None, message_form=None, action_errors=None, status=200):
    user = request.user
    editable = proposal.status in EDITABLE_PROPOSAL and permissions.can_edit_proposal(user, proposal)
    return render(
        request,
        "budget/proposal_detail.html",
        {
            "view": selectors.proposal_detail(proposal),
            "proposal": proposal,
            "editable": editable,
            "can_submit": editable,
            "can_review": permissions.can_review(user) and proposal.status == ProposalStatus.SUBMITTED,
            "line_form": line_form or (forms.LineForm(tasks=_tasks_for(proposal)) if editable else None),
            "message_form": message_form or forms.MessageForm(),
            "action_errors": action_errors,
            "history": history_for(target=proposal, limit=30),
        },
        status=status,
    )


@_signed_in
def proposal_detail(request, pk):
    proposal = _proposal(request, pk)
    if request.method == "POST":
        form = forms.LineForm(request.POST, tasks=_tasks_for(proposal))
        line, status = form_submit(
            form, lambda: services.line_save(proposal=proposal, by=request.user, data=_line_data(form))
        )
        if line is not None:
            return redirect(proposal)
        return _proposal_page(request, proposal, line_form=form, status=status)
    return _proposal_page(request, proposal)


@_signed_in
def line_edit(request, pk, line_pk):
    proposal = _proposal(request, pk)
    line = get_object_or_404(ProposalLine, pk=line_pk, proposal=proposal)
    if not permissions.can_edit_proposal(request.user, proposal):
        raise PermissionDenied
    if request.method == "POST":
        form = forms.LineForm(request.POST, tasks=_tasks_for(proposal))
        saved, status = form_submit(
            form,
            lambda: services.line_save(proposal=proposal, by=request.user, data=_line_data(form), line=line),
        )
        if saved is not None:
            return redirect(proposal)
    else:
        status = 200
        form = forms.LineForm(
            initial={k: getattr(line, k) for k in services.LINE_FIELDS}, tasks=_tasks_for(proposal)
        )
    return render(
        request, "budget/line_form.html", {"form": form, "proposal": proposal, "line": line}, status=status
    )


@_signed_in
@require_POST
def line_remove(request, pk, line_pk):
    proposal = _proposal(request, pk)
    line = get_object_or_404(ProposalLine, pk=line_pk, proposal=proposal)
    try:
        services.line_remove(line=line, by=request.user)
    except PermissionDenied:
        raise
    except services.Invalid as exc:
        from django.contrib import messages

        messages.error(request, " ".join(exc.messages))
    return redirect(proposal)


@_signed_in
@require_POST
def proposal_action(request, pk, action):
    proposal = _proposal(request, pk)
    expected = request.POST.get("expected") or None
    if action == "submit":
        form = forms.forms.Form(request.POST)
        run = lambda: services.proposal_submit(proposal=proposal, by=request.user, expected=expected)  # noqa: E731
    elif action == "return":
        form = forms.MessageForm(request.POST)
        run = lambda: services.proposal_return(  # noqa: E731
            proposal=proposal, by=request.user, message=form.cleaned_data["message"], expected=expected
        )
    elif action == "accept":
        form = forms.forms.Form(request.POST)
        run = lambda: services.proposal_accept(proposal=proposal, by=request.user, expected=expected)  # noqa: E731
    else:
        raise Http404
    result, status = form_submit(form, run)
    if result is not None:
        return redirect(proposal)
    proposal = _proposal(request, pk)
    return _proposal_page(
        request,
        proposal,
        message_form=form if action == "return" else None,
        action_errors=form.non_field_errors(),
        status=status,
    )


# --- Norms ---------------------------------------------------------------------------------------------


@_signed_in
def norms_list(request):
    return render(
        request,
        "budget/norms_list.html",
        {
            "norm_sets": selectors.norm_sets(),
            "current": services.current_norm_set(),
            "can_manage": permissions.can_manage_norms(request.user),
            "form": forms.NormSetForm(),
        },
    )


def _norms_page(request, norm_set, *, norm_form=None, cap_form=None, status=200):
    return render(
        request,
        "budget/norms.html",
        {
            "norm_set": norm_set,
            **selectors.norm_set_detail(norm_set),
            "current": services.current_norm_set(),
            "can_manage": permissions.can_manage_norms(request.user),
            "norm_form": norm_form or forms.NormForm(),
            "cap_form": cap_form or forms.CapForm(),
            "history": history_for(target=norm_set, limit=20),
        },
        status=status,
    )


@_signed_in
def norms(request, version):
    norm_set = get_object_or_404(NormSet, version=version)
    return _norms_page(request, norm_set)


@_signed_in
@require_POST
def norms_action(request, version, action):
    user = request.user
    if action == "new":
        form = forms.NormSetForm(request.POST)
        base = NormSet.objects.filter(version=version).first()
        created, status = form_submit(
            form,
            lambda: services.normset_create(
                by=user, title=form.cleaned_data["title"], basis=form.cleaned_data["basis"], copy_from=base
            ),
        )
        if created is not None:
            return redirect(created)
        return render(
            request,
            "budget/norms_list.html",
            {"norm_sets": selectors.norm_sets(), "can_manage": True, "form": form},
            status=status,
        )
    norm_set = get_object_or_404(NormSet, version=version)
    if action == "norm":
        form = forms.NormForm(request.POST)
        done, status = form_submit(
            form, lambda: services.norm_set_value(norm_set=norm_set, by=user, **form.cleaned_data)
        )
        return redirect(norm_set) if done else _norms_page(request, norm_set, norm_form=form, status=status)
    if action == "cap":
        form = forms.CapForm(request.POST)
        done, status = form_submit(
            form, lambda: services.cap_set(norm_set=norm_set, by=user, **form.cleaned_data)
        )
        return redirect(norm_set) if done else _norms_page(request, norm_set, cap_form=form, status=status)
    if action == "publish":
        form = forms.forms.Form(request.POST)
        done, status = form_submit(form, lambda: services.normset_publish(norm_set=norm_set, by=user))
        if done:
            return redirect(norm_set)
        return _norms_page(request, norm_set, status=status)
    raise Http404


# --- Estimates -----------------------------------------------------------------------------------------


def _estimates_guard(request):
    if not permissions.can_see_estimates(request.user):
        raise PermissionDenied


@_signed_in
def estimates(request):
    _estimates_guard(request)
    form = forms.EstimateCreateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        created, status = form_submit(
            form, lambda: services.estimate_create(by=request.user, title=form.cleaned_data["title"])
        )
        if created is not None:
            return redirect(created)
    return render(
        request,
        "budget/estimates.html",
        {
            "estimates": selectors.estimates(),
            "form": form,
            "can_create": permissions.can_review(request.user),
        },
        status=status,
    )


def _estimate(pk) -> Estimate:
    try:
        return selectors.estimate_for_page(pk)
    except Estimate.DoesNotExist:
        raise Http404 from None


def _estimate_page(
    request, estimate, *, message_form=None, approve_form=None, spending_form=None, errors=None, status=200
):
    user = request.user
    approved = estimate.status == EstimateStatus.APPROVED
    memo = {}

    def data():
        if not memo:
            memo["view"] = selectors.estimate_detail(estimate)
            memo["spent"] = selectors.spending_for_estimate(estimate) if approved else {}
        return {"estimate": estimate, **memo}

    # Totals and lines are cached fragments of the budget area (every budget write bumps it).
    key = f"estimate:{estimate.pk}:{estimate.status}"
    body_top = cached_fragment(
        request, namespaces=(NAMESPACE,), key=key, template="budget/_estimate_top.html", context=data
    )
    body_lines = cached_fragment(
        request, namespaces=(NAMESPACE,), key=key, template="budget/_estimate_lines.html", context=data
    )
    spending_lines = list(estimate.lines.all()) if approved and permissions.can_review(user) else []
    return render(
        request,
        "budget/estimate_detail.html",
        {
            "estimate": estimate,
            "body_top": body_top,
            "body_lines": body_lines,
            "is_finance": permissions.can_review(user),
            "is_authority": permissions.is_competent_authority(user),
            "message_form": message_form or forms.MessageForm(),
            "approve_form": approve_form or forms.ApproveForm(),
            "spending_form": spending_form
            or (forms.SpendingForm(lines=spending_lines) if spending_lines else None),
            "action_errors": errors,
            "history": history_for(target=estimate, limit=30),
        },
        status=status,
    )


@_signed_in
def estimate_detail(request, pk):
    _estimates_guard(request)
    return _estimate_page(request, _estimate(pk))


@_signed_in
@require_POST
def estimate_action(request, pk, action):
    _estimates_guard(request)
    estimate = _estimate(pk)
    user = request.user
    expected = request.POST.get("expected") or None
    kwargs = {}
    if action == "refresh":
        form = forms.forms.Form(request.POST)
        run = lambda: services.estimate_refresh(estimate=estimate, by=user)  # noqa: E731
    elif action == "submit":
        form = forms.forms.Form(request.POST)
        run = lambda: services.estimate_submit(estimate=estimate, by=user, expected=expected)  # noqa: E731
    elif action == "return":
        form = kwargs["message_form"] = forms.MessageForm(request.POST)
        run = lambda: services.estimate_return(  # noqa: E731
            estimate=estimate, by=user, message=form.cleaned_data["message"], expected=expected
        )
    elif action == "approve":
        form = kwargs["approve_form"] = forms.ApproveForm(request.POST)
        run = lambda: services.estimate_approve(  # noqa: E731
            estimate=estimate,
            by=user,
            decision_reference=form.cleaned_data["decision_reference"],
            expected=expected,
        )
    elif action == "spending":
        lines = list(estimate.lines.all())
        form = kwargs["spending_form"] = forms.SpendingForm(request.POST, lines=lines)

        def run():
            line = next(x for x in lines if str(x.pk) == form.cleaned_data["line"])
            return services.spending_record(
                line=line,
                by=user,
                kind=form.cleaned_data["kind"],
                amount=form.cleaned_data["amount"],
                reference=form.cleaned_data["reference"],
            )
    else:
        raise Http404
    result, status = form_submit(form, run)
    if result is not None:
        return redirect(estimate)
    estimate = _estimate(pk)
    return _estimate_page(request, estimate, errors=form.non_field_errors(), status=status, **kwargs)


@_signed_in
def estimate_xlsx(request, pk):
    _estimates_guard(request)
    from .exports import estimate_xlsx_response

    return estimate_xlsx_response(request, _estimate(pk))


@_signed_in
def estimate_pdf(request, pk):
    _estimates_guard(request)
    from .exports import estimate_pdf_response

    return estimate_pdf_response(request, _estimate(pk))


__all__ = ["_"]
