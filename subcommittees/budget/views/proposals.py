"""Budget proposals' pages: the home list, a new proposal, its lines, submission, return, acceptance."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from hanoi_ceremony.audit.selectors import history_for
from hanoi_ceremony.core.forms import form_submit
from hanoi_ceremony.core.pagecache import cached_fragment

from .. import forms, permissions, selectors, services
from ..enums import EDITABLE_PROPOSAL, ProposalStatus
from ..models import Body, Proposal, ProposalLine
from ..services import NAMESPACE
from ._common import _signed_in


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
