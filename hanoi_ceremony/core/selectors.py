import time

from django.conf import settings
from django.core.cache import cache

from .models import Ceremony

_CACHE_KEY = "core:ceremony"
_memo: dict[str, tuple[float, Ceremony]] = {}


def ceremony_get() -> Ceremony | None:
    """The deployment's ceremony: from process memory for up to PAGECACHE_VERSION_TTL seconds, then the
    shared cache (60 s), then the database. Saving it in the admin forgets the shared copy at once."""
    ttl = float(getattr(settings, "PAGECACHE_VERSION_TTL", 1.0))
    now = time.monotonic()
    memo = _memo.get(_CACHE_KEY)
    if ttl > 0 and memo is not None and now - memo[0] < ttl:
        return memo[1]
    ceremony = cache.get(_CACHE_KEY)
    if ceremony is None:
        ceremony = Ceremony.objects.first()
        if ceremony is not None:
            cache.set(_CACHE_KEY, ceremony, 60)
    if ceremony is not None and ttl > 0:
        _memo[_CACHE_KEY] = (now, ceremony)
    return ceremony


def ceremony_forget() -> None:
    cache.delete(_CACHE_KEY)
    _memo.clear()
