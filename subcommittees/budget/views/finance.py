"""Finance's pages: the expenditure norms and the consolidated estimate (actions, spending, exports)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hanoi_ceremony.audit.selectors import history_for
from hanoi_ceremony.core.forms import form_submit
from hanoi_ceremony.core.pagecache import cached_fragment
from hanoi_ceremony.core.paging import page_number

from .. import forms, permissions, selectors, services
from ..enums import EstimateStatus
from ..models import Estimate, NormSet
from ..services import NAMESPACE
from ._common import _signed_in

ESTIMATE_PAGE_LINES = 200

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

    def lines_data():
        # A summit's consolidated estimate has thousands of lines (1,791 at --scale 100, 0.8 MB of table):
        # the page shows them in pages, the totals above cover them all, the XLSX and PDF hold every line.
        context = data()
        return {**context, "page": Paginator(context["view"].lines, ESTIMATE_PAGE_LINES).get_page(number)}

    # Totals and lines are cached fragments of the budget area (every budget write bumps it).
    key = f"estimate:{estimate.pk}:{estimate.status}"
    number = page_number(request.GET.get("page"))
    body_top = cached_fragment(
        request, namespaces=(NAMESPACE,), key=key, template="budget/_estimate_top.html", context=data
    )
    body_lines = cached_fragment(
        request,
        namespaces=(NAMESPACE,),
        key=f"{key}:page={number}",
        template="budget/_estimate_lines.html",
        context=lines_data,
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
            # the history changes only with a budget write, so it is a cached fragment of the same area
            "history_html": cached_fragment(
                request,
                namespaces=(NAMESPACE,),
                key=f"estimate-history:{estimate.pk}",
                template="audit/_history.html",
                context=lambda: {"history": history_for(target=estimate, limit=30)},
            ),
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
    from ..exports import estimate_xlsx_response

    return estimate_xlsx_response(request, _estimate(pk))


@_signed_in
def estimate_pdf(request, pk):
    _estimates_guard(request)
    from ..exports import estimate_pdf_response

    return estimate_pdf_response(request, _estimate(pk))
