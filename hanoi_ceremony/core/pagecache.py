"""Version-keyed caching of public pages.

The database holds one version number per content area (`ContentVersion`); every service that changes the
area calls `bump(namespace)` inside its transaction. A public view renders through `cached_response`, which
costs one indexed query plus one cache read when warm, and answers conditional requests with 304.
Correctness comes from the database, speed from the cache: a per-process memory cache is safe too.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.http import quote_etag

from .models import ContentVersion

CACHE_SECONDS = 24 * 3600


def current_version(namespace: str) -> int:
    row = ContentVersion.objects.filter(namespace=namespace).values_list("version", flat=True).first()
    return row or 0


def bump(namespace: str) -> None:
    """Invalidate every cached page of the area (call inside the writing transaction)."""
    updated = ContentVersion.objects.filter(namespace=namespace).update(
        version=F("version") + 1, changed_at=timezone.now()
    )
    if not updated:
        ContentVersion.objects.get_or_create(namespace=namespace, defaults={"version": 1})


def cached_response(
    request: HttpRequest,
    *,
    namespace: str,
    key: str,
    render: Callable[[], HttpResponse],
) -> HttpResponse:
    """Serve `render()`'s response from the cache for this (area version, key, language)."""
    version = current_version(namespace)
    language = translation.get_language() or "en"
    raw = f"{namespace}:{version}:{language}:{key}"
    cache_key = "page:" + hashlib.sha256(raw.encode()).hexdigest()
    etag = quote_etag(hashlib.sha1(raw.encode()).hexdigest())
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    stored = cache.get(cache_key)
    if stored is None:
        fresh = render()
        if fresh.status_code != 200:
            return fresh
        stored = (fresh.content, fresh.get("Content-Type"), fresh.get("Content-Disposition"))
        cache.set(cache_key, stored, CACHE_SECONDS)
    content, content_type, disposition = stored
    response = HttpResponse(content, content_type=content_type)
    if disposition:
        response["Content-Disposition"] = disposition
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    response["Vary"] = "Accept-Language, Cookie"
    return response
