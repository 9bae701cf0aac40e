"""Public programme pages and calendar feeds. Public pages render through the page cache."""

from html import escape

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from delegations.permissions import liaison_delegation_id
from hanoi_ceremony.core.dates import parse_query_date
from hanoi_ceremony.core.pagecache import cached_fragment, cached_response, current_version
from hanoi_ceremony.core.paging import page_number
from hanoi_ceremony.core.selectors import ceremony_get

from .. import selectors, services
from ..enums import SessionKind
from ..ical import calendar_build
from ..models import CalendarFeed

NAMESPACE = services.NAMESPACE
# The programme names its speakers (delegation members, with their delegation): a rename through the
# delegations' services (which bump "delegations") must show too.
PEOPLE_NAMESPACE = "delegations"
ICS_TYPE = "text/calendar; charset=utf-8"
# Stands in for the CSRF token inside a cached page; each response gets the visitor's own token.
CSRF_PLACEHOLDER = "agenda-csrf-placeholder-3f9c1b7e"


def _render_html(request, template: str, context: dict) -> HttpResponse:
    """Render a public page. For the shared cache (anonymous visitors) the page must hold nothing personal:
    no flash messages (left for the next uncached page) and a placeholder instead of the CSRF token."""
    if not request.user.is_authenticated:
        context = {**context, "csrf_token": CSRF_PLACEHOLDER, "messages": ()}
    return render(request, template, context)


def _public(request, *, key: str, render_page, also: tuple[str, ...] = ()) -> HttpResponse:
    """Anonymous visitors get the page from the version-keyed cache (with their own CSRF token put in);
    signed-in people get it rendered for them, with their navigation — a shared page must not carry a
    name, a notification count or someone's token."""
    if request.user.is_authenticated:
        return render_page()
    # The page cache follows one area's version; the other areas the page shows go into the key.
    key = ":".join([key, *(f"{ns}={current_version(ns)}" for ns in also)])
    response = cached_response(request, namespace=NAMESPACE, key=key, render=render_page)
    placeholder = CSRF_PLACEHOLDER.encode()
    if response.status_code == 200 and placeholder in response.content:
        response.content = response.content.replace(placeholder, get_token(request).encode())
    return response


def _days() -> list:
    ceremony = ceremony_get()
    return ceremony.days if ceremony else []


ROW_HTML = (
    '<tr class="agenda-session{css}" data-testid="session-{pk}"><td class="text-nowrap">{time}</td>'
    '<td><a href="{url}">{title}</a>{badge}{people}</td>'
    '<td><span class="badge text-bg-light border">{kind}</span></td><td>{room}</td>'
    '<td class="text-nowrap">{seats}</td></tr>'
)


def _rows_html(rows: list) -> None:
    """Give each programme row its table row, escaped here once: a thousand rows through template
    variables (or format_html's lazy wrappers) made the programme's first render after every change cost
    most of its time. Every value from the database goes through html.escape (the same as Django's)."""
    cancelled = f' <span class="badge bg-danger">{escape(_("Cancelled"))}</span>'
    struck = " text-decoration-line-through text-body-secondary"
    for row in rows:
        people = f'<div class="small text-body-secondary">{escape(row.people)}</div>' if row.people else ""
        row.html = mark_safe(  # noqa: S308 — built above from escaped values only
            ROW_HTML.format(
                css=struck if row.cancelled else "",
                pk=int(row.pk),
                time=escape(row.time),
                url=escape(row.url),
                title=escape(row.title),
                badge=cancelled if row.cancelled else "",
                people=people,
                kind=escape(row.kind),
                room=escape(row.room or "—"),
                seats=escape(row.seats),
            )
        )


PROGRAMME_PAGE_ROWS = 500


def _room_options(rooms, selected: int | None) -> str:
    """The room filter's <option>s, escaped here once: a summit has a thousand rooms, and a template loop
    over them was the largest part of the programme's first render after every change."""
    return mark_safe(  # noqa: S308 — built from escaped values only
        "".join(
            f'<option value="{int(room.pk)}"{" selected" if room.pk == selected else ""}>{escape(room.name)}</option>'
            for room in rooms
        )
    )


@require_GET
def programme(request):
    """The programme is the same for everyone: anonymous visitors get the whole page from the page cache,
    signed-in people (whose navigation is personal) get its body from the fragment cache. Both are keyed by
    the filters and invalidated by every programme service (namespace "programme")."""
    # The ceremony's days are needed to check a ?day= value and, on a miss, for the day menu: a warm page
    # without a day filter costs no read at all.
    days = _days() if request.GET.get("day") else None
    flt = selectors.programme_filter_parse(request.GET, days=days or [])
    by_room = request.GET.get("view") == "room"
    page = page_number(request.GET.get("page"))
    key = f"programme:{flt.key}:{by_room}" + (f":page={page}" if page > 1 else "")

    def body_context() -> dict:
        nonlocal days
        if days is None:
            days = _days()
        # A summit's programme (thousands of sessions) comes in pages: a page that stays the same size keeps
        # the cached copy small and the first render after a change quick. One page at the ceremony's size.
        count = selectors.programme_count(flt=flt)
        page_count = max(1, -(-count // PROGRAMME_PAGE_ROWS))
        number = min(page, page_count)
        start = (number - 1) * PROGRAMME_PAGE_ROWS
        rows = selectors.programme_rows(flt=flt, window=slice(start, start + PROGRAMME_PAGE_ROWS))
        _rows_html(rows)
        query = request.GET.copy()
        query.pop("page", None)
        rooms = selectors.programme_room_rows()
        context = {
            "rows": rows,
            "room_options": _room_options(rooms, flt.room_id),
            "days": days,
            "flt": flt,
            "by_room": by_room,
            "kinds": SessionKind.choices,
            "version": selectors.latest_version(),
            "page_number": number,
            "page_count": page_count,
            "page_query": query.urlencode() + "&" if query else "",
        }
        if by_room:
            by_pk = {room.pk: room for room in rooms}
            grouped: dict = {}
            for row in rows:
                grouped.setdefault(row.room_id, []).append(row)
            order = sorted(grouped, key=lambda pk: (pk is None, str(by_pk.get(pk, ""))))
            context["by_room_groups"] = [(by_pk.get(pk), grouped[pk]) for pk in order]
        return context

    def render_page():
        body = cached_fragment(
            request,
            namespaces=(NAMESPACE, PEOPLE_NAMESPACE),
            key=key,
            template="agenda/_programme_body.html",
            context=body_context,
        )
        return _render_html(request, "agenda/programme.html", {"body": body})

    return _public(request, key=key, render_page=render_page, also=(PEOPLE_NAMESPACE,))


@require_GET
def session_detail(request, pk: int):
    def render_page():
        session = selectors.session_public_get(pk)
        if session is None:
            raise Http404
        return _render_html(request, "agenda/session_detail.html", {"session": session})

    return _public(request, key=f"session:{pk}", render_page=render_page, also=(PEOPLE_NAMESPACE,))


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
    from agenda.bilaterals.ical import bilateral_event
    from agenda.bilaterals.selectors import scheduled_for

    delegation_id = liaison_delegation_id(feed.user)
    mine = selectors.my_programme(delegation_id=delegation_id)
    sessions = [s for s in mine.sessions if s.status != "draft"]
    meetings = [bilateral_event(b) for b in scheduled_for(delegation_id=delegation_id)]
    return _ics_response(calendar_build(sessions, name=_("My programme"), extra=meetings), "my-programme.ics")


@require_GET
def programme_grid(request):
    """One day as a printable time × room grid (server-rendered; ?day=YYYY-MM-DD, first day by default)."""
    days = _days()
    if not days:
        raise Http404
    try:
        day = parse_query_date(request.GET.get("day"), default=days[0])
    except ValidationError as exc:
        return HttpResponseBadRequest(" ".join(exc.messages))
    if day not in days:
        return HttpResponseBadRequest(_("Choose one of the ceremony's days."))

    def render_page():
        grid = selectors.programme_grid(day=day)
        return _render_html(request, "agenda/grid.html", {"grid": grid, "days": days})

    return _public(request, key=f"grid:{day.isoformat()}", render_page=render_page)
