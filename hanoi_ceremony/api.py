"""The product's JSON API (django-ninja), served under /api/ with its OpenAPI schema at /api/openapi.json
and a documentation page at /api/docs.

Why django-ninja rather than Django REST Framework: the schema and the docs page come from the type
annotations for free; request bodies are validated by pydantic before a view runs (a bad body is a 422 with
the field named, never a 500); it is one small dependency with no serializer/viewset layer to learn, and
plain functions call our services directly. Feature apps add their routers in hanoi_ceremony/urls.py.

Refusals speak the product's one vocabulary (hanoi_ceremony.core.errors): bad input 400, not allowed 403,
unknown 404, moved meanwhile 409, no valid credential 401 — as {"detail": [messages], "fields": {field: [messages]}}.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI

from hanoi_ceremony.core.errors import Unauthorized, messages_of, status_for

api = NinjaAPI(
    title="Hanoi Convention ceremony API",
    version="1",
    description="JSON API of the ceremony (first user: the check-in devices at the gates).",
    urls_namespace="api",
)


def _fields_of(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {name: [str(m) for e in errors for m in e.messages] for name, errors in exc.error_dict.items()}
    return {}


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    return api.create_response(
        request, {"detail": messages_of(exc), "fields": _fields_of(exc)}, status=status_for(exc)
    )


@api.exception_handler(PermissionDenied)
def _denied(request, exc):
    return api.create_response(request, {"detail": messages_of(exc) or ["Not allowed."]}, status=403)


@api.exception_handler(Unauthorized)
def _unauthorized(request, exc):
    return api.create_response(request, {"detail": "Unauthorized"}, status=401)  # as ninja's own bearer check


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": messages_of(exc) or ["Not found."]}, status=404)


_mounted: set[str] = set()


def router_mount(prefix: str, router) -> None:
    """Add a feature app's router once (a reloaded urls module must not add it twice: ninja refuses routers
    added after its URLs were built)."""
    if prefix in _mounted:
        return
    api.add_router(prefix, router)
    _mounted.add(prefix)
