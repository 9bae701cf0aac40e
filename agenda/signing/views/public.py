"""Public pages: the signing board (and the JSON it polls) and the "as of" report."""

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET

from hanoi_ceremony.core.dates import parse_query_date
from hanoi_ceremony.core.exports import Column, export_response
from hanoi_ceremony.core.pagecache import cached_response
from hanoi_ceremony.core.selectors import ceremony_get

from .. import selectors
from ..services import NAMESPACE
from ._common import _public

# --- Public board and report -----------------------------------------------------------------------


@require_GET
def board(request):
    return _public(
        request,
        key="board",
        render_fn=lambda: render(request, "agenda/signing/board.html", {"board": selectors.board_data()}),
    )


@require_GET
def board_json(request):
    return cached_response(
        request, namespace=NAMESPACE, key="board.json", render=lambda: JsonResponse(selectors.board_data())
    )


def _as_of(request) -> tuple[datetime.date | None, str]:
    """The report's date from ?as_of=YYYY-MM-DD (today in Hà Nội when absent), or (None, why) when it is
    malformed or outside the dates this product accepts (year 1 or 9999 overflow the report's arithmetic)."""
    try:
        return parse_query_date(request.GET.get("as_of", ""), default=timezone.localdate()), ""
    except ValidationError as exc:
        return None, " ".join(exc.messages)


@require_GET
def report(request):
    as_of, error = _as_of(request)
    if as_of is None:
        return render(
            request,
            "agenda/signing/report.html",
            {"error": error, "as_of_raw": request.GET.get("as_of", "")},
            status=400,
        )

    def render_fn():
        data = selectors.signing_report(as_of=as_of, ceremony=ceremony_get())
        return render(request, "agenda/signing/report.html", {"report": data, "as_of_raw": as_of.isoformat()})

    return _public(request, key=f"report:{as_of.isoformat()}", render_fn=render_fn)


REPORT_COLUMNS = [
    Column(_lazy("Party"), "delegation.name"),
    Column(_lazy("Kind"), lambda e: e.delegation.get_participant_type_display()),
    Column(_lazy("Region"), lambda e: e.delegation.get_region_display()),
    Column(_lazy("Signatory"), lambda e: str(e.signatory) if e.signatory_id else ""),
    Column(
        _lazy("Signed at (Hà Nội time)"), lambda e: timezone.localtime(e.signed_at).strftime("%Y-%m-%d %H:%M")
    ),
    Column(_lazy("Place"), lambda e: e.get_place_display()),
]


@require_GET
def report_csv(request):
    as_of, error = _as_of(request)
    if as_of is None:
        return HttpResponseBadRequest(error.encode(), content_type="text/plain; charset=utf-8")

    def render_fn():
        data = selectors.signing_report(as_of=as_of, ceremony=ceremony_get())
        return export_response(
            request,
            fmt="csv",
            filename=f"signatories-as-of-{as_of.isoformat()}",
            columns=REPORT_COLUMNS,
            rows=data.signatories,
            stamp=False,
            stream=False,  # cached whole by cached_response
        )

    return cached_response(
        request, namespace=NAMESPACE, key=f"report.csv:{as_of.isoformat()}", render=render_fn
    )
