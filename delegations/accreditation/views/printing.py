"""The accreditation officer's print queue (sheets, marking printed, a delegation's badges) and the collection
desk with its receipts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from delegations.countries import order_by_local_name
from hanoi_ceremony.core.errors import status_for
from hanoi_ceremony.core.forms import apply_service_errors

from .. import pdf, selectors
from ..enums import BadgeState
from ..forms import CollectForm
from ..models import Badge, BadgeCollection
from ..permissions import officer_required, reader_required
from ..services import badges as badge_services
from ..services import collection as collection_services
from ._common import (
    _category_choices,
    _delegation_choices,
    options_html,
    pdf_response,
    refusal_redirect,
)

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
