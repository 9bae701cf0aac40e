from django.core.cache import cache

from .models import Ceremony

_CACHE_KEY = "core:ceremony"


def ceremony_get() -> Ceremony | None:
    """The deployment's ceremony, cached per process briefly (changes are rare; admin saves clear it)."""
    ceremony = cache.get(_CACHE_KEY)
    if ceremony is None:
        ceremony = Ceremony.objects.first()
        if ceremony is not None:
            cache.set(_CACHE_KEY, ceremony, 60)
    return ceremony


def ceremony_forget() -> None:
    cache.delete(_CACHE_KEY)
