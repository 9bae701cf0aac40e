"""A liaison's pages: my programme (its table cached per delegation), registrations, side-event proposals."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from delegations.models import Delegation
from delegations.permissions import liaison_delegation_id
from hanoi_ceremony.accounts.roles import Role, is_organiser, role_required
from hanoi_ceremony.core.forms import form_submit
from hanoi_ceremony.core.pagecache import cached_fragment
from hanoi_ceremony.core.redirects import safe_next

from .. import selectors, services
from ..bilaterals.selectors import scheduled_for
from ..enums import ParticipantRole, RegistrationStatus
from ..forms import ProposalForm, RegisterForm
from ..permissions import members_registrable_by, proposals_visible_to, registration_get_for
from ..selectors import member_name

# What "My programme" shows comes from the programme (sessions, registrations, speakers, organisers) and
# from the delegations (members' names): a change through either area's services shows on the next request.
MY_PROGRAMME_NAMESPACES = (services.NAMESPACE, "delegations")


def _my_programme_rows(delegation_id: int | None) -> list[dict]:
    """A delegation's sessions as ready-made rows (times, links, lines), so the template stays cheap for a
    delegation with a hundred sessions."""
    mine = selectors.my_programme(delegation_id=delegation_id)
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
            day_labels[day] = date_format(day, "D j M Y")
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
    return rows


@role_required(Role.LIAISON)
@require_GET
def my_programme(request):
    """A delegation's sessions with what its people do there. The table is the same for every liaison of
    the delegation: it is cached per delegation under the programme's and the delegations' versions; the
    personal calendar address (per user, rotatable) stays outside the cached part."""
    delegation_id = liaison_delegation_id(request.user)
    body = cached_fragment(
        request,
        namespaces=MY_PROGRAMME_NAMESPACES,
        key=f"mine:{delegation_id or 0}",
        template="agenda/_my_programme_table.html",
        context=lambda: {
            "rows": _my_programme_rows(delegation_id),
            # Bilateral changes bump the programme's version too (agenda.bilaterals.apps).
            "meetings": scheduled_for(delegation_id=delegation_id),
            "delegation_id": delegation_id,
        },
    )
    feed = services.calendar_feed_get_or_create(user=request.user)
    feed_url = request.build_absolute_uri(feed.get_absolute_url())
    return render(
        request,
        "agenda/my_programme.html",
        {"body": body, "feed_url": feed_url, "has_delegation": bool(delegation_id)},
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
        reg, status = form_submit(
            form,
            lambda: services.session_register(
                session=session, member=form.cleaned_data["member"], by=request.user
            ),
        )
        if status == 200:
            if reg.is_waitlisted:
                messages.warning(request, _("%(person)s is on the waiting list.") % {"person": reg.member})
            else:
                messages.success(request, _("%(person)s is registered.") % {"person": reg.member})
            return redirect("agenda:register", pk=pk)
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
    return redirect(safe_next(request, reverse("agenda:register", args=[registration.session_id])))


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
    form = ProposalForm(request.POST or None, own_delegation_id=delegation_id)
    if request.method == "POST":

        def submit():
            return services.proposal_submit(
                delegation=Delegation.objects.get(pk=delegation_id), by=request.user, **form.proposal_values()
            )

        _proposal, status = form_submit(form, submit)
        if status == 200:
            messages.success(request, _("Your proposal was sent to the organisers."))
            return redirect("agenda:proposals")
        return render(
            request,
            "agenda/form_page.html",
            {"form": form, "title": _("Propose a side event")},
            status=status,
        )
    return render(request, "agenda/form_page.html", {"form": form, "title": _("Propose a side event")})


@role_required(Role.LIAISON, Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def proposal(request, pk: int):
    """A proposal as its delegations see it: status, the organisers' note, the slot and room once accepted
    (the session's own page opens when the programme is published). The proposing delegation's liaison
    changes and resubmits it here when the organisers ask for changes; co-organisers read it."""
    from django.shortcuts import get_object_or_404

    from hanoi_ceremony.audit.selectors import history_for

    from ..enums import ProposalStatus, SessionStatus

    item = get_object_or_404(
        proposals_visible_to(request.user).select_related("delegation", "session__room"), pk=pk
    )
    own = liaison_delegation_id(request.user) == item.delegation_id
    form = None
    status = 200
    if own and item.status == ProposalStatus.CHANGES_REQUESTED:
        form = ProposalForm(
            request.POST or None,
            instance=item if request.method == "GET" else None,
            own_delegation_id=item.delegation_id,
        )
        if request.method == "GET":
            form.initial["co_organisers"] = list(item.co_organisers.values_list("pk", flat=True))
        if request.method == "POST":

            def resubmit():
                return services.proposal_resubmit(proposal=item, by=request.user, **form.proposal_values())

            _done, status = form_submit(form, resubmit)
            if status == 200:
                messages.success(request, _("Your changed proposal was sent to the organisers."))
                return redirect("agenda:proposal", pk=item.pk)
    elif request.method == "POST":
        messages.error(request, _("The organisers are not waiting for changes to this proposal."))
        return redirect("agenda:proposal", pk=item.pk)
    session = item.session
    return render(
        request,
        "agenda/proposal.html",
        {
            "proposal": item,
            "co_organisers": list(item.co_organisers.all()),
            "own": own,
            "form": form,
            "session": session,
            "published": bool(session and session.status == SessionStatus.PUBLISHED),
            "history": history_for(target=item),
        },
        status=status,
    )
