"""Organisers' pages: sessions, people, proposals, booths, publication."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hanoi_ceremony.accounts.roles import Role, role_required
from hanoi_ceremony.audit.selectors import history_for
from hanoi_ceremony.core.forms import form_submit

from .. import selectors, services
from ..enums import ProposalStatus
from ..forms import (
    AcceptForm,
    BoothAllocationForm,
    BoothReleaseForm,
    DeclineForm,
    ParticipantForm,
    PublishForm,
    SessionForm,
)
from ..models import Booth, Session, SessionParticipant
from ..permissions import proposals_visible_to


@role_required(Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def proposal_decide(request, pk: int):
    """Accept into a slot and room, ask for changes, or decline. Once decided the page shows the decision
    and no more forms; a second organiser deciding meanwhile is told so (409)."""
    proposal = get_object_or_404(
        proposals_visible_to(request.user).select_related("delegation", "session__room", "decided_by"), pk=pk
    )
    action = request.POST.get("action", "")
    accept = AcceptForm(request.POST if action == "accept" else None, prefix="accept")
    changes = DeclineForm(request.POST if action == "changes" else None, prefix="changes")
    decline = DeclineForm(request.POST if action == "decline" else None, prefix="decline")
    changes.fields["note"].label = _("What should the proposers change?")
    status = 200
    if request.method == "POST":
        if proposal.status != ProposalStatus.SUBMITTED:
            messages.error(request, _("This proposal has already been decided."))
            return redirect("agenda:proposal_decide", pk=proposal.pk)
        form = {"accept": accept, "changes": changes}.get(action, decline)

        def decide():
            data = form.cleaned_data
            if form is accept:
                return services.proposal_accept(
                    proposal=proposal,
                    by=request.user,
                    slot=data["slot"],
                    room=data["room"],
                    kind=data["kind"],
                    capacity=data["capacity"],
                    note=data["note"],
                )
            if form is changes:
                return services.proposal_request_changes(
                    proposal=proposal, by=request.user, note=data["note"]
                )
            return services.proposal_decline(proposal=proposal, by=request.user, note=data["note"])

        _result, status = form_submit(form, decide)
        if status == 200:
            messages.success(request, _("Decision recorded; the proposers were told."))
            return redirect("agenda:proposals")
    return render(
        request,
        "agenda/proposal_decide.html",
        {
            "proposal": proposal,
            "co_organisers": list(proposal.co_organisers.all()),
            "open": proposal.status == ProposalStatus.SUBMITTED,
            "accept": accept,
            "changes": changes,
            "decline": decline,
            "history": history_for(target=proposal),
        },
        status=status,
    )


@role_required(Role.ORGANISER)
@require_GET
def manage(request):
    return render(
        request,
        "agenda/manage.html",
        {
            "sessions": selectors.manage_sessions(),
            "clashes": selectors.person_clashes(),
            "publish_form": PublishForm(),
            "version": selectors.latest_version(),
            "preview": services.programme_preview(),
        },
    )


@role_required(Role.ORGANISER)
@require_POST
def publish(request):
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note is too long."))
        return redirect("agenda:manage")
    try:
        version = services.programme_publish(by=request.user, note=form.cleaned_data["note"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("agenda:manage")
    messages.success(request, _("Programme version %(number)s published.") % {"number": version.number})
    return redirect("agenda:manage")


@role_required(Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def session_edit(request, pk: int | None = None):
    instance = get_object_or_404(Session, pk=pk) if pk else None
    form = SessionForm(request.POST or None, instance=instance, by=request.user)
    title = _("Edit session") if instance else _("New session")
    if request.method == "POST":
        _session, status = form_submit(form, form.save)
        if status == 200:
            messages.success(request, _("Session saved."))
            for warning in form.warnings:
                messages.warning(request, warning)
            return redirect("agenda:manage")
        # This page answers 400 for every refusal, a room already booked included (form_submit says 409).
        return render(request, "agenda/form_page.html", {"form": form, "title": title}, status=400)
    return render(request, "agenda/form_page.html", {"form": form, "title": title})


@role_required(Role.ORGANISER)
@require_POST
def session_cancel(request, pk: int):
    session = get_object_or_404(Session, pk=pk)
    try:
        services.session_cancel(session=session, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Session cancelled. Publish the programme to tell the people affected."))
    return redirect("agenda:manage")


@role_required(Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def session_people(request, pk: int):
    session = get_object_or_404(Session, pk=pk)
    form = ParticipantForm(request.POST or None)
    status = 200
    if request.method == "POST":

        def add():
            data = form.cleaned_data
            return services.session_participant_add(
                session=session,
                by=request.user,
                role=data["role"],
                member=data["member"],
                name=data["name"].strip(),
                affiliation=data["affiliation"],
                email=data["email"],
            )

        result, status = form_submit(form, add)
        if status == 200:
            messages.success(request, _("Added."))
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect("agenda:session_people", pk=pk)
    people = (
        SessionParticipant.objects.filter(session=session)
        .select_related("member__delegation")
        .order_by("role", "order", "pk")
    )
    history = history_for(target=session, limit=50)
    return render(
        request,
        "agenda/session_people.html",
        {"session": session, "people": people, "form": form, "history": history},
        status=status,
    )


@role_required(Role.ORGANISER)
@require_POST
def session_people_remove(request, pk: int, participant_pk: int):
    participant = get_object_or_404(SessionParticipant, pk=participant_pk, session_id=pk)
    services.session_participant_remove(participant=participant, by=request.user)
    messages.success(request, _("Removed."))
    return redirect("agenda:session_people", pk=pk)


@role_required(Role.ORGANISER)
@require_GET
def booths(request):
    return render(request, "agenda/booths.html", {"booths": selectors.booths_list()})


@role_required(Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def booth_allocate(request, pk: int):
    booth = get_object_or_404(Booth.objects.select_related("allocation"), pk=pk)
    if request.method == "GET" and hasattr(booth, "allocation"):
        messages.error(
            request,
            _("Booth %(code)s is already allocated to %(exhibitor)s: release it first.")
            % {"code": booth.code, "exhibitor": booth.allocation.exhibitor_name},
        )
        return redirect("agenda:booths")
    form = BoothAllocationForm(request.POST or None)
    title = _("Allocate booth %(code)s") % {"code": booth.code}
    if request.method == "POST":
        # Taken by someone else meanwhile: 409; bad input: 400.
        _allocation, status = form_submit(
            form, lambda: services.booth_allocate(booth=booth, by=request.user, **form.cleaned_data)
        )
        if status == 200:
            messages.success(request, _("Booth allocated."))
            return redirect("agenda:booths")
        return render(request, "agenda/form_page.html", {"form": form, "title": title}, status=status)
    return render(request, "agenda/form_page.html", {"form": form, "title": title})


@role_required(Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def booth_release(request, pk: int):
    """Confirm, with a reason, before a booth is taken from its exhibitor."""
    booth = get_object_or_404(Booth.objects.select_related("allocation"), pk=pk)
    if not hasattr(booth, "allocation"):
        messages.error(request, _("This booth is not allocated."))
        return redirect("agenda:booths")
    form = BoothReleaseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        _done, status = form_submit(
            form,
            lambda: services.booth_release(booth=booth, by=request.user, reason=form.cleaned_data["reason"]),
        )
        if status == 200:
            messages.success(request, _("Booth released."))
            return redirect("agenda:booths")
    return render(
        request,
        "agenda/booth_release.html",
        {"form": form, "booth": booth, "allocation": booth.allocation},
        status=status,
    )
