"""Public programme pages and calendar feeds. Public pages render through the page cache."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from delegations.permissions import liaison_delegation_id
from hanoi_ceremony.core.pagecache import cached_response
from hanoi_ceremony.core.selectors import ceremony_get

from .. import selectors, services
from ..enums import SessionKind
from ..ical import calendar_build
from ..models import CalendarFeed

NAMESPACE = services.NAMESPACE
ICS_TYPE = "text/calendar; charset=utf-8"


def _days() -> list:
    ceremony = ceremony_get()
    return ceremony.days if ceremony else []


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
