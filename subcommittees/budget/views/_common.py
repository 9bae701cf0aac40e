"""What the budget pages share: the signed-in, budget-access check."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .. import permissions


def _signed_in(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.has_budget_access(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
