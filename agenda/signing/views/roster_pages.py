"""Organiser pages of the signing roster."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agenda.enums import SessionKind
from agenda.models import Session
from delegations.enums import Capacity
from hanoi_ceremony.audit.selectors import history_for
from hanoi_ceremony.core.forms import form_submit

from .. import selectors, services
from ..enums import SigningStatus
from ..forms import (
    AddPartyForm,
    MoveForm,
    RuleForm,
    SignatoryForm,
    SignedForm,
    StatusForm,
    UndoSignatureForm,
)
from ..models import SigningEntry, SigningRoster
from ._common import organiser_required

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
    return render(request, "agenda/signing/roster.html", context, status=status)


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

    def add():
        delegation = form.cleaned_data["delegation"]
        head = delegation.members.filter(capacity=Capacity.HEAD).first()
        return services.roster_add_party(
            roster=roster, delegation=delegation, signatory=head, by=request.user
        )

    _result, status = form_submit(form, add)
    if status == 200:
        messages.success(
            request, _("%(party)s is on the roster.") % {"party": form.cleaned_data["delegation"]}
        )
        return redirect("signing:roster")
    return _render_roster(request, roster, add_form=form, status=status)


@organiser_required
@require_POST
def roster_rule(request):
    roster = get_object_or_404(SigningRoster.objects.order_by("pk")[:1])
    form = RuleForm(request.POST)
    _result, status = form_submit(
        form,
        lambda: services.roster_apply_rule(
            roster=roster,
            rule=form.cleaned_data["rule"],
            drawn_letter=form.cleaned_data["drawn_letter"],
            expected_version=form.cleaned_data["version"],
            by=request.user,
        ),
    )
    if status == 200:
        messages.success(request, _("The roster was reordered."))
        return redirect("signing:roster")
    if status == 409:  # the order moved meanwhile: the roster as it is now, the refusal on top of it
        error = " ".join(form.non_field_errors())
        return _render_roster(
            request, selectors.roster_get(), rule_form=RuleForm(request.POST), error=error, status=409
        )
    return _render_roster(request, roster, rule_form=form, status=status)


def _entry(pk) -> SigningEntry:
    return get_object_or_404(
        SigningEntry.objects.select_related(
            "roster", "delegation", "signatory__full_powers__verified_by", "confirmed_by"
        ),
        pk=pk,
    )


def _render_entry(
    request,
    entry,
    *,
    signatory_form=None,
    move_form=None,
    status_form=None,
    signed_form=None,
    undo_form=None,
    status=200,
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
        "undo_form": undo_form or UndoSignatureForm(),
        "history": history_for(target=entry),
        "SigningStatus": SigningStatus,
    }
    return render(request, "agenda/signing/entry.html", context, status=status)


@organiser_required
@require_GET
def entry_detail(request, pk):
    return _render_entry(request, _entry(pk))


@organiser_required
@require_POST
def entry_signatory(request, pk):
    entry = _entry(pk)
    form = SignatoryForm(request.POST, delegation=entry.delegation)
    _result, status = form_submit(
        form,
        lambda: services.entry_set_signatory(
            entry=entry, signatory=form.cleaned_data["signatory"], by=request.user
        ),
    )
    if status == 200:
        return redirect("signing:entry", pk=entry.pk)
    return _render_entry(request, entry, signatory_form=form, status=status)


@organiser_required
@require_POST
def entry_move(request, pk):
    entry = _entry(pk)
    form = MoveForm(request.POST)
    _result, status = form_submit(
        form,
        lambda: services.roster_move_entry(
            entry=entry,
            position=form.cleaned_data["position"],
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
            by=request.user,
        ),
    )
    if status == 200:
        messages.success(request, _("%(party)s was moved.") % {"party": entry.delegation})
        return redirect("signing:roster")
    return _render_moved(request, pk, entry, form=form, status=status)


def _render_moved(request, pk, entry, *, form, status):
    """A refused move or release: the form again; the roster as it is now when it moved meanwhile (409)."""
    return _render_entry(request, _entry(pk) if status == 409 else entry, move_form=form, status=status)


@organiser_required
@require_POST
def entry_release(request, pk):
    entry = _entry(pk)
    form = MoveForm(request.POST)  # the same reason and version fields; the place comes from the rule
    form.fields["position"].required = False
    _result, status = form_submit(
        form,
        lambda: services.roster_release_entry(
            entry=entry,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
            by=request.user,
        ),
    )
    if status == 200:
        messages.success(
            request, _("%(party)s follows the rule's order again.") % {"party": entry.delegation}
        )
        return redirect("signing:roster")
    return _render_moved(request, pk, entry, form=form, status=status)


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
@require_http_methods(["GET", "POST"])
def entry_signed(request, pk):
    """GET: the confirmation step (the roster's "Mark signed" leads here); POST: record it (PRG)."""
    entry = _entry(pk)
    if request.method == "GET":
        return _render_entry(request, entry)
    form = SignedForm(request.POST)
    _result, status = form_submit(
        form,
        lambda: services.entry_mark_signed(
            entry=entry, signed_at=form.cleaned_data["signed_at"], by=request.user
        ),
    )
    if status == 200:
        messages.success(request, _("%(party)s has signed.") % {"party": entry.delegation})
        return redirect("signing:roster")
    return _render_entry(request, entry, signed_form=form, status=status)


@organiser_required
@require_POST
def entry_unsign(request, pk):
    """Undo a signature recorded by mistake; the reason is audited."""
    entry = _entry(pk)
    form = UndoSignatureForm(request.POST)
    _result, status = form_submit(
        form,
        lambda: services.entry_undo_signature(
            entry=entry, reason=form.cleaned_data["reason"], by=request.user
        ),
    )
    if status == 200:
        messages.success(
            request, _("The signature of %(party)s was withdrawn.") % {"party": entry.delegation}
        )
        return redirect("signing:entry", pk=entry.pk)
    return _render_entry(request, entry, undo_form=form, status=status)


@organiser_required
@require_POST
def entry_status(request, pk):
    entry = _entry(pk)
    form = StatusForm(request.POST)

    def mark():
        service = (
            services.entry_mark_did_not_sign
            if form.cleaned_data["status"] == SigningStatus.DID_NOT_SIGN
            else services.entry_defer_to_headquarters
        )
        return service(entry=entry, reason=form.cleaned_data["reason"], by=request.user)

    _result, status = form_submit(form, mark)
    if status == 200:
        return redirect("signing:roster")
    return _render_entry(request, entry, status_form=form, status=status)
