"""Programme pages. Public pages render through the page cache; signed-in pages are never cached."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from delegations.models import Delegation
from delegations.permissions import liaison_delegation_id
from hanoi_ceremony.accounts.roles import Role, is_organiser, role_required
from hanoi_ceremony.audit.selectors import audit_history
from hanoi_ceremony.core.pagecache import cached_response
from hanoi_ceremony.core.selectors import ceremony_get

from . import selectors, services
from .enums import ParticipantRole, ProposalStatus, RegistrationStatus, SessionKind
from .forms import (
    AcceptForm,
    BoothAllocationForm,
    DeclineForm,
    ParticipantForm,
    ProposalForm,
    PublishForm,
    RegisterForm,
    SessionForm,
    _apply_errors,
)
from .ical import calendar_build
from .models import Booth, CalendarFeed, Session, SessionParticipant
from .permissions import members_registrable_by, proposals_visible_to, registration_get_for
from .selectors import member_name

NAMESPACE = services.NAMESPACE
ICS_TYPE = "text/calendar; charset=utf-8"


def _days() -> list:
    ceremony = ceremony_get()
    return ceremony.days if ceremony else []


# --- Public, cached ----------------------------------------------------------------------------------


@require_GET
def programme(request):
    days = _days()
    flt = selectors.programme_filter_parse(request.GET, days=days)
    by_room = request.GET.get("view") == "room"

    def render_page():
        sessions = selectors.programme_sessions(flt=flt)
        rooms = selectors.programme_rooms()
        context = {
            "sessions": sessions,
            "rooms": rooms,
            "days": days,
            "flt": flt,
            "by_room": by_room,
            "kinds": SessionKind.choices,
            "version": selectors.latest_version(),
        }
        if by_room:
            grouped: dict = {}
            for session in sessions:
                grouped.setdefault(session.room, []).append(session)
            context["by_room_groups"] = [
                (room, grouped[room]) for room in sorted(grouped, key=lambda r: (r is None, str(r)))
            ]
        return render(request, "agenda/programme.html", context)

    return cached_response(
        request, namespace=NAMESPACE, key=f"programme:{flt.key}:{by_room}", render=render_page
    )


@require_GET
def session_detail(request, pk: int):
    def render_page():
        session = selectors.session_public_get(pk)
        if session is None:
            raise Http404
        return render(request, "agenda/session_detail.html", {"session": session})

    return cached_response(request, namespace=NAMESPACE, key=f"session:{pk}", render=render_page)


@require_GET
def exhibitors(request):
    def render_page():
        return render(request, "agenda/exhibitors.html", {"allocations": selectors.exhibitors_list()})

    return cached_response(request, namespace=NAMESPACE, key="exhibitors", render=render_page)


@require_GET
def changelog(request):
    def render_page():
        return render(request, "agenda/changelog.html", {"entries": selectors.changelog_list()})

    return cached_response(request, namespace=NAMESPACE, key="changelog", render=render_page)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=ICS_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def programme_ics(request):
    def render_feed():
        sessions = selectors.programme_sessions()
        return _ics_response(
            calendar_build(sessions, name=_("Hanoi Convention programme")), "hanoi-convention.ics"
        )

    return cached_response(request, namespace=NAMESPACE, key="ics:all", render=render_feed)


@require_GET
def session_ics(request, pk: int):
    def render_feed():
        session = selectors.session_public_get(pk)
        if session is None:
            raise Http404
        return _ics_response(calendar_build([session], name=session.title), f"session-{pk}.ics")

    return cached_response(request, namespace=NAMESPACE, key=f"ics:{pk}", render=render_feed)


@require_GET
def personal_ics(request, token: str):
    """A subscription address: the token is the credential (no sign-in for calendar apps)."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404
    mine = selectors.my_programme(delegation_id=liaison_delegation_id(feed.user))
    sessions = [s for s in mine.sessions if s.status != "draft"]
    return _ics_response(calendar_build(sessions, name=_("My programme")), "my-programme.ics")


# --- Signed in ---------------------------------------------------------------------------------------


@role_required(Role.LIAISON)
@require_GET
def my_programme(request):
    """A delegation's sessions with what its people do there. Rows are prepared here (times, links, lines)
    so the template stays cheap for a delegation with a hundred sessions."""
    delegation_id = liaison_delegation_id(request.user)
    mine = selectors.my_programme(delegation_id=delegation_id)
    feed = services.calendar_feed_get_or_create(user=request.user)
    lines: dict[int, list[str]] = {}
    organiser_label = _("Organiser")
    for pk in mine.organised_ids:
        lines.setdefault(pk, []).append(organiser_label)
    roles = dict(ParticipantRole.choices)
    statuses = dict(RegistrationStatus.choices)
    for session_id, given, family, role in mine.speaking:
        lines.setdefault(session_id, []).append(f"{roles[role]}: {member_name(given, family)}")
    for session_id, given, family, status in mine.registrations:
        lines.setdefault(session_id, []).append(f"{member_name(given, family)} — {statuses[status]}")
    rows = []
    day_labels: dict = {}
    prefix = reverse("agenda:programme") + "sessions/"  # one reverse() instead of three per row
    for s in mine.sessions:
        start, end = s.local_starts, s.local_ends
        day = start.date()
        if day not in day_labels:
            day_labels[day] = date_format(day, "D j M")
        url = f"{prefix}{s.pk}/"
        rows.append(
            {
                "pk": s.pk,
                "when": f"{day_labels[day]} {start:%H:%M}–{end:%H:%M}",
                "title": s.title,
                "url": url,
                "ics": f"{prefix}{s.pk}.ics",
                "register": f"{url}register/",
                "room": s.room.name if s.room_id else "—",
                "cancelled": s.status == "cancelled",
                "lines": lines.get(s.pk, []),
                "registrable": s.capacity is not None,
            }
        )
    feed_url = request.build_absolute_uri(feed.get_absolute_url())
    return render(
        request,
        "agenda/my_programme.html",
        {"rows": rows, "feed_url": feed_url, "has_delegation": bool(delegation_id)},
    )


@role_required(Role.LIAISON)
@require_POST
def feed_rotate(request):
    services.calendar_feed_rotate(user=request.user)
    messages.success(request, _("Your calendar address was changed. Subscribe again with the new address."))
    return redirect("agenda:mine")


@role_required(Role.LIAISON)
@require_http_methods(["GET", "POST"])
def session_register(request, pk: int):
    session = selectors.session_public_get(pk)
    if session is None or not session.takes_registrations:
        raise Http404
    members = selectors.member_choices(members_registrable_by(request.user))
    form = RegisterForm(request.POST or None, members=members)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                reg = services.session_register(
                    session=session, member=form.cleaned_data["member"], by=request.user
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
                status = 409
            else:
                if reg.is_waitlisted:
                    messages.warning(
                        request, _("%(person)s is on the waiting list.") % {"person": reg.member}
                    )
                else:
                    messages.success(request, _("%(person)s is registered.") % {"person": reg.member})
                return redirect("agenda:register", pk=pk)
        else:
            status = 400
    registrations = selectors.session_registrations_for(
        session=session,
        delegation_id=liaison_delegation_id(request.user),
        all_delegations=is_organiser(request.user),
    )
    return render(
        request,
        "agenda/register.html",
        {"session": session, "form": form, "registrations": registrations},
        status=status,
    )


@role_required(Role.LIAISON)
@require_POST
def registration_withdraw(request, pk: int):
    registration = registration_get_for(request.user, pk)
    try:
        promoted = services.session_unregister(registration=registration, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(person)s was withdrawn.") % {"person": registration.member})
        if promoted is not None:
            messages.info(
                request, _("%(person)s moved up from the waiting list.") % {"person": promoted.member}
            )
    return redirect(request.POST.get("next") or reverse("agenda:register", args=[registration.session_id]))


@role_required(Role.LIAISON)
@require_GET
def proposals(request):
    rows = selectors.proposals_list(proposals_visible_to(request.user))
    return render(
        request,
        "agenda/proposals.html",
        {
            "proposals": rows,
            "can_propose": bool(liaison_delegation_id(request.user)),
            "can_decide": is_organiser(request.user),
        },
    )


@role_required(Role.LIAISON)
@require_http_methods(["GET", "POST"])
def proposal_new(request):
    delegation_id = liaison_delegation_id(request.user)
    if not delegation_id:
        raise PermissionDenied
    form = ProposalForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.proposal_submit(
                    delegation=Delegation.objects.get(pk=delegation_id),
                    by=request.user,
                    title=data["title"],
                    description=data["description"],
                    co_organisers=list(data["co_organisers"]),
                    other_co_organisers=data["other_co_organisers"],
                    speakers=data["speakers"],
                    logistics_needs=data["logistics_needs"],
                    expected_attendance=data["expected_attendance"],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Your proposal was sent to the organisers."))
                return redirect("agenda:proposals")
        return render(
            request, "agenda/form_page.html", {"form": form, "title": _("Propose a side event")}, status=400
        )
    return render(request, "agenda/form_page.html", {"form": form, "title": _("Propose a side event")})


@role_required(Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def proposal_decide(request, pk: int):
    proposal = get_object_or_404(proposals_visible_to(request.user).select_related("delegation"), pk=pk)
    accept = AcceptForm(request.POST if request.POST.get("action") == "accept" else None, prefix="accept")
    decline = DeclineForm(request.POST if request.POST.get("action") == "decline" else None, prefix="decline")
    status = 200
    if request.method == "POST":
        if proposal.status != ProposalStatus.SUBMITTED:
            messages.error(request, _("This proposal has already been decided."))
            return redirect("agenda:proposals")
        form = accept if request.POST.get("action") == "accept" else decline
        if form.is_valid():
            data = form.cleaned_data
            try:
                if form is accept:
                    services.proposal_accept(
                        proposal=proposal,
                        by=request.user,
                        slot=data["slot"],
                        room=data["room"],
                        kind=data["kind"],
                        capacity=data["capacity"],
                        note=data["note"],
                    )
                else:
                    services.proposal_decline(proposal=proposal, by=request.user, note=data["note"])
            except ValidationError as exc:
                _apply_errors(form, exc)
                status = 409
            else:
                messages.success(request, _("Decision recorded; the proposers were told."))
                return redirect("agenda:proposals")
        else:
            status = 400
    return render(
        request,
        "agenda/proposal_decide.html",
        {"proposal": proposal, "accept": accept, "decline": decline},
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
        },
    )


@role_required(Role.ORGANISER)
@require_POST
def publish(request):
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note is too long."))
        return redirect("agenda:manage")
    version = services.programme_publish(by=request.user, note=form.cleaned_data["note"])
    messages.success(request, _("Programme version %(number)s published.") % {"number": version.number})
    return redirect("agenda:manage")


@role_required(Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def session_edit(request, pk: int | None = None):
    instance = get_object_or_404(Session, pk=pk) if pk else None
    form = SessionForm(request.POST or None, instance=instance, by=request.user)
    title = _("Edit session") if instance else _("New session")
    if request.method == "POST":
        if form.is_valid():
            session = form.save()
            if session is not None:
                messages.success(request, _("Session saved."))
                for warning in form.warnings:
                    messages.warning(request, warning)
                return redirect("agenda:manage")
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
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = services.session_participant_add(
                    session=session,
                    by=request.user,
                    role=data["role"],
                    member=data["member"],
                    name=data["name"].strip(),
                    affiliation=data["affiliation"],
                    email=data["email"],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
                status = 409
            else:
                messages.success(request, _("Added."))
                for warning in result.warnings:
                    messages.warning(request, warning)
                return redirect("agenda:session_people", pk=pk)
        else:
            status = 400
    people = (
        SessionParticipant.objects.filter(session=session)
        .select_related("member__delegation")
        .order_by("role", "order", "pk")
    )
    history = list(audit_history(target=session)[:50])
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
    booth = get_object_or_404(Booth, pk=pk)
    form = BoothAllocationForm(request.POST or None)
    title = _("Allocate booth %(code)s") % {"code": booth.code}
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.booth_allocate(booth=booth, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
                # taken by someone else meanwhile: a conflict; anything else: bad input
                status = 409 if "booth" in getattr(exc, "error_dict", {}) else 400
            else:
                messages.success(request, _("Booth allocated."))
                return redirect("agenda:booths")
        return render(request, "agenda/form_page.html", {"form": form, "title": title}, status=status)
    return render(request, "agenda/form_page.html", {"form": form, "title": title})


@role_required(Role.ORGANISER)
@require_POST
def booth_release(request, pk: int):
    booth = get_object_or_404(Booth, pk=pk)
    try:
        services.booth_release(booth=booth, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Booth released."))
    return redirect("agenda:booths")
