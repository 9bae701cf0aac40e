"""The one place a ``next`` parameter is honoured: only to a path on this site."""

from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, default: str = "/", *, param: str = "next") -> str:
    """The ``next`` from POST or GET when it points at this site (no other host, no other scheme, no
    control characters), else `default` (a URL, a path or a URL pattern name)."""
    candidate = request.POST.get(param) or request.GET.get(param) or ""
    if (
        candidate
        and candidate.startswith("/")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return resolve_url(default)
