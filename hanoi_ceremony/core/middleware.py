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
