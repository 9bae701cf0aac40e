from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import health_report
from .pagecache import cached_response

CEREMONY_NAMESPACE = "ceremony"


@require_GET
def home(request):
    if request.user.is_authenticated:
        return render(request, "core/home.html")
    return cached_response(
        request, namespace=CEREMONY_NAMESPACE, key="home", render=lambda: render(request, "core/home.html")
    )


@never_cache
@require_GET
def healthz(request):
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)


@never_cache
@require_GET
def livez(request):
    """Liveness: the process answers. No database, no template — also the benchmarks' baseline."""
    return HttpResponse(b"ok", content_type="text/plain")


def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page links: the vendored icon, cached for a day."""
    from django.contrib.staticfiles import finders
    from django.http import Http404, HttpResponse

    path = finders.find("img/favicon.ico")
    if not path:
        raise Http404
    with open(path, "rb") as handle:
        response = HttpResponse(handle.read(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
