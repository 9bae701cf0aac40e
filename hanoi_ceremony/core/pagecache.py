"""Version-keyed caching of public pages.

The database holds one version number per content area (`ContentVersion`); every service that changes the
area calls `bump(namespace)` inside its transaction. Public views render through `cached_response`:

1. the area's version is read from the database at most once per `PAGECACHE_VERSION_TTL` seconds per
   process (default 1 s: a public page may lag a change by that much, never more);
2. the rendered page is looked up under (area, version, language, key) first in a small per-process memory,
   then in the shared cache (Redis in production), and rendered only when both miss;
3. conditional requests with a matching ETag get 304;
4. a client that accepts gzip (every browser and calendar app) gets the body compressed once, when it was
   stored, not on every request: a summit's full .ics feed is 2.3 MB plain and a tenth of that compressed.

Correctness comes from the database version, speed from the caches: a stale entry is never served after
the version moved and the TTL passed, in any process.
"""

import gzip
import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.http import parse_etags, quote_etag

from .models import ContentVersion

CACHE_SECONDS = 24 * 3600
LOCAL_ENTRIES = 512

_lock = threading.Lock()
_versions: dict[str, tuple[float, int]] = {}
_pages: "OrderedDict[str, object]" = OrderedDict()

# Bodies smaller than this are sent as they are (gzip's header costs more than it saves).
GZIP_MIN_BYTES = 1024
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
_VARY = "Accept-Encoding, Accept-Language, Cookie"  # what a cached public response depends on


def _version_ttl() -> float:
    return float(getattr(settings, "PAGECACHE_VERSION_TTL", 1.0))


def current_version(namespace: str) -> int:
    """The area's version, from the database (memoised per process for PAGECACHE_VERSION_TTL seconds)."""
    ttl = _version_ttl()
    now = time.monotonic()
    if ttl > 0:
        memo = _versions.get(namespace)
        if memo is not None and now - memo[0] < ttl:
            return memo[1]
    version = (
        ContentVersion.objects.filter(namespace=namespace).values_list("version", flat=True).first() or 0
    )
    if ttl > 0:
        _versions[namespace] = (now, version)
    return version


def bump(namespace: str) -> None:
    """Invalidate every cached page of the area (call inside the writing transaction)."""
    updated = ContentVersion.objects.filter(namespace=namespace).update(
        version=F("version") + 1, changed_at=timezone.now()
    )
    if not updated:
        ContentVersion.objects.get_or_create(namespace=namespace, defaults={"version": 1})
    _versions.pop(namespace, None)


# --- Which content areas a model's changes refresh: declared once per model ------------------------
_AREAS: dict[str, tuple[str, ...]] = {}


def declare_areas(model_label: str, *namespaces: str) -> None:
    """Declare (in the app's ``AppConfig.ready``) that changes to `model_label` ("app_label.Model") refresh
    the cached pages of `namespaces`. `transitions.transition` and `record_change` bump them for you."""
    key = model_label.lower()
    _AREAS[key] = tuple(dict.fromkeys((*_AREAS.get(key, ()), *namespaces)))


def declare_app_areas(app_config, *namespaces: str, exclude: tuple[str, ...] = ()) -> None:
    """`declare_areas` for every model of an app (its ``AppConfig.ready``), but those named in `exclude`
    (models no cached page shows)."""
    for model in app_config.get_models():
        if model.__name__ not in exclude:
            declare_areas(model._meta.label, *namespaces)


def areas_for(model) -> tuple[str, ...]:
    """The content areas declared for a model class or instance."""
    meta = model._meta
    return _AREAS.get(f"{meta.app_label}.{meta.object_name}".lower(), ())


def bump_for(model) -> None:
    """Bump every content area declared for `model` (a class or an instance; bulk writes call this)."""
    for namespace in areas_for(model):
        bump(namespace)


def forget_local() -> None:
    """Empty this process's memory, the memoised template blocks included (tests)."""
    from .templatetags import memo

    with _lock:
        _versions.clear()
        _pages.clear()
    memo.forget()


def _local_get(key: str):
    with _lock:
        entry = _pages.get(key)
        if entry is not None:
            _pages.move_to_end(key)
        return entry


def _local_put(key: str, entry) -> None:
    with _lock:
        _pages[key] = entry
        _pages.move_to_end(key)
        while len(_pages) > LOCAL_ENTRIES:
            _pages.popitem(last=False)


def _stored(fresh: HttpResponse) -> tuple[bytes, str, str | None, bytes | None]:
    """What the caches keep of a rendered response: the body, its headers, and the body gzipped once."""
    content = fresh.content
    packed = gzip.compress(content, compresslevel=6, mtime=0) if len(content) >= GZIP_MIN_BYTES else None
    if packed is not None and len(packed) >= len(content):
        packed = None
    return content, fresh.get("Content-Type"), fresh.get("Content-Disposition"), packed


def cached_response(
    request: HttpRequest,
    *,
    namespace: str,
    key: str,
    render: Callable[[], HttpResponse],
) -> HttpResponse:
    """Serve `render()`'s response from the caches for this (area version, key, language)."""
    version = current_version(namespace)
    language = translation.get_language() or settings.LANGUAGE_CODE
    raw = f"{namespace}:{version}:{language}:{key}"
    digest = hashlib.sha256(raw.encode()).hexdigest()
    accepts_gzip = bool(_ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))
    # One ETag per representation (RFC 9110 8.8.3): the compressed body is another one. Either is current
    # while the version stands, so a client holding either (and able to read it) gets 304.
    plain_tag, packed_tag = quote_etag(digest[:32]), quote_etag(digest[:32] + "-gz")
    held = set(parse_etags(request.headers.get("If-None-Match", "")))
    if plain_tag in held or (accepts_gzip and packed_tag in held):
        response = HttpResponseNotModified()
        response["ETag"] = packed_tag if packed_tag in held else plain_tag
        response["Vary"] = _VARY
        return response
    cache_key = "page:" + digest
    stored = _local_get(cache_key)
    if stored is None:
        stored = cache.get(cache_key)
        if stored is None or len(stored) != 4:  # (an entry of an older release is rendered again)
            fresh = render()
            if fresh.status_code != 200:
                return fresh
            stored = _stored(fresh)
            cache.set(cache_key, stored, CACHE_SECONDS)
        _local_put(cache_key, stored)
    content, content_type, disposition, packed = stored
    if accepts_gzip and packed is not None:
        response = HttpResponse(packed, content_type=content_type)
        response["Content-Encoding"] = "gzip"
        response["ETag"] = packed_tag
    else:
        response = HttpResponse(content, content_type=content_type)
        response["ETag"] = plain_tag
    if disposition:
        response["Content-Disposition"] = disposition
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    response["Vary"] = _VARY
    return response


# --- Signed-in pages: cached fragments --------------------------------------------------------------
CSRF_PLACEHOLDER = "__csrf_token_placeholder_7f3c__"


def cached_fragment(
    request: HttpRequest,
    *,
    namespaces: tuple[str, ...],
    key: str,
    template: str,
    context: Callable[[], dict],
    seconds: int = CACHE_SECONDS,
) -> str:
    """The HTML of `template` rendered with `context()`, cached under the versions of every content area it
    shows (`namespaces`), the language and `key`.

    `key` must name everything else the fragment depends on: the user or the scope they see, filters, page
    number, and a time bucket if the fragment says "overdue" or "in 3 days". `context()` runs only on a miss,
    so the view's queries are skipped too. CSRF tokens are rendered as a placeholder and replaced with this
    visitor's token on the way out, so forms inside the fragment keep working for everyone.
    """
    from django.middleware.csrf import get_token
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    versions = ",".join(f"{ns}={current_version(ns)}" for ns in namespaces)
    language = translation.get_language() or settings.LANGUAGE_CODE
    cache_key = "frag:" + hashlib.sha256(f"{versions}:{language}:{template}:{key}".encode()).hexdigest()
    html = _local_get(cache_key)
    if html is None:
        html = cache.get(cache_key)
        if html is None:
            html = render_to_string(template, {**context(), "csrf_token": CSRF_PLACEHOLDER}, request)
            cache.set(cache_key, html, seconds)
        _local_put(cache_key, html)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)  # rendered by our own template, escaped there
