"""The accreditation officer's pages: queue and person, decisions, photos, print queue, collection desk,
security export/import, per-delegation summary and counts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from delegations.countries import order_by_local_name
from hanoi_ceremony.audit.selectors import history_for
from hanoi_ceremony.core.dates import parse_query_date
from hanoi_ceremony.core.errors import status_for
from hanoi_ceremony.core.exports import export_response
from hanoi_ceremony.core.forms import apply_service_errors
from hanoi_ceremony.core.uploads import protected_file_response

from .. import pdf, selectors
from ..enums import VETTING_MACHINE, BadgeState, PhotoState, VettingState
from ..forms import AsOfForm, CategoryForm, CollectForm, DecisionForm, ImportForm, PhotoForm, ReissueForm
from ..models import Accreditation, Badge, BadgeCategory, BadgeCollection
from ..permissions import counts_required, officer_required, reader_required
from ..services import badges as badge_services
from ..services import collection as collection_services
from ..services import security, vetting
from ._common import PAGE_SIZE, end_of_day, options_html, pdf_response, refusal_redirect

IMPORT_SESSION_KEY = "accreditation_import"


def _category_choices():
    return list(BadgeCategory.objects.order_by("order", "code").values_list("pk", "name"))


def _delegation_choices():
    from delegations.models import Delegation

    return list(
        Delegation.objects.filter(accreditations__isnull=False)
        .distinct()
        .order_by("name")
        .values_list("pk", "name")
    )


@reader_required
def queue(request):
    filters = {k: request.GET.get(k, "") for k in selectors.QUEUE_FILTERS}
    page = Paginator(selectors.queue(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.label_rows(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    every = (("", _("All")),)
    return render(
        request,
        "accreditation/queue.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "vetting_states": VettingState.choices,
            "vetting_options": options_html(VettingState.choices, filters["vetting"], extra=every),
            "photo_options": options_html(PhotoState.choices, filters["photo"], extra=every),
            "category_options": options_html(_category_choices(), filters["category"], extra=every),
            "delegation_options": options_html(
                _delegation_choices(), filters["delegation"], extra=(*every, ("media", _("Media")))
            ),
            "counts": selectors.vetting_counts(),
            "badge_state_labels": selectors.BADGE_STATE_LABELS,
        },
    )


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


# --- print queue -----------------------------------------------------------------------------------------


@officer_required
def print_queue(request):
    filters = {k: request.GET.get(k, "") for k in ("delegation", "category")}
    page = Paginator(selectors.print_queue(filters), 100).get_page(request.GET.get("page"))
    every = (("", _("All")),)
    return render(
        request,
        "accreditation/print_queue.html",
        {
            "page": page,
            "filters": filters,
            "category_options": options_html(_category_choices(), filters["category"], extra=every),
            "delegation_options": options_html(
                _delegation_choices(), filters["delegation"], extra=(*every, ("media", _("Media")))
            ),
            "layouts": pdf.LAYOUTS,
        },
    )


def _selected_badges(request, source):
    return [int(i) for i in source.getlist("ids") if i.isdigit()]


@officer_required
def print_sheet(request):
    """The imposed A4 sheets (or one badge a page) for the selected badges still in the print queue."""
    ids = _selected_badges(request, request.GET)
    if not ids:
        messages.error(request, _("Select the badges to print."))
        return redirect("accreditation:print_queue")
    badges = list(
        selectors.badges_for_pdf(Badge.objects.filter(pk__in=ids)).order_by(
            "accreditation__delegation__name", "accreditation__member__family_name", "pk"
        )
    )
    for badge in badges:
        refusal = badge.accreditation and badge_services.printable_refusal(badge.accreditation)
        if badge.state == BadgeState.REVOKED or badge.accreditation is None or refusal:
            messages.error(
                request, refusal or _("Badge %(badge)s is revoked: it cannot be printed.") % {"badge": badge}
            )
            return redirect("accreditation:print_queue")
    layout = request.GET.get("layout") if request.GET.get("layout") in pdf.LAYOUTS else "a6"
    imposed = request.GET.get("imposed", "1") == "1"
    return pdf_response(
        pdf.badges_pdf(badges, layout=layout, imposed=imposed), f"badges-{layout}.pdf", inline=False
    )


@officer_required
@require_POST
def print_mark(request):
    ids = _selected_badges(request, request.POST)
    try:
        done = badge_services.badges_mark_printed(badge_ids=ids, by=request.user)
    except ValidationError as exc:
        return refusal_redirect(request, exc, "accreditation:print_queue")
    messages.success(request, _("%(count)s badges marked printed.") % {"count": len(done)})
    return redirect("accreditation:print_queue")


@officer_required
def delegation_badges_pdf(request, pk: int):
    """Every live badge of one delegation (one a page), for a reprint run or the delegation's file."""
    from delegations.models import Delegation

    delegation = get_object_or_404(Delegation, pk=pk)
    badges = list(
        selectors.badges_for_pdf(
            Badge.objects.filter(
                accreditation__delegation=delegation, state__in=[BadgeState.APPROVED, BadgeState.PRINTED]
            )
        ).order_by("accreditation__member__family_name", "pk")
    )
    layout = request.GET.get("layout") if request.GET.get("layout") in pdf.LAYOUTS else "a6"
    return pdf_response(
        pdf.badges_pdf(badges, layout=layout, title=delegation.name), f"badges-{delegation.pk}.pdf"
    )


# --- collection desk -------------------------------------------------------------------------------------


@officer_required
def collection_desk(request, pk: int | None = None, *, form=None, status=200):
    from delegations.models import Delegation

    delegation = get_object_or_404(Delegation, pk=pk) if pk else None
    delegation_id = delegation.pk if delegation else None
    badges = []
    collections = []
    if delegation is not None:
        badges = list(
            selectors.badges_for_pdf(
                Badge.objects.filter(accreditation__delegation=delegation, state=BadgeState.PRINTED)
            ).order_by("accreditation__member__family_name", "pk")
        )
        collections = list(
            BadgeCollection.objects.filter(delegation=delegation).select_related("desk_officer")
        )
    waiting = order_by_local_name(
        Delegation.objects.filter(accreditations__badges__state=BadgeState.PRINTED).distinct(), "pk"
    )
    return render(
        request,
        "accreditation/collection.html",
        {
            "delegation": delegation,
            "delegation_id": delegation_id,
            "badges": badges,
            "collections": collections,
            "waiting": waiting,
            "form": form or CollectForm(),
            "new_receipt": next((c for c in collections if str(c.pk) == request.GET.get("receipt")), None),
        },
        status=status,
    )


@officer_required
@require_POST
def collection_record(request, pk: int):
    form = CollectForm(request.POST)
    if not form.is_valid():
        return collection_desk(request, pk, form=form, status=400)
    try:
        collection = collection_services.badges_collect(
            delegation_id=pk,
            badge_ids=[i for i in request.POST.getlist("ids") if i.isdigit()],
            collected_by_name=form.cleaned_data["collected_by_name"],
            by=request.user,
        )
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return collection_desk(request, pk, form=form, status=status_for(exc))
    messages.success(
        request,
        _("Collection %(receipt)s recorded (%(count)s badges): print the receipt and have it signed.")
        % {"receipt": collection, "count": collection.badges.count()},
    )
    return redirect(reverse("accreditation:collection_delegation", args=[pk]) + f"?receipt={collection.pk}")


@reader_required
def collection_receipt(request, pk: int):
    collection = get_object_or_404(
        BadgeCollection.objects.select_related("delegation", "desk_officer"), pk=pk
    )
    badges = list(
        selectors.badges_for_pdf(collection.badges.all()).order_by("accreditation__member__family_name", "pk")
    )
    return pdf_response(pdf.receipt_pdf(collection, badges), f"receipt-{collection}.pdf")


# --- security export / import ----------------------------------------------------------------------------


@officer_required
def security_export(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    from hanoi_ceremony.core.selectors import ceremony_get

    rows = list(security.security_export_rows())
    target = ceremony_get() or request.user
    return export_response(
        request,
        fmt=fmt,
        filename=f"security-vetting-{timezone.localdate():%Y%m%d}",
        columns=security.security_columns(),
        rows=rows,
        title="Vetting",
        audit_target=target,
        audit_action="accreditation.exported",
        audit_data={"rows": len(rows)},
    )


@officer_required
def security_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    status = 200
    if request.method == "POST" and request.POST.get("apply"):
        stored = request.session.get(IMPORT_SESSION_KEY) or {}
        content = stored.get("content", "").encode("utf-8")
        if not content:
            messages.error(request, _("Upload the file again: its preview has expired."))
            return redirect("accreditation:security_import")
        try:
            count = security.security_import_apply(
                content=content, digest=request.POST.get("digest", ""), by=request.user
            )
        except ValidationError as exc:
            return refusal_redirect(request, exc, "accreditation:security_import")
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.success(request, _("%(count)s security decisions applied.") % {"count": count})
        return redirect("accreditation:queue")
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read(security.IMPORT_MAX_BYTES + 1)
            preview = security.security_import_preview(content=content, by=request.user)
            if preview.ok:
                request.session[IMPORT_SESSION_KEY] = {
                    "digest": preview.digest,
                    "content": content.decode("utf-8-sig"),
                }
            else:
                status = 400
        else:
            status = 400
    return render(request, "accreditation/import.html", {"form": form, "preview": preview}, status=status)


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
