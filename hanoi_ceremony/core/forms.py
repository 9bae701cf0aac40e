"""Forms meet services here: one helper puts a refusal next to the fields, one runs a form through a service."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from .errors import status_for


def apply_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names; errors about anything else go on top
    of the form. Every app's views use this after a service refuses bound, valid-looking input."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
    else:
        form.add_error(None, exc)


def form_submit(form: forms.Form, service: Callable[..., Any], **kwargs) -> tuple[Any, int]:
    """Validate `form`, then call `service(**kwargs)` (a callable that reads `form.cleaned_data` itself, or
    takes it through kwargs). Returns ``(result, 200)`` on success, ``(None, 400)`` for invalid input and
    ``(None, 409)`` when the object moved meanwhile, with the messages already on the form. A
    ``PermissionDenied`` is not caught: the view answers 403 as for any other request."""
    if not form.is_valid():
        return None, 400
    try:
        return service(**kwargs), 200
    except PermissionDenied:
        raise
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None, status_for(exc)
