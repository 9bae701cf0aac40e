import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect

from hanoi_ceremony.core.errors import messages_of, status_for

from ..models import BadgeCategory

PAGE_SIZE = 50


def refusal_redirect(request, exc: ValidationError, to: str, *args, **kwargs) -> HttpResponse:
    """PRG for a refused button: the message on the next page; a 409 reload hint for stale clicks."""
    messages.error(request, " ".join(messages_of(exc)))
    response = redirect(to, *args, **kwargs)
    response["X-Refusal-Status"] = str(status_for(exc))
    return response


def pdf_response(data: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def end_of_day(day: datetime.date) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def options_html(choices, selected, *, extra=()):
    """<option> elements for a filter select, rendered once in Python (a thousand delegations through
    template loops or format_html cost more than the rest of the page)."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    chosen = str(selected or "")
    parts = []
    for value, label in (*extra, *choices):
        value = str(value)
        parts.append(
            f'<option value="{escape(value)}"{" selected" if value == chosen else ""}>{escape(label)}</option>'
        )
    return mark_safe("".join(parts))  # noqa: S308 — every value and label is escaped above


def _category_choices():
    return list(BadgeCategory.objects.order_by("order", "code").values_list("pk", "name"))


def _delegation_choices():
    from delegations.models import Delegation

    return list(
        Delegation.objects.filter(accreditations__isnull=False)
        .distinct()
        .order_by("name")
        .values_list("pk", "name")
    )
