"""Thin views: check permission, call a selector or a service, render. Refusals re-render the bound form with
the message next to the field and a 4xx (400 bad input, 409 someone else changed it first)."""

import csv
import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agenda.enums import SessionKind
from agenda.models import Session
from delegations.enums import Capacity
from delegations.models import FullPowers
from hanoi_ceremony.accounts.roles import Role, is_organiser, role_required
from hanoi_ceremony.audit.selectors import audit_history
from hanoi_ceremony.core.pagecache import cached_response
from hanoi_ceremony.core.selectors import ceremony_get

from . import selectors, services
from .enums import InscriptionStatus, SigningStatus
from .forms import (
    AddPartyForm,
    InscriptionForm,
    MoveForm,
    PlaceForm,
    RejectForm,
    ReplyForm,
    RuleForm,
    SignatoryForm,
    SignedForm,
    StatusForm,
    TimeLimitForm,
)
from .models import Inscription, SigningEntry, SigningRoster, SpeakersList
from .permissions import inscribable_delegation, own_delegation_id
from .services import NAMESPACE, Conflict

organiser_required = role_required()  # organisers pass every role check; nobody else holds "no role"


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _public(request, *, key: str, render_fn):
    """Public pages: anonymous visitors get the cached rendering; signed-in users a fresh one (their
    navigation differs)."""
    if request.user.is_authenticated:
        return render_fn()
    return cached_response(request, namespace=NAMESPACE, key=key, render=render_fn)


# --- Roster ----------------------------------------------------------------------------------------


def _render_roster(request, roster, *, add_form=None, rule_form=None, error=None, status=200):
    context = {
        "roster": roster,
        "signing_sessions": Session.objects.filter(kind=SessionKind.SIGNING).order_by("starts_at")
        if roster is None
        else None,
    }
    if roster is not None:
        context.update(
            rows=selectors.roster_rows(roster=roster),
            add_form=add_form or AddPartyForm(),
            rule_form=rule_form
            or RuleForm(
                initial={"rule": roster.rule, "drawn_letter": roster.drawn_letter, "version": roster.version}
            ),
            error=error,
            SigningStatus=SigningStatus,
        )
    return render(request, "signing/roster.html", context, status=status)


@organiser_required
@require_GET
def roster(request):
    return _render_roster(request, selectors.roster_get())


@organiser_required
@require_POST
def roster_open(request):
    raw = request.POST.get("session", "")
    if not raw.isdigit():
        return _render_roster(request, None, status=400)
    session = get_object_or_404(Session, pk=int(raw), kind=SessionKind.SIGNING)
    services.roster_open(session=session, by=request.user)
    return redirect("signing:roster")


@organiser_required
@require_POST
def roster_add(request):
    roster = get_object_or_404(SigningRoster.objects.order_by("pk")[:1])
    form = AddPartyForm(request.POST)
    if form.is_valid():
        delegation = form.cleaned_data["delegation"]
        head = delegation.members.filter(capacity=Capacity.HEAD).first()
        try:
            services.roster_add_party(roster=roster, delegation=delegation, signatory=head, by=request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("%(party)s is on the roster.") % {"party": delegation})
            return redirect("signing:roster")
    return _render_roster(request, roster, add_form=form, status=400)


@organiser_required
@require_POST
def roster_rule(request):
    roster = get_object_or_404(SigningRoster.objects.order_by("pk")[:1])
    form = RuleForm(request.POST)
    if form.is_valid():
        try:
            services.roster_apply_rule(
                roster=roster,
                rule=form.cleaned_data["rule"],
                drawn_letter=form.cleaned_data["drawn_letter"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except Conflict as exc:
            return _render_roster(
                request, selectors.roster_get(), rule_form=form, error=exc.message, status=409
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The roster was reordered."))
            return redirect("signing:roster")
    return _render_roster(request, roster, rule_form=form, status=400)


def _entry(pk) -> SigningEntry:
    return get_object_or_404(
        SigningEntry.objects.select_related(
            "roster", "delegation", "signatory__full_powers__verified_by", "confirmed_by"
        ),
        pk=pk,
    )


def _render_entry(
    request, entry, *, signatory_form=None, move_form=None, status_form=None, signed_form=None, status=200
):
    context = {
        "entry": entry,
        "basis": selectors.authority_basis(entry),
        "problem": services.authority_problem(entry),
        "signatory_form": signatory_form or SignatoryForm(delegation=entry.delegation),
        "move_form": move_form
        or MoveForm(initial={"position": entry.position, "version": entry.roster.version}),
        "status_form": status_form or StatusForm(),
        "signed_form": signed_form or SignedForm(),
        "history": audit_history(target=entry),
        "SigningStatus": SigningStatus,
    }
    return render(request, "signing/entry.html", context, status=status)


@organiser_required
@require_GET
def entry_detail(request, pk):
    return _render_entry(request, _entry(pk))


@organiser_required
@require_POST
def entry_signatory(request, pk):
    entry = _entry(pk)
    form = SignatoryForm(request.POST, delegation=entry.delegation)
    if form.is_valid():
        try:
            services.entry_set_signatory(
                entry=entry, signatory=form.cleaned_data["signatory"], by=request.user
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return redirect("signing:entry", pk=entry.pk)
    return _render_entry(request, entry, signatory_form=form, status=400)


@organiser_required
@require_POST
def entry_move(request, pk):
    entry = _entry(pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.roster_move_entry(
                entry=entry,
                position=form.cleaned_data["position"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except Conflict as exc:
            form.add_error(None, exc.message)
            return _render_entry(request, _entry(pk), move_form=form, status=409)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("%(party)s was moved.") % {"party": entry.delegation})
            return redirect("signing:roster")
    return _render_entry(request, entry, move_form=form, status=400)


@organiser_required
@require_POST
def entry_release(request, pk):
    entry = _entry(pk)
    form = MoveForm(request.POST)  # the same reason and version fields; the place comes from the rule
    form.fields["position"].required = False
    if form.is_valid():
        try:
            services.roster_release_entry(
                entry=entry,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except Conflict as exc:
            form.add_error(None, exc.message)
            return _render_entry(request, _entry(pk), move_form=form, status=409)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, _("%(party)s follows the rule's order again.") % {"party": entry.delegation}
            )
            return redirect("signing:roster")
    return _render_entry(request, entry, move_form=form, status=400)


@organiser_required
@require_POST
def entry_confirm(request, pk):
    entry = _entry(pk)
    try:
        services.entry_confirm(entry=entry, by=request.user)
    except ValidationError as exc:
        return _render_roster(request, entry.roster, error=" ".join(exc.messages), status=400)
    messages.success(request, _("%(party)s: signatory confirmed.") % {"party": entry.delegation})
    return redirect("signing:roster")


@organiser_required
@require_POST
def entry_signed(request, pk):
    entry = _entry(pk)
    form = SignedForm(request.POST)
    if form.is_valid():
        try:
            services.entry_mark_signed(entry=entry, signed_at=form.cleaned_data["signed_at"], by=request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("%(party)s has signed.") % {"party": entry.delegation})
            return redirect("signing:roster")
    return _render_entry(request, entry, signed_form=form, status=400)


@organiser_required
@require_POST
def entry_status(request, pk):
    entry = _entry(pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        service = (
            services.entry_mark_did_not_sign
            if form.cleaned_data["status"] == SigningStatus.DID_NOT_SIGN
            else services.entry_defer_to_headquarters
        )
        try:
            service(entry=entry, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return redirect("signing:roster")
    return _render_entry(request, entry, status_form=form, status=400)


# --- Full powers -----------------------------------------------------------------------------------


def _render_full_powers(request, *, reject_forms=None, error=None, status=200):
    reject_forms = reject_forms or {}
    items = [(fp, reject_forms.get(fp.pk) or RejectForm()) for fp in selectors.full_powers_queue()]
    return render(request, "signing/full_powers.html", {"items": items, "error": error}, status=status)


@organiser_required
@require_GET
def full_powers(request):
    return _render_full_powers(request)


@organiser_required
@require_POST
def full_powers_action(request, pk, action):
    fp = get_object_or_404(FullPowers.objects.select_related("member"), pk=pk)
    form = RejectForm(request.POST) if action == "reject" else None
    try:
        if action == "received":
            fp = services.full_powers_mark_received(full_powers=fp, by=request.user)
        elif action == "verify":
            fp = services.full_powers_verify(full_powers=fp, by=request.user)
        elif action == "reject":
            if not form.is_valid():
                return _render_full_powers(request, reject_forms={fp.pk: form}, status=400)
            fp = services.full_powers_reject(
                full_powers=fp, reason=form.cleaned_data["reason"], by=request.user
            )
        else:
            raise Http404
    except ValidationError as exc:
        if form is not None:  # reject: the message goes next to the reason the user typed
            _apply_errors(form, exc)
            return _render_full_powers(request, reject_forms={fp.pk: form}, status=400)
        return _render_full_powers(request, error=" ".join(exc.messages), status=400)
    messages.success(
        request,
        _("Full powers of %(member)s: %(status)s.")
        % {"member": fp.member, "status": fp.get_status_display()},
    )
    return redirect("signing:full_powers")


# --- Public board and report -----------------------------------------------------------------------


@require_GET
def board(request):
    return _public(
        request,
        key="board",
        render_fn=lambda: render(request, "signing/board.html", {"board": selectors.board_data()}),
    )


@require_GET
def board_json(request):
    return cached_response(
        request, namespace=NAMESPACE, key="board.json", render=lambda: JsonResponse(selectors.board_data())
    )


def _as_of(request) -> datetime.date | None:
    """The report's date from ?as_of=YYYY-MM-DD (today in Hà Nội when absent), or None when malformed."""
    raw = request.GET.get("as_of", "").strip()
    if not raw:
        return timezone.localdate()
    try:
        return parse_date(raw)
    except ValueError:  # well-formed but impossible, e.g. 2025-13-45
        return None


@require_GET
def report(request):
    as_of = _as_of(request)
    if as_of is None:
        return render(
            request,
            "signing/report.html",
            {"error": _("Enter the date as YYYY-MM-DD."), "as_of_raw": request.GET.get("as_of", "")},
            status=400,
        )

    def render_fn():
        data = selectors.signing_report(as_of=as_of, ceremony=ceremony_get())
        return render(request, "signing/report.html", {"report": data, "as_of_raw": as_of.isoformat()})

    return _public(request, key=f"report:{as_of.isoformat()}", render_fn=render_fn)


@require_GET
def report_csv(request):
    as_of = _as_of(request)
    if as_of is None:
        return HttpResponseBadRequest(
            _("Enter the date as YYYY-MM-DD.").encode(), content_type="text/plain; charset=utf-8"
        )

    def render_fn():
        data = selectors.signing_report(as_of=as_of, ceremony=ceremony_get())
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="signatories-as-of-{as_of.isoformat()}.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [_("Party"), _("Kind"), _("Region"), _("Signatory"), _("Signed at (Hà Nội time)"), _("Place")]
        )
        for e in data.signatories:
            writer.writerow(
                [
                    e.delegation.name,
                    e.delegation.get_participant_type_display(),
                    e.delegation.get_region_display(),
                    str(e.signatory) if e.signatory_id else "",
                    timezone.localtime(e.signed_at).strftime("%Y-%m-%d %H:%M"),
                    e.get_place_display(),
                ]
            )
        return response

    return cached_response(
        request, namespace=NAMESPACE, key=f"report.csv:{as_of.isoformat()}", render=render_fn
    )


# --- Speakers' lists -------------------------------------------------------------------------------


@require_GET
def speakers_index(request):
    return _public(
        request,
        key="speakers-index",
        render_fn=lambda: render(
            request, "signing/speakers_index.html", {"lists": list(selectors.speakers_lists())}
        ),
    )


def _speakers_list(pk) -> SpeakersList:
    return get_object_or_404(SpeakersList.objects.select_related("session"), pk=pk)


@require_GET
def speakers_detail(request, pk):
    speakers_list = _speakers_list(pk)

    def render_fn():
        context = {
            "speakers_list": speakers_list,
            "order": selectors.speaking_order(speakers_list),
            "replies": selectors.replies(speakers_list),
        }
        return render(request, "signing/speakers_detail.html", context)

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
    return render(request, "signing/chair.html", context, status=status)


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
    except Conflict as exc:
        return _render_chair(request, _speakers_list(pk), error=exc.message, status=409)
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
    if form.is_valid():
        try:
            services.right_of_reply_request(
                speakers_list=speakers_list, delegation=form.cleaned_data["delegation"], by=request.user
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return redirect("signing:chair", pk=pk)
    return _render_chair(request, speakers_list, reply_form=form, status=400)


@organiser_required
@require_POST
def inscription_place(request, pk, inscription_pk):
    speakers_list = _speakers_list(pk)
    inscription = get_object_or_404(Inscription, pk=inscription_pk, speakers_list=speakers_list)
    form = PlaceForm(request.POST)
    if form.is_valid():
        try:
            services.inscription_override(
                inscription=inscription,
                position=form.cleaned_data["position"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return redirect("signing:chair", pk=pk)
    return _render_chair(request, speakers_list, place_form=form, place_for=inscription.pk, status=400)


@role_required(Role.LIAISON)
@require_GET
def speakers_mine(request):
    delegation_id = own_delegation_id(request.user)
    if delegation_id is None:  # an organiser without a delegation: the lists themselves
        return redirect("signing:speakers")
    rows = selectors.positions_of(delegation_id=delegation_id)
    return render(request, "signing/speakers_mine.html", {"rows": rows, "delegation_id": delegation_id})


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
        if form.is_valid():
            minutes = form.cleaned_data.get("time_limit_minutes")
            try:
                services.inscription_create(
                    speakers_list=speakers_list,
                    delegation=delegation,
                    speaker=form.cleaned_data["speaker"],
                    time_limit_seconds=minutes * 60 if minutes else None,
                    by=request.user,
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Your speaker is inscribed."))
                return redirect("signing:inscribe", pk=pk, delegation_id=delegation.pk)
        status = 400
    context = {
        "speakers_list": speakers_list,
        "delegation": delegation,
        "form": form,
        "mine": mine,
        "total": len(order),
    }
    return render(request, "signing/inscribe.html", context, status=status)
