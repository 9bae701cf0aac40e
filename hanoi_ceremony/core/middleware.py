"""Request and response guards that hold for every page."""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

DEFAULT_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=(), "
    "magnetometer=(), gyroscope=(), accelerometer=()"
)


class RefuseNulBytesMiddleware:
    """A NUL byte in the path, a query parameter or a form field answers 400 before any view runs.

    PostgreSQL refuses NUL inside text ("A string literal cannot contain NUL"), so a view that passes such
    a value to a query (a feed token, a search) answered 500; this stops the whole class in one place."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            return HttpResponseBadRequest(
                _("The address or the form contains a character that is not allowed.").encode(),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path:
            return True
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in v for v in values):
                return True
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            for key, values in request.POST.lists():
                if "\x00" in key or any("\x00" in v for v in values):
                    return True
        return False


class PermissionsPolicyMiddleware:
    """Deny powerful browser features (camera, microphone, geolocation, …) by default.

    A view that needs one sets its own ``Permissions-Policy`` header (the check-in scanner page sends
    ``camera=(self)``); that header is left untouched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = getattr(
                settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY
            )
        return response


class DeviceApiBranchMiddleware:
    """First in MIDDLEWARE: a request to the scanning devices' API leaves the pages' stack here and goes
    through settings.DEVICE_API_MIDDLEWARE instead, a stack of its own with its own view resolution.

    A device sends a bearer token, never a cookie or a form: sessions, CSRF, sign-in (and its lockout),
    a person's saved language, flash messages and static files have nothing to do for it, yet they cost
    a sixth of a gate scan's Python time (0.2 ms of 1.3 ms in-process). What it keeps: the security
    headers, the NUL guard, the language from Accept-Language (the refusal labels), and the host check and
    a fixed policy for JSON (DeviceApiHeadersMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(settings.DEVICE_API_PATHS)
        self.device_api = _handler_of(settings.DEVICE_API_MIDDLEWARE)._middleware_chain

    def __call__(self, request):
        if request.path_info.startswith(self.prefixes):
            return self.device_api(request)
        return self.get_response(request)


def _handler_of(stack):
    """A request handler (URL resolution, views, `process_view`…) behind the middleware `stack`, loaded as
    Django loads settings.MIDDLEWARE (which its loader alone reads), for synchronous middleware."""
    from django.core.exceptions import ImproperlyConfigured
    from django.core.handlers.base import BaseHandler
    from django.core.handlers.exception import convert_exception_to_response
    from django.utils.module_loading import import_string

    handler = BaseHandler()
    handler._view_middleware, handler._template_response_middleware = [], []
    handler._exception_middleware = []
    chain = convert_exception_to_response(handler._get_response)
    for path in reversed(stack):
        middleware = import_string(path)
        if not getattr(middleware, "sync_capable", True):
            raise ImproperlyConfigured(f"{path} cannot serve the device API (synchronous only).")
        instance = middleware(chain)
        if hasattr(instance, "process_view"):
            handler._view_middleware.insert(0, instance.process_view)
        if hasattr(instance, "process_template_response"):
            handler._template_response_middleware.append(instance.process_template_response)
        if hasattr(instance, "process_exception"):
            handler._exception_middleware.append(instance.process_exception)
        chain = convert_exception_to_response(instance)
    handler._middleware_chain = chain
    return handler


DEVICE_API_POLICY = "default-src 'none'; frame-ancestors 'none'"


class DeviceApiHeadersMiddleware:
    """The device API's requests and answers: the Host checked against ALLOWED_HOSTS (400 otherwise), and
    JSON (or a photo) that no browser should render or frame, with its length (the pages' stack gets both
    from CommonMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.get_host()  # DisallowedHost (400) for a Host this site does not answer to
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = DEVICE_API_POLICY
        if not response.streaming and "Content-Length" not in response:
            response["Content-Length"] = str(len(response.content))
        return response
