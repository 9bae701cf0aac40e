"""Speakers' lists: the printed list, the chair's view, liaisons' inscriptions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hanoi_ceremony.accounts.roles import Role, is_organiser, role_required
from hanoi_ceremony.core.errors import status_for
from hanoi_ceremony.core.forms import form_submit

from .. import selectors, services
from ..enums import InscriptionStatus
from ..forms import (
    InscriptionForm,
    PlaceForm,
    ReplyForm,
    SpeakersListNewForm,
    TimeLimitForm,
)
from ..models import Inscription, SpeakersList
from ..permissions import inscribable_delegation, own_delegation_id
from ._common import _public, organiser_required

# --- Speakers' lists -------------------------------------------------------------------------------


@require_GET
def speakers_index(request):
    return _public(
        request,
        key="speakers-index",
        render_fn=lambda: render(
            request, "agenda/signing/speakers_index.html", {"lists": list(selectors.speakers_lists())}
        ),
    )


def _speakers_list(pk) -> SpeakersList:
    return get_object_or_404(SpeakersList.objects.select_related("session"), pk=pk)


@require_GET
def speakers_detail(request, pk):
    def render_fn():
        speakers_list = _speakers_list(pk)  # looked up only when the page is rendered (404 is never cached)
        context = {
            "speakers_list": speakers_list,
            "order": selectors.speaking_order(speakers_list),
            "replies": selectors.replies(speakers_list),
        }
        return render(request, "agenda/signing/speakers_detail.html", context)

    return _public(request, key=f"speakers:{pk}", render_fn=render_fn)


def _render_chair(
    request, speakers_list, *, reply_form=None, place_form=None, place_for=None, error=None, status=200
):
    view = selectors.chair_view(speakers_list)
    context = {
        "speakers_list": speakers_list,
        "view": view,
        "replies": selectors.replies(speakers_list),
        "reply_form": reply_form or ReplyForm(),
        "place_form": place_form,
        "place_for": place_for,
        "error": error,
        "InscriptionStatus": InscriptionStatus,
    }
    return render(request, "agenda/signing/chair.html", context, status=status)


@organiser_required
@require_GET
def chair(request, pk):
    return _render_chair(request, _speakers_list(pk))


@organiser_required
@require_POST
def chair_next(request, pk):
    speakers_list = _speakers_list(pk)
    raw = request.POST.get("current", "").strip()
    if raw and not raw.isdigit():
        return _render_chair(
            request, speakers_list, error=_("Reload the chair's view and try again."), status=400
        )
    expected = int(raw) if raw else None
    try:
        services.speakers_list_next(
            speakers_list=speakers_list, expected_current_id=expected, by=request.user
        )
    except ValidationError as exc:  # moved on meanwhile (409)
        return _render_chair(
            request, _speakers_list(pk), error=" ".join(exc.messages), status=status_for(exc)
        )
    return redirect("signing:chair", pk=pk)


@organiser_required
@require_GET
def chair_inscribe(request, pk):
    """The chair's shortcut to the inscription form of any delegation."""
    raw = request.GET.get("delegation", "")
    if not raw.isdigit():
        return redirect("signing:chair", pk=pk)
    return redirect("signing:inscribe", pk=_speakers_list(pk).pk, delegation_id=int(raw))


@organiser_required
@require_POST
def chair_reply(request, pk):
    speakers_list = _speakers_list(pk)
    form = ReplyForm(request.POST)
    _reply, status = form_submit(
        form,
        lambda: services.right_of_reply_request(
            speakers_list=speakers_list, delegation=form.cleaned_data["delegation"], by=request.user
        ),
    )
    if status == 200:
        return redirect("signing:chair", pk=pk)
    return _render_chair(request, speakers_list, reply_form=form, status=status)


@organiser_required
@require_POST
def inscription_place(request, pk, inscription_pk):
    speakers_list = _speakers_list(pk)
    inscription = get_object_or_404(Inscription, pk=inscription_pk, speakers_list=speakers_list)
    form = PlaceForm(request.POST)
    _placed, status = form_submit(
        form,
        lambda: services.inscription_override(
            inscription=inscription,
            position=form.cleaned_data["position"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        ),
    )
    if status == 200:
        return redirect("signing:chair", pk=pk)
    return _render_chair(request, speakers_list, place_form=form, place_for=inscription.pk, status=status)


@role_required(Role.LIAISON)
@require_GET
def speakers_mine(request):
    delegation_id = own_delegation_id(request.user)
    if delegation_id is None:  # an organiser without a delegation: the lists themselves
        return redirect("signing:speakers")
    rows = selectors.positions_of(delegation_id=delegation_id)
    return render(
        request, "agenda/signing/speakers_mine.html", {"rows": rows, "delegation_id": delegation_id}
    )


@organiser_required
@require_POST
def inscription_time(request, pk, inscription_pk):
    speakers_list = _speakers_list(pk)
    inscription = get_object_or_404(Inscription, pk=inscription_pk, speakers_list=speakers_list)
    form = TimeLimitForm(request.POST)
    if form.is_valid():
        services.inscription_set_time_limit(
            inscription=inscription, seconds=form.cleaned_data["minutes"] * 60, by=request.user
        )
        return redirect("signing:chair", pk=pk)
    return _render_chair(
        request, speakers_list, error=" ".join(e for errs in form.errors.values() for e in errs), status=400
    )


@role_required(Role.LIAISON)
@require_POST
def inscription_withdraw(request, pk, delegation_id):
    """The liaison (or an organiser) withdraws the delegation's waiting speaker from the list."""
    delegation = inscribable_delegation(request.user, delegation_id)
    inscription = get_object_or_404(
        Inscription, speakers_list_id=pk, delegation=delegation, status=InscriptionStatus.INSCRIBED
    )
    services.inscription_withdraw(inscription=inscription, by=request.user)
    messages.success(request, _("Your speaker was withdrawn from the list."))
    return redirect("signing:inscribe", pk=pk, delegation_id=delegation.pk)


@role_required(Role.LIAISON)
def inscribe(request, pk, delegation_id):
    speakers_list = _speakers_list(pk)
    delegation = inscribable_delegation(request.user, delegation_id)
    organiser = is_organiser(request.user)
    order = selectors.speaking_order(speakers_list)
    mine = next(((n, i) for n, i in enumerate(order, start=1) if i.delegation_id == delegation.pk), None)
    form = InscriptionForm(request.POST or None, delegation=delegation, organiser=organiser)
    status = 200
    if request.method == "POST":

        def inscribe_speaker():
            minutes = form.cleaned_data.get("time_limit_minutes")
            return services.inscription_create(
                speakers_list=speakers_list,
                delegation=delegation,
                speaker=form.cleaned_data["speaker"],
                time_limit_seconds=minutes * 60 if minutes else None,
                by=request.user,
            )

        _inscription, status = form_submit(form, inscribe_speaker)
        if status == 200:
            messages.success(request, _("Your speaker is inscribed."))
            return redirect("signing:inscribe", pk=pk, delegation_id=delegation.pk)
    context = {
        "speakers_list": speakers_list,
        "delegation": delegation,
        "form": form,
        "mine": mine,
        "total": len(order),
    }
    return render(request, "agenda/signing/inscribe.html", context, status=status)


@organiser_required
def speakers_new(request):
    """Organisers open a speakers' list for any plenary or high-level session (no longer only the seeder)."""
    form = SpeakersListNewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        speakers_list, status = form_submit(
            form,
            lambda: services.speakers_list_open(
                session=form.cleaned_data["session"],
                by=request.user,
                default_time_limit_seconds=form.cleaned_data["minutes"] * 60,
            ),
        )
        if status == 200:
            messages.success(request, _("The speakers' list is open for inscription."))
            return redirect("signing:chair", pk=speakers_list.pk)
    return render(request, "agenda/signing/speakers_new.html", {"form": form}, status=status)


@organiser_required
@require_POST
def chair_inscription(request, pk):
    """Open or close inscription from the chair's page."""
    speakers_list = _speakers_list(pk)
    wanted = request.POST.get("open")
    if wanted not in ("0", "1"):
        return _render_chair(
            request, speakers_list, error=_("Reload the chair's view and try again."), status=400
        )
    services.speakers_list_set_open(speakers_list=speakers_list, is_open=wanted == "1", by=request.user)
    messages.success(
        request,
        _("Inscription is open.")
        if wanted == "1"
        else _("Inscription is closed: no new speakers can be inscribed."),
    )
    return redirect("signing:chair", pk=pk)
