"""Public programme pages and calendar feeds. Public pages render through the page cache."""

from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
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
# Stands in for the CSRF token inside a cached page; each response gets the visitor's own token.
CSRF_PLACEHOLDER = "agenda-csrf-placeholder-3f9c1b7e"


def _render_html(request, template: str, context: dict) -> HttpResponse:
    """Render a public page. For the shared cache (anonymous visitors) the page must hold nothing personal:
    no flash messages (left for the next uncached page) and a placeholder instead of the CSRF token."""
    if not request.user.is_authenticated:
        context = {**context, "csrf_token": CSRF_PLACEHOLDER, "messages": ()}
    return render(request, template, context)


def _public(request, *, key: str, render_page) -> HttpResponse:
    """Anonymous visitors get the page from the version-keyed cache (with their own CSRF token put in);
    signed-in people get it rendered for them, with their navigation — a shared page must not carry a
    name, a notification count or someone's token."""
    if request.user.is_authenticated:
        return render_page()
    response = cached_response(request, namespace=NAMESPACE, key=key, render=render_page)
    placeholder = CSRF_PLACEHOLDER.encode()
    if response.status_code == 200 and placeholder in response.content:
        response.content = response.content.replace(placeholder, get_token(request).encode())
    return response


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
        return _render_html(request, "agenda/programme.html", context)

    return _public(request, key=f"programme:{flt.key}:{by_room}", render_page=render_page)


@require_GET
def session_detail(request, pk: int):
    def render_page():
        session = selectors.session_public_get(pk)
        if session is None:
            raise Http404
        return _render_html(request, "agenda/session_detail.html", {"session": session})

    return _public(request, key=f"session:{pk}", render_page=render_page)


@require_GET
def exhibitors(request):
    def render_page():
        return _render_html(request, "agenda/exhibitors.html", {"allocations": selectors.exhibitors_list()})

    return _public(request, key="exhibitors", render_page=render_page)


@require_GET
def changelog(request):
    def render_page():
        return _render_html(request, "agenda/changelog.html", {"entries": selectors.changelog_list()})

    return _public(request, key="changelog", render_page=render_page)


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

    return cached_response(
        request, namespace=NAMESPACE, key="ics:all", render=render_feed
    )  # nothing personal


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
