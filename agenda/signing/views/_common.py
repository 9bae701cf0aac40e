"""Helpers every signing view uses."""

from hanoi_ceremony.accounts.roles import role_required
from hanoi_ceremony.core.pagecache import cached_response

from ..services import NAMESPACE

organiser_required = role_required()  # organisers pass every role check; nobody else holds "no role"


def _public(request, *, key: str, render_fn):
    """Public pages: anonymous visitors get the cached rendering; signed-in users a fresh one (their
    navigation differs)."""
    if request.user.is_authenticated:
        return render_fn()
    return cached_response(request, namespace=NAMESPACE, key=key, render=render_fn)
