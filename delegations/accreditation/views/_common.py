import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect

from hanoi_ceremony.core.errors import messages_of, status_for

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
