"""Protocol pages: levels of participation (table, chart, CSV), the list of participants (page and PDF,
published versions) and confirmation letters."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from delegations.enums import DelegationStatus, ListVisibility
from delegations.models import Delegation
from delegations.permissions import delegation_for
from hanoi_ceremony.accounts.roles import Role, role_required, roles_of
from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.core.dates import parse_query_date
from hanoi_ceremony.core.exports import Column, export_response
from hanoi_ceremony.core.pagecache import cached_fragment
from hanoi_ceremony.core.selectors import ceremony_get

from . import selectors, services
from .models import ParticipantsListVersion
from .pdf import letter_pdf, participants_pdf

organiser_required = role_required(Role.ORGANISER)


def _as_of(request):
    today = timezone.localdate()
    return parse_query_date(request.GET.get("as_of"), default=today)


@organiser_required
@require_GET
def levels(request):
    try:
        as_of = _as_of(request)
    except ValidationError as exc:
        return render(request, "protocol/levels.html", {"error": " ".join(exc.messages)}, status=400)

    def context():
        report = selectors.levels_as_of(as_of)
        chart = {
            "labels": [r["label"] for r in report.rows if r["rank"]],
            "values": [r["total"] for r in report.rows if r["rank"]],
            "label": _("Delegations"),
        }
        return {"report": report, "chart": chart}

    # Every write to a delegation's status or members bumps the "delegations" area (and writes the audit
    # entries the report reads), so the rendered table is reused until one of them happens.
    body = cached_fragment(
        request,
        namespaces=("delegations",),
        key=f"levels:{as_of.isoformat()}",
        template="protocol/_levels_body.html",
        context=context,
    )
    return render(request, "protocol/levels.html", {"body": body, "as_of": as_of})


@organiser_required
@require_GET
def levels_csv(request):
    try:
        as_of = _as_of(request)
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=400, content_type="text/plain; charset=utf-8")
    report = selectors.levels_as_of(as_of)
    columns = [Column(_("Level of participation"), "label")]
    for i, (_code, label) in enumerate(report.types):
        columns.append(Column(label, lambda r, i=i: r["counts"][i]))
    columns.append(Column(_("Total"), "total"))
    total_row = {"label": _("Total"), "counts": report.totals, "total": report.total}
    return export_response(
        request,
        fmt="csv",
        filename=f"levels-of-participation-{as_of.isoformat()}",
        columns=columns,
        rows=[*report.rows, total_row],
    )


def _audience(user) -> str:
    """Registered participants (liaisons and the organising roles) read the participants' edition."""
    return ListVisibility.PARTICIPANTS if roles_of(user) else ListVisibility.PUBLIC


def _version(request) -> ParticipantsListVersion:
    raw = request.GET.get("version", "")
    qs = ParticipantsListVersion.objects.select_related("published_by")
    version = qs.filter(number=int(raw)).first() if raw.isdigit() else qs.order_by("-number").first()
    if version is None:
        raise Http404
    return version


@require_GET
def participants(request):
    """The published list (latest, or ?version=N), as the visitor's audience may read it."""
    if "version" not in request.GET and not ParticipantsListVersion.objects.exists():
        return render(request, "protocol/participants.html", {"version": None})
    version = _version(request)
    audience = _audience(request.user)
    groups = selectors.edition(version.snapshot, audience=audience)
    return render(
        request,
        "protocol/participants.html",
        {"version": version, "groups": groups, "audience": audience, "versions": selectors.list_versions()},
    )


@require_GET
def participants_pdf_view(request):
    version = _version(request)
    audience = _audience(request.user)
    groups = selectors.edition(version.snapshot, audience=audience)
    ceremony = ceremony_get()
    title = _("List of participants")
    subtitle = _("%(ceremony)s — version %(n)s, published %(when)s") % {
        "ceremony": ceremony.short_name if ceremony else "",
        "n": version.number,
        "when": formats.date_format(timezone.localtime(version.published_at), "DATETIME_FORMAT"),
    }
    pdf = participants_pdf(
        title=title,
        subtitle=subtitle,
        groups=[
            {
                "delegation": g["delegation"],
                "members": [(m["title"], m["name"], m["capacity"]) for m in g["members"]],
            }
            for g in groups
        ],
        footer=_("Only people who agreed to appear on this list are named."),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="list-of-participants-v{version.number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@organiser_required
def participants_manage(request):
    if request.method == "POST":
        version = services.participants_list_publish(by=request.user, note=request.POST.get("note", ""))
        messages.success(
            request, _("Version %(n)s of the list of participants is published.") % {"n": version.number}
        )
        return redirect("protocol:participants_manage")
    draft = selectors.participants_snapshot()
    return render(
        request,
        "protocol/participants_manage.html",
        {
            "draft": selectors.edition(draft, audience=ListVisibility.PARTICIPANTS),
            "versions": selectors.list_versions(),
            "hidden": sum(
                len(g["members"])
                - len(selectors.visible_on_list(g["members"], audience=ListVisibility.PUBLIC))
                for g in draft
            ),
        },
    )


@role_required(Role.LIAISON)
@require_GET
def letter(request, pk: int):
    """A confirmed delegation's confirmation letter (its liaison or an organiser; anyone else: 404)."""
    delegation = delegation_for(request.user, pk)
    if delegation.status != DelegationStatus.CONFIRMED:
        raise Http404
    ceremony = ceremony_get()
    members = selectors.letter_members(delegation)
    letterhead = [
        ceremony.name if ceremony else "",
        ceremony.short_name if ceremony else "",
        f"{ceremony.venue}, {ceremony.city}" if ceremony else "",
    ]
    when = ""
    if ceremony:
        when = _("%(first)s to %(last)s") % {
            "first": formats.date_format(ceremony.first_day, "j F Y"),
            "last": formats.date_format(ceremony.last_day, "j F Y"),
        }
    pdf = letter_pdf(
        letterhead=[line for line in letterhead if line] + ([when] if when else []),
        date_line=formats.date_format(timezone.localdate(), "j F Y"),
        addressee=_("To the delegation of %(name)s") % {"name": delegation.display_name},
        paragraphs=[
            _(
                "The organisers confirm that the delegation of %(name)s is registered for the opening for "
                "signature of the %(ceremony)s in %(city)s, %(when)s. The members listed below are confirmed "
                "participants. This letter may be shown to consular and travel authorities."
            )
            % {
                "name": delegation.display_name,
                "ceremony": ceremony.short_name if ceremony else "",
                "city": ceremony.city if ceremony else "",
                "when": when,
            },
            _("The accredited members of the delegation are:")
            if members
            else _(
                "No member of the delegation is accredited yet: a new letter naming them can be downloaded "
                "once the host's security service has approved their accreditation."
            ),
        ],
        members=[(m.title, str(m), m.get_capacity_display()) for m in members],
        closing=[_("The Secretariat of the ceremony")],
    )
    audit_record(actor=request.user, action="delegation.letter_downloaded", target=delegation)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="confirmation-letter-{delegation.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@role_required(Role.LIAISON)
@require_GET
def my_letter(request):
    from delegations.permissions import liaison_delegation_id

    delegation_id = liaison_delegation_id(request.user)
    if not delegation_id:
        raise Http404
    if not Delegation.objects.filter(pk=delegation_id, status=DelegationStatus.CONFIRMED).exists():
        messages.info(request, _("The confirmation letter is ready once the registration is confirmed."))
        return redirect("delegations:detail", pk=delegation_id)
    return redirect("protocol:letter", pk=delegation_id)
