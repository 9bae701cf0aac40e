"""The accreditation officer's pages: queue and person, decisions, photos, badges issued and re-issued,
per-delegation summary and counts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hanoi_ceremony.audit.selectors import history_for
from hanoi_ceremony.core.dates import parse_query_date
from hanoi_ceremony.core.errors import status_for
from hanoi_ceremony.core.forms import apply_service_errors
from hanoi_ceremony.core.uploads import protected_file_response

from .. import pdf, selectors
from ..enums import VETTING_MACHINE, BadgeState, PhotoState, VettingState
from ..forms import AsOfForm, CategoryForm, DecisionForm, PhotoForm, ReissueForm
from ..models import Accreditation, Badge
from ..permissions import counts_required, officer_required, reader_required
from ..services import badges as badge_services
from ..services import security, vetting
from ._common import (
    PAGE_SIZE,
    _category_choices,
    _delegation_choices,
    end_of_day,
    options_html,
    pdf_response,
    refusal_redirect,
)


@reader_required
def queue(request):
    """The officers' queue. Its body (counts, filters, the page of people) is a cached fragment per query,
    page and kind of reader, redrawn after any accreditation or delegation change."""
    from hanoi_ceremony.accounts.roles import Role, roles_of
    from hanoi_ceremony.core.pagecache import cached_fragment

    filters = {k: request.GET.get(k, "")[:100] for k in selectors.QUEUE_FILTERS}
    number = request.GET.get("page", "")[:6]
    officer = Role.ACCREDITATION in roles_of(request.user)
    key = "&".join(f"{k}={v}" for k, v in sorted(filters.items())) + f"&page={number}&o={int(officer)}"
    body = cached_fragment(
        request,
        namespaces=("accreditation", "delegations"),
        key=f"accreditation-queue:{key}",
        template="accreditation/_queue_body.html",
        context=lambda: _queue_context(filters, number),
    )
    return render(request, "accreditation/queue.html", {"body": body})


def _queue_context(filters: dict, number: str) -> dict:
    from urllib.parse import urlencode

    page = Paginator(selectors.queue(filters), PAGE_SIZE).get_page(number)
    page.object_list = selectors.label_rows(page.object_list)
    query = urlencode({k: v for k, v in filters.items() if v})  # only what the cache key names
    every = (("", _("All")),)
    return {
        "page": page,
        "filters": filters,
        "query": query,
        "vetting_states": VettingState.choices,
        "vetting_options": options_html(VettingState.choices, filters["vetting"], extra=every),
        "photo_options": options_html(PhotoState.choices, filters["photo"], extra=every),
        "category_options": options_html(_category_choices(), filters["category"], extra=every),
        "delegation_options": options_html(
            _delegation_choices(), filters["delegation"], extra=(*every, ("media", _("Media")))
        ),
        "counts": selectors.vetting_counts(),
        "badge_state_labels": selectors.BADGE_STATE_LABELS,
    }


@officer_required
@require_POST
def queue_bulk(request):
    ids = request.POST.getlist("ids")
    try:
        count = vetting.accreditations_bulk(
            ids=[i for i in ids if i.isdigit()],
            action=request.POST.get("action", ""),
            by=request.user,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        return refusal_redirect(request, exc, "accreditation:queue")
    messages.success(request, _("%(count)s people updated.") % {"count": count})
    back = request.POST.get("back", "")
    return redirect(reverse("accreditation:queue") + (f"?{back}" if back else ""))


def _person_or_404(pk: int) -> Accreditation:
    accreditation = (
        Accreditation.objects.select_related("member__delegation", "media", "delegation", "category")
        .filter(pk=pk)
        .first()
    )
    if accreditation is None:
        raise Http404
    return accreditation


@reader_required
def person(request, pk: int, *, forms=None, status=200):
    accreditation = _person_or_404(pk)
    person_obj = accreditation.person
    badges = list(accreditation.badges.select_related("replaces").order_by("-issued_at", "-id"))
    live = next((b for b in badges if b.state != BadgeState.REVOKED), None)
    forms = forms or {}
    return render(
        request,
        "accreditation/person.html",
        {
            "a": accreditation,
            "person": person_obj,
            "badges": badges,
            "live": live,
            "targets": [
                (t, VETTING_MACHINE.label(t)) for t in VETTING_MACHINE.targets_from(accreditation.vetting)
            ],
            "decision_form": forms.get("decision")
            or DecisionForm(initial={"expected": accreditation.vetting}),
            "photo_form": forms.get("photo") or PhotoForm(initial={"expected": accreditation.photo_state}),
            "category_form": forms.get("category")
            or CategoryForm(initial={"category": accreditation.category_id}),
            "reissue_form": forms.get("reissue") or ReissueForm(),
            "passport_problem": vetting.passport_problem(person_obj.passport_expiry),
            "passport_warning": vetting.passport_warning(person_obj.passport_expiry),
            "printable_refusal": badge_services.printable_refusal(accreditation),
            "reference": security.reference_of(accreditation),
            "history": history_for(target=accreditation, limit=30),
        },
        status=status,
    )


@officer_required
@require_POST
def person_decide(request, pk: int):
    accreditation = _person_or_404(pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            vetting.vetting_decide(
                accreditation=accreditation,
                to=form.cleaned_data["to"],
                by=request.user,
                reason=form.cleaned_data["reason"],
                expected=form.cleaned_data["expected"] or None,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return person(request, pk, forms={"decision": form}, status=status_for(exc))
        messages.success(
            request,
            _("Saved: %(person)s is now %(state)s.")
            % {"person": accreditation, "state": VETTING_MACHINE.label(form.cleaned_data["to"]).lower()},
        )
        return redirect("accreditation:person", pk=pk)
    return person(request, pk, forms={"decision": form}, status=400)


@officer_required
@require_POST
def person_photo_verdict(request, pk: int):
    accreditation = _person_or_404(pk)
    form = PhotoForm(request.POST)
    if form.is_valid():
        try:
            vetting.photo_decide(
                accreditation=accreditation,
                approve=form.cleaned_data["verdict"] == "approve",
                by=request.user,
                reason=form.cleaned_data["reason"],
                expected=form.cleaned_data["expected"] or None,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return person(request, pk, forms={"photo": form}, status=status_for(exc))
        return redirect("accreditation:person", pk=pk)
    return person(request, pk, forms={"photo": form}, status=400)


@officer_required
@require_POST
def person_category(request, pk: int):
    accreditation = _person_or_404(pk)
    form = CategoryForm(request.POST)
    if form.is_valid():
        try:
            vetting.category_set(
                accreditation=accreditation, category=form.cleaned_data["category"], by=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return person(request, pk, forms={"category": form}, status=status_for(exc))
        return redirect("accreditation:person", pk=pk)
    return person(request, pk, forms={"category": form}, status=400)


@reader_required
def person_photo(request, pk: int):
    accreditation = _person_or_404(pk)
    photo = accreditation.person.photo
    if not photo:
        raise Http404
    return protected_file_response(photo, download_name=f"photo-{pk}.jpg")


@reader_required
def media_document(request, pk: int, which: str):
    accreditation = _person_or_404(pk)
    if accreditation.media_id is None or which not in ("assignment_letter", "press_card"):
        raise Http404
    return protected_file_response(getattr(accreditation.media, which), download_name=f"{which}-{pk}.pdf")


@officer_required
def person_badge_pdf(request, pk: int):
    accreditation = _person_or_404(pk)
    badge = selectors.badges_for_pdf(
        Badge.objects.filter(
            accreditation=accreditation,
            state__in=[BadgeState.APPROVED, BadgeState.PRINTED, BadgeState.COLLECTED],
        )
    ).first()
    if badge is None:
        messages.error(
            request, badge_services.printable_refusal(accreditation) or _("No badge is issued yet.")
        )
        return redirect("accreditation:person", pk=pk)
    layout = request.GET.get("layout") if request.GET.get("layout") in pdf.LAYOUTS else "a6"
    return pdf_response(pdf.badges_pdf([badge], layout=layout), f"badge-{badge.serial}.pdf")


@officer_required
@require_POST
def badge_issue(request, pk: int):
    accreditation = _person_or_404(pk)
    try:
        badge_services.badge_issue(accreditation=accreditation, by=request.user)
    except ValidationError as exc:
        return refusal_redirect(request, exc, "accreditation:person", pk=pk)
    return redirect("accreditation:person", pk=pk)


@officer_required
@require_POST
def badge_reissue(request, pk: int):
    badge = get_object_or_404(Badge.objects.select_related("accreditation"), pk=pk)
    if badge.accreditation_id is None:
        raise Http404
    form = ReissueForm(request.POST)
    if not form.is_valid():
        return person(request, badge.accreditation_id, forms={"reissue": form}, status=400)
    try:
        if form.cleaned_data["reissue"]:
            new = badge_services.badge_reissue(
                badge=badge,
                by=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
            messages.success(
                request, _("Badge %(old)s revoked; new badge %(new)s issued.") % {"old": badge, "new": new}
            )
        else:
            badge_services.badge_revoke(
                badge=badge,
                by=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Badge %(old)s revoked.") % {"old": badge})
    except ValidationError as exc:
        return refusal_redirect(request, exc, "accreditation:person", pk=badge.accreditation_id)
    return redirect("accreditation:person", pk=badge.accreditation_id)


# --- summaries -------------------------------------------------------------------------------------------


@reader_required
def delegations_summary(request):
    return render(
        request,
        "accreditation/summary.html",
        {"rows": list(selectors.delegation_summaries()), "counts": selectors.vetting_counts()},
    )


@counts_required
def counts(request):
    try:
        day = parse_query_date(request.GET.get("date"), default=timezone.localdate())
    except ValidationError as exc:
        form = AsOfForm(request.GET)
        form.is_valid()
        form.errors.clear()
        form.add_error("date", exc)
        return render(request, "accreditation/counts.html", {"form": form, "data": None}, status=400)
    data = selectors.counts_as_of(end_of_day(day))
    return render(
        request,
        "accreditation/counts.html",
        {"form": AsOfForm(initial={"date": day}), "data": data, "day": day},
    )
