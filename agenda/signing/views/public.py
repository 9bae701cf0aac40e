"""Public pages: the signing board (and the JSON it polls) and the "as of" report."""

import csv
import datetime

from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hanoi_ceremony.core.dates import parse_query_date
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
        render_fn=lambda: render(request, "signing/board.html", {"board": selectors.board_data()}),
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
            "signing/report.html",
            {"error": error, "as_of_raw": request.GET.get("as_of", "")},
            status=400,
        )

    def render_fn():
        data = selectors.signing_report(as_of=as_of, ceremony=ceremony_get())
        return render(request, "signing/report.html", {"report": data, "as_of_raw": as_of.isoformat()})

    return _public(request, key=f"report:{as_of.isoformat()}", render_fn=render_fn)


@require_GET
def report_csv(request):
    as_of, error = _as_of(request)
    if as_of is None:
        return HttpResponseBadRequest(error.encode(), content_type="text/plain; charset=utf-8")

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
