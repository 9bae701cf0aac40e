"""Pages anyone may open: the published signing keys and the media application form."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from ..credentials import published_keys


@require_GET
def keys_json(request):
    """The public keys scanners verify badge QR codes with (retired keys are listed as "retired")."""
    response = JsonResponse(published_keys())
    response["Cache-Control"] = "public, max-age=60"
    response["Access-Control-Allow-Origin"] = "*"
    return response
